"""Correcting the statistical NER with Dyad's own knowledge, right after `ner`.

The small model calls "Aleppo" a person, "Khan Younis" a person, "Trump" an organisation, and
leaves "Kharkiv" untagged. This component relabels an entity whose whole text is a name Dyad
knows: a famous person (people.yaml) becomes PERSON, a religious or ethnic group or a demonym
NORP, a news outlet ORG; a country, territory, first-level division or sizeable town (the
gazetteer) becomes GPE/LOC, and an untagged proper name that is one is tagged so. A town's name
is a place only when nothing in the article says it is a person's: a title or honorific before
it ("Mr. Aleppo"), a longer person's name holding it ("Bill Clinton" then "Clinton"), or the
town "saying" something (only a capital speaks for a state). Small towns flip only after "in",
"near" and the like, so a person whose name is also a village stays a person.

Everything is dictionary look-ups on the entities and one pass over the tokens: the component
costs a fraction of a percent of the parse.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Span

from app.extract import knowledge
from app.extract.gazetteer import fold, gazetteer
from app.extract.gazetteer.lookup import COMPASS, DIVISION_WORDS
from app.extract.place_spans import written_lower
from app.extract.token_table import TokenTable

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from spacy.tokens import Doc

KNOWN_NAMES = "dyad_known_names"

# A town flips from another label only when it is this big (most surnames that are also towns
# name small ones: "Barrett", "Bennett"), or after a preposition of location ("in Riverdale"),
# where MIN_TOWN_INSIDE suffices.
MIN_TOWN = 100_000
MIN_TOWN_INSIDE = 15_000
# A first-level division with fewer towns than this is named alone ("Paul", "Manus") in stories
# about its country; elsewhere the word is more often a person's or a thing's name.
MIN_DIVISION_TOWNS = 3
_INSIDE_PREPS = frozenset({"in", "inside", "near", "outside", "across", "throughout", "within"})

# Labels the statistical NER gives to place names it gets wrong. An organisation named like a
# town is most often a club or a firm ("Liverpool", "Delft police"): only countries, divisions,
# territories and capitals are taken back from ORG.
_PLACE_FROM = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
_ACTOR_FROM = {
    "PERSON": frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}),
    "NORP": frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"}),
    "ORG": frozenset({"PERSON", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}),
}
_MAX_UNTAGGED_WORDS = 3


@dataclass(frozen=True)
class KnownPlace:
    label: str  # GPE | LOC
    population: int  # the biggest town's of this name; 0 for a country, division or territory
    countries: frozenset[str]  # alpha-3 of the division, country or territory
    towns: int = 0  # a division's size: its towns of 1,000+ people
    speaks: bool = False  # a country, territory or capital: "Ankara said" is the state speaking


@dataclass(frozen=True)
class KnownNames:
    places: dict[str, KnownPlace]  # folded name -> place
    actors: dict[str, str]  # normalised name -> label


def _division_name(key: str, level: int) -> bool:
    # A county's bare name is a surname as often as not ("Kent"); with its generic word it is not.
    return level == 1 or any(key.endswith(f" {w}") for w in DIVISION_WORDS)


def _towns(rows: int | tuple[int, ...], min_population: int) -> KnownPlace | None:
    ix = gazetteer().index
    big = [
        r for r in ((rows,) if isinstance(rows, int) else rows) if ix.town_pop[r] >= min_population
    ]
    if not big:
        return None
    return KnownPlace("GPE", max(ix.town_pop[r] for r in big), frozenset())


@functools.lru_cache(maxsize=1)
def known_names() -> KnownNames:
    """The look-up tables, built once per process from the gazetteer and the knowledge files."""
    gaz = gazetteer()
    ix = gaz.index
    places: dict[str, KnownPlace] = {}
    for key, rows in ix.town_keys.items():
        if town := _towns(rows, MIN_TOWN_INSIDE):
            places[key] = town
    # Alternate names of big towns, in several words only ("Khan Younis" for Khan Yunis): the
    # one-word ones are full of surnames and words ("Cheng", "Ben", "Bridge").
    for key, rows in ix.alt_keys.items():
        if " " in key and key not in places and (town := _towns(rows, MIN_TOWN)):
            places[key] = town
    for key, divisions in ix.divisions.items():
        if any(_division_name(key, d.level) for d in divisions):
            countries = frozenset(d.country for d in divisions if d.country)
            size = max(ix.division_towns.get(f"{d.country}:{d.name}", 1) for d in divisions)
            places[key] = KnownPlace("GPE", 0, countries, towns=size)
    for key, country in ix.countries.items():
        places[key] = KnownPlace("GPE", 0, frozenset({country.country or ""}), speaks=True)
    for key, alpha3 in ix.capitals.items():
        places[key] = KnownPlace("GPE", 0, frozenset({alpha3}), speaks=True)
    for key, entry in gaz.special.items():
        label = "LOC" if entry.kind in ("region", "continent") else "GPE"
        places[key] = KnownPlace(label, 0, frozenset({entry.country or ""}), speaks=True)
    for word in COMPASS:
        places.pop(word, None)

    actors: dict[str, str] = {}
    for key in knowledge.media().by_name:
        actors[key] = "ORG"
    for key in (*knowledge.countries().by_demonym, *knowledge.social_groups().by_form):
        actors[key] = "NORP"
    for key in knowledge.famous_people():
        actors[key] = "PERSON"
    return KnownNames(places, actors)


@functools.lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    titles = {t for t, a in knowledge.agents().items() if a.kind == "title" and " " not in t}
    return frozenset(titles | knowledge.actor_words().honorifics)


class _Article:
    """What the article's other entities say: the words of its people's longer names ("Bill
    Clinton" makes "Clinton" a person), and the countries its places and nationalities name."""

    def __init__(self, ents: Sequence[Span], places: dict[str, KnownPlace]) -> None:
        self._ents = ents
        self._places = places

    @functools.cached_property
    def names(self) -> list[str]:
        places = self._places
        return [
            e.text
            for e in self._ents
            if e.label_ == "PERSON" and len(e) > 1 and fold(e.text) not in places
        ]

    @functools.cached_property
    def words(self) -> set[str]:
        return {w for n in self.names for w in n.split()}

    @functools.cached_property
    def countries(self) -> set[str]:
        out: set[str] = set()
        for e in self._ents:
            if e.label_ in ("GPE", "LOC"):
                place = self._places.get(fold(e.text))
                if place is not None and not place.population:
                    out |= place.countries
            elif e.label_ == "NORP" and (country := knowledge.country_of(e.text)):
                out.add(country.alpha3)
        return out

    def has_person(self, text: str) -> bool:
        if " " not in text:
            return text in self.words
        return any(f" {text} " in f" {n} " for n in self.names if len(n) > len(text))


def _titled(doc: Doc, start: int) -> bool:
    """ "Mr. Aleppo", "President Jackson": a title or honorific right before the name."""
    if start == 0:
        return False
    prev = doc[start - 1]
    return prev.lower_ in _person_titles() or prev.lemma_.lower() in _person_titles()


def _inside(span: Span) -> bool:
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in _INSIDE_PREPS


def _speaks(span: Span) -> bool:
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in knowledge.speech_verbs()


class KnownNamesComponent:
    """The `dyad_known_names` pipeline component (see the module's docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        tables = known_names()
        ents = doc.ents
        article = _Article(ents, tables.places)  # read only when a name needs it
        out: list[Span] = []
        changed = False
        for ent in ents:
            label = ent.label_
            new = self._label(ent, label, tables, article)
            if new != label:
                changed = True
                out.append(Span(doc, ent.start, ent.end, label=new))
            else:
                out.append(ent)
        added = self._untagged(doc, tables, article)
        if added:
            out = sorted(out + added, key=lambda s: s.start)
        if changed or added:
            doc.ents = out
        return doc

    def _label(self, ent: Span, label: str, tables: KnownNames, article: _Article) -> str:
        if ent.ent_id_:
            return label  # the entity ruler's own names are right already
        text = ent.text
        actor = tables.actors.get(knowledge.norm(text))
        if actor is not None:
            # "Philippines", "Hong Kong", "Somali" are demonyms and places: NER's place stays a
            # place, its nationality a nationality
            placed = label in ("GPE", "LOC") and fold(text) in tables.places
            return actor if label in _ACTOR_FROM[actor] and not placed else label
        if label in _PLACE_FROM and (place := tables.places.get(fold(text))):
            return place.label if self._is_place(ent, place, label, article) else label
        return label

    @staticmethod
    def _is_place(span: Span, place: KnownPlace, label: str, article: _Article) -> bool:
        text = span.text
        if not text.removeprefix("the ")[:1].isupper():
            return False  # "the bush", "Clinton's van"
        doc, start = span.doc, span.start
        if place.population:  # a town
            if label == "ORG":
                return False
            if place.population < MIN_TOWN and not _inside(span):
                return False
            if len(span) == 1 and start and doc[start - 1].lower_ == "the":
                return False  # "the Duma", "the Kennedy clan": no town takes an article
        elif (
            # "Paul" (Cape Verde), "Manus": a small division's one-word name is a place in an
            # article about its country, or after "in"
            0 < place.towns < MIN_DIVISION_TOWNS
            and len(span) == 1
            and not (_inside(span) or place.countries & article.countries)
        ):
            return False
        if not place.speaks and _speaks(span) and (place.population or len(span) == 1):
            return False  # "Jackson said", "Chin said": only a state speaks ("Tamil Nadu said")
        return not (_titled(doc, start) or article.has_person(text))

    def _untagged(self, doc: Doc, tables: KnownNames, article: _Article) -> list[Span]:
        """Untagged runs of capitalised proper nouns that are, as a whole, a known place."""
        added: list[Span] = []
        table = TokenTable(doc)
        words = table.where(table.pos_in(PROPN) & table.title() & table.outside_ents())
        k = 0
        while k < len(words):  # runs of consecutive name words
            i = j = words[k]
            while k < len(words) and words[k] == j:
                j += 1
                k += 1
            if j - i <= _MAX_UNTAGGED_WORDS and not (_in_name(doc, i - 1) or _in_name(doc, j)):
                span = doc[i:j]
                place = tables.places.get(fold(span.text))
                if (
                    place is not None
                    and not (j - i == 1 and written_lower(doc[i]))
                    and self._is_place(span, place, "", article)
                ):
                    added.append(Span(doc, i, j, label=place.label))
        return added


def _in_name(doc: Doc, i: int) -> bool:
    """Whether token i is a capitalised word of an entity ("RT" in "RT America")."""
    return 0 <= i < len(doc) and doc[i].ent_iob != 2 and doc[i].text[:1].isupper()


@Language.factory(
    KNOWN_NAMES, requires=["doc.ents", "token.pos", "token.dep"], assigns=["doc.ents"]
)
def make_known_names(nlp: Language, name: str) -> KnownNamesComponent:  # noqa: ARG001 - spaCy's factory signature
    return KnownNamesComponent()
