"""The model's `attribute_ruler` run on the token array: same rules, same result, ~20x cheaper.

`en_core_web_sm`'s attribute ruler (the tag map: TAG -> POS and MORPH, plus ~120 exceptions)
costs about 14% of the whole parse, nearly all of it in spaCy's `Matcher`, which tries each of
its 179 patterns at every token. Its patterns are all fixed runs of tokens compared on TAG,
LOWER, DEP and IS_SPACE (equal to, in or not in a set, or a regular expression), so they can be
evaluated as numpy masks over one `doc.to_array` instead.

The result is the ruler's: the rules are applied in the ruler's order (a later rule overrides
an earlier one on the same token and attribute, as `AttributeRuler.set_annotations` does after
sorting its matches by rule) and written with one `doc.from_array`. A model whose ruler uses
anything else (an operator, another attribute, an extension attribute) keeps its own ruler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from numpy.typing import NDArray
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.strings import StringStore
    from spacy.tokens import Doc

ATTRIBUTE_TABLE_NAME = "dyad_attribute_table"
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_ORDER = (TAG, LOWER, DEP, IS_SPACE)

# A token test: the column it reads, and the mask it gives over that column's values.
TokenTest = tuple[int, "Callable[[NDArray[np.uint64]], NDArray[np.bool_]]"]


class Unsupported(ValueError):
    """A pattern this table cannot evaluate (the model's own ruler is kept)."""


@dataclass(frozen=True)
class _Rule:
    # alternatives, each a run of tokens, each token a few tests
    patterns: tuple[tuple[tuple[TokenTest, ...], ...], ...]
    index: int  # which token of a match gets the attributes (may be negative)
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value), as the ruler normalised them


def _value_test(column: int, value: Any, strings: StringStore) -> TokenTest:
    if column == IS_SPACE:
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        flag = int(value)
        return column, lambda col: col == flag
    if isinstance(value, str):
        key = strings.add(value)
        return column, lambda col: col == key
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(repr(value))
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
        keys = np.array(sorted({strings.add(v) for v in arg}), dtype=np.uint64)
        if op == "IN":
            return column, lambda col: np.isin(col, keys)
        return column, lambda col: ~np.isin(col, keys)
    if op == "REGEX" and isinstance(arg, str):
        return column, _regex_test(re.compile(arg), strings)
    raise Unsupported(op)


def _regex_test(
    pattern: re.Pattern[str], strings: StringStore
) -> Callable[[NDArray[np.uint64]], NDArray[np.bool_]]:
    def test(col: NDArray[np.uint64]) -> NDArray[np.bool_]:
        # each distinct word searched once (the Matcher searches the attribute's string)
        distinct, inverse = np.unique(col, return_inverse=True)
        found = np.array([bool(pattern.search(strings[int(h)])) for h in distinct], dtype=bool)
        return found[inverse.reshape(-1)] if len(col) else np.zeros(0, dtype=bool)

    return test


def _token_tests(spec: dict[str, Any], strings: StringStore) -> tuple[TokenTest, ...]:
    tests = []
    for key, value in spec.items():
        if key not in _COLUMNS:
            raise Unsupported(key)
        tests.append(_value_test(_COLUMNS[key], value, strings))
    return tuple(tests)


def compile_rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's rules in its order; `Unsupported` when one cannot be evaluated here."""
    strings = ruler.vocab.strings
    rules = []
    for i, entry in enumerate(ruler.patterns):
        patterns = cast("list[list[dict[str, Any]]]", entry["patterns"])
        runs = tuple(tuple(_token_tests(spec, strings) for spec in pattern) for pattern in patterns)
        index = ruler.indices[i]
        attrs = ruler.attrs[i]
        if any(not -len(run) <= index < len(run) for run in runs):
            raise Unsupported(f"index {index}")
        if not all(isinstance(k, int) and isinstance(v, int) for k, v in attrs.items()):
            raise Unsupported("attribute")  # "_" (extension attributes) or a string key
        rules.append(_Rule(runs, index, tuple(attrs.items())))
    return rules


def _run_mask(
    run: tuple[tuple[TokenTest, ...], ...], column: Callable[[int], NDArray[np.uint64]], n: int
) -> NDArray[np.bool_]:
    """Starts of the matches of one run of token tests."""
    starts = n - len(run) + 1
    mask = np.ones(max(starts, 0), dtype=bool)
    for k, token_tests in enumerate(run):
        for col, test in token_tests:
            mask &= test(column(col))[k : k + starts]
    return mask


class AttributeTable:
    """The pipeline component (see the module's docstring)."""

    def __init__(self) -> None:
        self.rules: list[_Rule] = []
        self.targets: list[int | str] = []

    def set_rules(self, rules: list[_Rule]) -> None:
        self.rules = rules
        self.targets = sorted({a for r in rules for a, _ in r.attrs})

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.rules:
            return doc
        table = np.asarray(doc.to_array(list[int | str](_ORDER)), dtype=np.uint64)

        def column(attr: int) -> NDArray[np.uint64]:
            return table[:, _ORDER.index(attr)]

        values = np.asarray(doc.to_array(self.targets), dtype=np.uint64).reshape(n, -1)
        where = {a: k for k, a in enumerate(self.targets)}
        for rule in self.rules:
            hit = np.zeros(n, dtype=bool)
            for run in rule.patterns:
                starts = np.flatnonzero(_run_mask(run, column, n))
                hit[starts + (rule.index if rule.index >= 0 else len(run) + rule.index)] = True
            if hit.any():
                for attr, value in rule.attrs:
                    values[hit, where[attr]] = value
        # thinc's Ints2d is an ndarray alias that mypy cannot see through
        doc.from_array(self.targets, values)  # type: ignore[arg-type]
        return doc


def use_attribute_table(nlp: Language) -> None:
    """Put an `AttributeTable` in place of the pipeline's `attribute_ruler` (kept when one of
    its patterns is beyond the table)."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return
    from spacy.pipeline import AttributeRuler

    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    try:
        rules = compile_rules(ruler)
    except Unsupported:
        return
    if not Language.has_factory(ATTRIBUTE_TABLE_NAME):
        Language.factory(ATTRIBUTE_TABLE_NAME, func=_make_table)
    table = nlp.add_pipe(ATTRIBUTE_TABLE_NAME, after="attribute_ruler")
    if not isinstance(table, AttributeTable):  # pragma: no cover - add_pipe is typed loosely
        raise TypeError(f"{ATTRIBUTE_TABLE_NAME} made a {type(table).__name__}")
    table.set_rules(rules)
    nlp.remove_pipe("attribute_ruler")


def _make_table(nlp: Language, name: str) -> AttributeTable:  # noqa: ARG001 - spaCy's factory signature
    return AttributeTable()
