"""Unit tests of the extraction steps that do not need a whole article."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable

import pytest

from app.extract import ArticleInput, Extraction, dates, extract_many, knowledge, to_dict
from app.extract.nlp import normalize_text
from app.extract.places import gazetteer
from app.extract.statements import quote_spans
from app.vocab import PloverType

TUESDAY = dt.date(2017, 9, 12)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("on Monday night", (dt.date(2017, 9, 11), "day")),
        ("Tuesday", (dt.date(2017, 9, 12), "day")),
        ("last Tuesday", (dt.date(2017, 9, 5), "day")),
        ("yesterday", (dt.date(2017, 9, 11), "day")),
        ("earlier this year", (dt.date(2017, 1, 1), "year")),
        ("last month", (dt.date(2017, 8, 1), "month")),
        ("in recent months", (dt.date(2017, 1, 1), "year")),
        ("Sept. 5", (dt.date(2017, 9, 5), "day")),
        ("December 24", (dt.date(2016, 12, 24), "day")),  # no year, in the future: last year's
        ("March 2015", (dt.date(2015, 3, 1), "month")),
        ("in 2015", (dt.date(2015, 1, 1), "year")),
        ("three days ago", (dt.date(2017, 9, 9), "day")),
    ],
)
def test_resolve_time_expressions(expr: str, expected: tuple[dt.date, str]) -> None:
    assert dates.resolve(expr, TUESDAY) == expected


@pytest.mark.parametrize(
    "expr", ["decades", "50 years old", "every day", "24 hours", "a four-year term"]
)
def test_durations_are_not_dates(expr: str) -> None:
    assert dates.resolve(expr, TUESDAY) is None


def test_demonyms_and_names_map_to_alpha3() -> None:
    for text, code in [
        ("Egyptian", "EGY"),
        ("Egyptians", "EGY"),
        ("Palestinian", "PSE"),
        ("Israeli", "ISR"),
        ("Qatari", "QAT"),
        ("U.S.", "USA"),
        ("Britain", "GBR"),
        ("Chinese", "CHN"),
        ("Filipino", "PHL"),
        ("Ivory Coast", "CIV"),
        ("Burmese", "MMR"),
    ]:
        country = knowledge.country_of(text)
        assert country is not None and country.alpha3 == code, text
    assert len(knowledge.countries().by_code) >= 195


def test_cameo_codes_give_quad_class_and_goldstein() -> None:
    assert knowledge.cameo_info("057").goldstein == 8.0
    assert knowledge.cameo_info("130").goldstein == -4.4
    assert knowledge.cameo_info("163").goldstein == -6.5  # the value in shared/DOMAIN.md
    assert (
        knowledge.cameo_info("0411").code == "041"
    )  # unknown deeper code falls back to its parent
    assert [knowledge.cameo_info(c).quad_class for c in ("040", "073", "112", "190")] == [
        1,
        2,
        3,
        4,
    ]
    lex = knowledge.event_lexicon()
    types = {p.plover for pats in lex.verbs.values() for p in pats} | {
        p.plover for p in lex.nouns.values()
    }
    assert types >= {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }


def test_voicing_a_stance_reads_like_expressing_it() -> None:
    # events.yaml keeps one list for both verbs (an alias), so the two cannot drift apart
    lex = knowledge.event_lexicon()
    voiced = [(p.objs, p.cameo, p.preps) for p in lex.verbs["voice"]]
    assert voiced == [(p.objs, p.cameo, p.preps) for p in lex.verbs["express"]]
    assert voiced


def test_gazetteer_country_names_never_resolve_to_towns() -> None:
    gaz = gazetteer()
    for name, code in [
        ("Egypt", "EGY"),
        ("Jordan", "JOR"),
        ("Georgia", "GEO"),
        ("Lebanon", "LBN"),
        ("Chad", "TCD"),
    ]:
        entry = gaz.lookup(name)
        assert entry is not None and entry.kind == "country" and entry.country == code, name


def test_gazetteer_uses_country_context() -> None:
    gaz = gazetteer()
    assert gaz.lookup("Rafah", Counter({"PSE": 3})).country == "PSE"  # type: ignore[union-attr]
    assert gaz.lookup("Rafah", Counter({"EGY": 3})).country == "EGY"  # type: ignore[union-attr]
    assert gaz.lookup("Tripoli", Counter({"LBN": 2})).country == "LBN"  # type: ignore[union-attr]
    assert gaz.lookup("Tripoli", Counter({"LBY": 2})).country == "LBY"  # type: ignore[union-attr]
    gaza_city, strip = gaz.lookup("Gaza"), gaz.lookup("the Gaza Strip")
    assert gaza_city.kind == "city" and strip.kind == "territory"  # type: ignore[union-attr]


def test_quote_normalisation_keeps_offsets() -> None:
    text = "Hamas\u2019 leaders said \u201cnow\u201d."
    norm = normalize_text(text)
    assert len(norm) == len(text) and norm == 'Hamas\' leaders said "now".'
    assert quote_spans(norm) == [(text.index("now"), text.index("now") + 3)]


def test_quotes_pair_within_paragraphs() -> None:
    text = '"Open quote that never closes\n\nA new paragraph "with a quote" here.'
    assert [text[a:b] for a, b in quote_spans(text)] == ["with a quote"]


def test_importing_the_package_does_not_load_spacy() -> None:
    code = (
        "import sys, app.extract; from app.extract import extract, to_dict; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_to_dict_is_json_ready(run: Callable[..., Extraction]) -> None:
    ex = run("Egypt condemned the Israeli raid in Gaza on Monday.")
    data = to_dict(ex)
    json.dumps(data)  # no dates or dataclasses left
    assert data["extractor_version"] == ex.extractor_version
    assert data["article"]["date"] == "2017-09-12"
    ev = data["events"][0]
    assert ev["date"] == "2017-09-11" and ev["participants"][0]["role"] == "source"
    assert set(data) == {
        "extractor_version",
        "article",
        "sentences",
        "actors",
        "affiliations",
        "places",
        "mentions",
        "events",
        "statements",
    }


def test_extract_many_keeps_order_with_two_processes(nlp_loaded: None) -> None:
    from app.extract.pool import ExtractionPool

    texts = [
        f"Egypt condemned {c} on Monday." for c in ("Israel", "Qatar", "Turkey", "Iran", "Syria")
    ] * 3
    arts = [ArticleInput(text=t, date=TUESDAY, id=str(i)) for i, t in enumerate(texts)]
    one = [ex.article.id for ex in extract_many(arts, batch_size=4)]
    with ExtractionPool(workers=2) as pool:
        batches = [(i, arts[i : i + 4]) for i in range(0, len(arts), 4)]
        two = [ex for _, results in pool.imap(batches) for ex in results]
    assert all(isinstance(ex, Extraction) for ex in two)
    assert one == [ex.article.id for ex in two] == [a.id for a in arts]
    targets = [next(a.name for a in ex.actors if a.name != "Egypt") for ex in two]
    assert targets[:5] == ["Israel", "Qatar", "Turkey", "Iran", "Syria"]


def test_empty_and_eventless_texts(run: Callable[..., Extraction]) -> None:
    assert run("").events == []
    ex = run("The weather was mild and the markets were calm.")
    assert ex.events == [] and ex.statements == []


WEIRD = [
    '"',
    '""',
    "\u201c",
    "\u201dHe said",
    'said "',
    "\n\n\n",
    "    ",
    "...",
    "U.S.",
    "(PA)",
    "Hamas (",
    '"a" "b" "c',
    "on Monday",
    "x" * 3000,
    "Iran " * 200,
    "\u200b\u200b",
    "<p>Hamas said</p>",
    "\u0415\u0433\u0438\u043f\u0435\u0442.",
    "Israel's",
    "'",
    "\u2019\u2019\u2019",
    "According to",
    "according to the statement.",
]


def _check_consistent(ex: Extraction) -> None:
    text = ex.article.text
    keys = {a.key for a in ex.actors}
    places = {p.key for p in ex.places}
    for m in ex.mentions:
        assert text[m.start : m.end] == m.text
        assert m.entity in (keys if m.entity_type == "actor" else places)
    for s in ex.statements:
        assert text[s.start : s.end] == s.text
        assert s.speaker is None or s.speaker in keys
    for e in ex.events:
        assert text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.place is None or e.place in places
        assert all(p.actor in keys for p in e.participants)
        assert e.plover_type in set(PloverType) and 0 < e.confidence <= 1
    for f in ex.affiliations:
        assert f.person in keys and f.organization in keys
    for p in ex.places:
        assert p.parent is None or p.parent in places


def test_odd_inputs_and_fragments_give_consistent_records(nlp_loaded: None) -> None:
    import random

    from tests.extract.gold.scorer import GOLD_DIR, load_gold

    seed = load_gold(GOLD_DIR / "seed_000.yaml").article.text
    rng = random.Random(11)
    texts = list(WEIRD)
    for _ in range(40):
        a = rng.randrange(len(seed))
        texts.append(seed[a : a + rng.randrange(1, 600)])
    arts = [ArticleInput(text=t, date=TUESDAY) for t in texts]
    results = list(extract_many(arts, batch_size=16))
    assert len(results) == len(arts)
    for ex in results:
        json.dumps(to_dict(ex))
        _check_consistent(ex)


def test_title_before_a_name_tagged_org_makes_a_person(nlp_loaded: None) -> None:
    """ "President Kagabo" with the name mis-tagged ORG by NER is still a person."""
    from spacy.tokens import Span

    from app.extract.nlp import get_nlp
    from app.extract.pipeline import build_extraction

    text = "President Kagabo criticized Rwanda on Monday."
    doc = get_nlp()(text)
    doc.ents = [Span(doc, 1, 2, label="ORG"), *[e for e in doc.ents if e.start > 2]]
    ex = build_extraction(ArticleInput(text=text, date=TUESDAY), doc, text)
    kagabo = next(a for a in ex.actors if a.name == "Kagabo")
    assert kagabo.kind == "person"
