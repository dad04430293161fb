"""Version of the extractor's output; bump it whenever the records it produces change."""

EXTRACTOR_VERSION = "dyad-extract 0.6.225"
