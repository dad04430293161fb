"""Dyad: English news text in, coded political events out, served over a REST API."""
