"""Sentences for people: reasons, number and time wording, translations."""
