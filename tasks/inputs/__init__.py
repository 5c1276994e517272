"""Inputs: where articles come from — files, folders and remote sources in, normalized
articles (or quarantine reasons) out."""
