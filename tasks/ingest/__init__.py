"""Ingest: article files in, normalized articles (or quarantine reasons) out."""
