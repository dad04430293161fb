"""API keys (creation, hashing, lookup) and request rate limiting."""
