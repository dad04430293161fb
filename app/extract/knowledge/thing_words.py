"""Words for things that never act (`things.yaml`): vessels, aircraft, weapons, buildings, storm
titles and the last words of laws' names. Read by the actor steps (a name described as a thing
is no actor) and by the role rules (a drone handed over attacks no one by itself)."""

from __future__ import annotations

import functools

import yaml

from app.extract.knowledge.files import data_text


@functools.cache
def thing_words() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(data_text("things.yaml")) or {}
    return {str(k): frozenset(str(w) for w in v or ()) for k, v in raw.items()}
