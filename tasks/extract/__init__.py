"""Extraction: numbers, dates, places, actors, events and casualty claims from article text."""
