"""Pydantic request/response models, mirrored on app.models."""
