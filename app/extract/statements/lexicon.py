"""The cue lexicon of statements: speech verbs (speech.yaml) and the wider cues of reported speech
(statement_cues.yaml), loaded once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from app.extract import knowledge


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]  # verbs that introduce a quote ("said", "told", "tweeted")
    reporting: frozenset[str]  # verbs whose "that"-clause is reported speech
    stance: frozenset[str]  # verbs whose clause or object is what a source holds or asks
    evidence: frozenset[str]  # verbs of polls and documents ("shows", "found")
    source_nouns: frozenset[str]  # common nouns that can be a source ("experts", "the poll")
    nouns: frozenset[str]  # cue nouns ("claim", "allegations")
    noun_preps: frozenset[str]  # words that open a cue noun's content ("of", "about", "that")
    titles: frozenset[str]  # words after which a quoted phrase is a name or title
    referring: dict[str, tuple[str, ...]]  # "group" -> actor kinds it can stand for


def _words(raw: dict[str, object], key: str) -> frozenset[str]:
    words = raw.get(key) or []
    if not isinstance(words, list):
        raise ValueError(f"statement cues: {key} must be a list of words")
    return frozenset(str(v).lower() for v in words)


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    text = (
        resources.files("app.extract")
        .joinpath("data", "statement_cues.yaml")
        .read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text) or {}
    return Cues(
        speech=knowledge.speech_verbs(),
        reporting=knowledge.reporting_verbs(),
        stance=_words(raw, "stance"),
        evidence=_words(raw, "evidence"),
        source_nouns=_words(raw, "source_nouns"),
        nouns=_words(raw, "nouns"),
        noun_preps=_words(raw, "noun_preps"),
        titles=_words(raw, "titles"),
        referring={
            str(k).lower(): tuple(str(x) for x in v)
            for k, v in (raw.get("referring") or {}).items()
        },
    )
