"""Dyad's own domain knowledge, read from the data files under `app/extract/data/`.

Everything here is loaded once per process, on first use, and cached. The files are small
and human-edited: countries and demonyms, the agent lexicon, political organisations, the
event lexicon, CAMEO codes and the territories the gazetteer lacks.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any

import yaml


def _data_text(name: str) -> str:
    return (
        resources.files("app.extract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def norm(text: str) -> str:
    """Normalised lookup key for names: case-folded, 'the ' and possessives stripped."""
    t = text.strip().replace("\u2019", "'").casefold()
    t = t.removeprefix("the ")
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("'"):
        t = t[:-1]
    return " ".join(t.split())


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class Country:
    alpha3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]

    @property
    def adjective(self) -> str:
        return self.demonyms[0] if self.demonyms else self.name


def _plural(demonym: str) -> str | None:
    low = demonym.lower()
    if low.endswith(("ese", "sh", "ch", "ss", "s", "x", "z", "men")) or low in {"swiss", "lao"}:
        return None
    if low.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


@dataclass
class CountryIndex:
    by_code: dict[str, Country]
    by_name: dict[str, Country]  # normalised country name or alias -> country
    by_demonym: dict[str, Country]  # normalised demonym (singular and plural) -> country


@functools.lru_cache(maxsize=1)
def countries() -> CountryIndex:
    by_code: dict[str, Country] = {}
    by_name: dict[str, Country] = {}
    by_demonym: dict[str, Country] = {}
    for row in _csv_rows("countries.csv"):
        c = Country(
            alpha3=row["alpha3"],
            name=row["name"],
            aliases=tuple(_split(row.get("aliases"))),
            demonyms=tuple(_split(row.get("demonyms"))),
        )
        by_code[c.alpha3] = c
        for n in (c.name, *c.aliases):
            by_name.setdefault(norm(n), c)
        for d in c.demonyms:
            by_demonym.setdefault(norm(d), c)
            p = _plural(d)
            if p:
                by_demonym.setdefault(norm(p), c)
    return CountryIndex(by_code, by_name, by_demonym)


def country_of(text: str) -> Country | None:
    """The country a name or demonym denotes ("Egypt", "Egyptian", "Egyptians", "U.S.")."""
    idx = countries()
    key = norm(text)
    return idx.by_name.get(key) or idx.by_demonym.get(key)


# --------------------------------------------------------------------------- agents

AGENT_NAMES: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "SPY": "intelligence",
    "JUD": "judiciary",
    "LEG": "legislature",
    "OPP": "opposition",
    "REB": "rebels",
    "INS": "insurgents",
    "UAF": "militants",
    "CVL": "civilians",
    "REF": "refugees",
    "MED": "media",
    "BUS": "business",
    "LAB": "labor",
    "EDU": "students",
    "HLH": "health",
    "PTY": "party",
    "CRM": "criminals",
    "NGO": "NGO",
    "IGO": "IGO",
    "ELI": "elites",
    "RAD": "radicals",
}

# Nouns that are so generic that a more specific modifier wins ("intelligence officials" -> SPY).
GENERIC_AGENT_TERMS = frozenset(
    {"official", "officials", "authority", "authorities", "leadership", "people"}
)


@dataclass(frozen=True)
class AgentTerm:
    term: str
    code: str | None
    kind: str  # "group" | "title"


@functools.lru_cache(maxsize=1)
def agents() -> dict[str, AgentTerm]:
    out: dict[str, AgentTerm] = {}
    for row in _csv_rows("agents.csv"):
        term = row["term"].strip().lower()
        out[term] = AgentTerm(term, row.get("code") or None, row.get("kind") or "group")
    return out


# --------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    code: str | None
    kind: str


@functools.lru_cache(maxsize=1)
def organizations() -> dict[str, Organization]:
    """Normalised name or alias -> organisation."""
    out: dict[str, Organization] = {}
    for item in yaml.safe_load(_data_text("organizations.yaml")) or []:
        org = Organization(
            name=item["name"],
            aliases=tuple(item.get("aliases") or ()),
            country=item.get("country"),
            code=item.get("code"),
            kind=item.get("kind") or "organization",
        )
        for n in (org.name, *org.aliases):
            out.setdefault(norm(n), org)
    return out


# --------------------------------------------------------------------------- CAMEO and events


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str

    @property
    def quad_class(self) -> int:
        root = int(self.code[:2])
        if root <= 5:
            return 1
        if root <= 8:
            return 2
        if root <= 13:
            return 3
        return 4


@functools.lru_cache(maxsize=1)
def cameo() -> dict[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for row in _csv_rows("cameo.csv"):
        out[row["code"]] = CameoCode(
            row["code"], row["name"], float(row["goldstein"]), row["plover"]
        )
    return out


def cameo_info(code: str) -> CameoCode:
    table = cameo()
    c = code
    while c and c not in table:
        c = c[:-1]
    if not c:
        raise KeyError(code)
    return table[c]


@dataclass(frozen=True)
class EventPattern:
    lemma: str
    cameo: str
    plover: str
    prt: str | None = None
    objs: frozenset[str] = frozenset()
    subjs: frozenset[str] = frozenset()  # required lemma of the subject ("troops arrived")
    preps: tuple[str, ...] = ()
    no_dobj_target: bool = False
    frame: str | None = None  # "intent" | "threat"
    require_prep: bool = False
    require_target: str | None = None  # "actor" | "place"
    dobj_actor: bool = False  # a direct object that is no actor means another sense of the verb
    # "went on strike": the labour sense after these verbs
    labor_after: frozenset[str] = frozenset()
    # "recognized her" is identifying someone; only states and bodies are recognised diplomatically
    target_not_person: bool = False
    # "al-Rufayi's killing": the possessor is the one it was done to
    poss_is_target: bool = False
    # "phone call": compound word -> CAMEO code of that sense
    compound_codes: tuple[tuple[str, str], ...] = ()
    # "a provision allows ...", "this approach allows ...": a thing as subject is another sense
    actor_subject: bool = False

    @property
    def specificity(self) -> int:
        return (
            (2 if self.prt else 0)
            + (2 if self.objs else 0)
            + (2 if self.subjs else 0)
            + (1 if self.require_prep else 0)
        )


@dataclass
class EventLexicon:
    verbs: dict[str, list[EventPattern]] = field(default_factory=dict)
    nouns: dict[str, EventPattern] = field(default_factory=dict)
    intent_adjectives: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    modal_markers: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    belief_words: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    hostile_purposes: frozenset[str] = frozenset()
    patient_nouns: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    intent_nouns: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    future_heads: frozenset[str] = frozenset()
    message_nouns: frozenset[str] = frozenset()
    counterpart_nouns: frozenset[str] = frozenset()
    answered_nouns: dict[str, str] = field(default_factory=dict)
    victim_nouns: frozenset[str] = frozenset()
    civilian_sites: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    battle_nouns: frozenset[str] = frozenset()
    arresting_roles: frozenset[str] = frozenset()
    aerial_acts: frozenset[str] = frozenset()
    striking_roles: frozenset[str] = frozenset()
    death_verbs: frozenset[str] = frozenset()
    response_verbs: frozenset[str] = frozenset()
    response_nouns: frozenset[str] = frozenset()
    nobody_words: frozenset[str] = frozenset()
    nobody_determiners: frozenset[str] = frozenset()
    definite_determiners: frozenset[str] = frozenset()
    referring_determiners: frozenset[str] = frozenset()
    pair_directed_types: frozenset[str] = frozenset()
    pair_mutual_types: frozenset[str] = frozenset()
    # verb lemma -> objects or complements that make its use no event ("refused to comment")
    not_event_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    # noun lemma -> modifiers that make it no event ("heart attack", "energy demands")
    not_event_modifiers: dict[str, frozenset[str]] = field(default_factory=dict)


def _word(value: object) -> str:
    """YAML 1.1 reads bare `on`/`off` as booleans; give them back as words."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


def _pattern(lemma: str, spec: dict[str, Any]) -> EventPattern:
    code = str(spec["cameo"])
    info = cameo_info(code)
    return EventPattern(
        lemma=lemma,
        cameo=code,
        plover=spec.get("plover") or info.plover,
        prt=_word(spec["prt"]) if "prt" in spec else None,
        objs=frozenset(_word(o) for o in spec.get("objs") or ()),
        subjs=frozenset(_word(o) for o in spec.get("subjs") or ()),
        preps=tuple(_word(p) for p in spec.get("preps") or ()),
        no_dobj_target=bool(spec.get("no_dobj_target", False)),
        frame=spec.get("frame"),
        require_prep=bool(spec.get("require_prep", False)),
        require_target=spec.get("require_target"),
        dobj_actor=bool(spec.get("dobj_actor", False)),
        labor_after=frozenset(spec.get("labor_after") or ()),
        poss_is_target=bool(spec.get("poss_is_target", False)),
        target_not_person=bool(spec.get("target_not_person", False)),
        actor_subject=bool(spec.get("actor_subject", False)),
        compound_codes=tuple(
            (str(k), str(v)) for k, v in (spec.get("compound_codes") or {}).items()
        ),
    )


# Every plain word list of the lexicon is read the same way, from the key named like the field.
_WORD_LIST_FIELDS = tuple(f.name for f in fields(EventLexicon) if str(f.type) == "frozenset[str]")


def _word_map(raw: dict[Any, Any] | None) -> dict[str, frozenset[str]]:
    """A YAML mapping of a word to its list of words, as strings."""
    return {str(k): frozenset(str(w) for w in v) for k, v in (raw or {}).items()}


@functools.lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    raw = yaml.safe_load(_data_text("events.yaml"))
    lex = EventLexicon()
    for lemma, specs in (raw.get("verbs") or {}).items():
        specs = specs if isinstance(specs, list) else [specs]
        pats = [_pattern(lemma, s) for s in specs]
        pats.sort(key=lambda p: -p.specificity)
        lex.verbs[lemma] = pats
    for lemma, spec in (raw.get("nouns") or {}).items():
        lex.nouns[lemma] = _pattern(lemma, spec)
    for name in _WORD_LIST_FIELDS:
        setattr(lex, name, frozenset(raw.get(name) or ()))
    lex.answered_nouns = {str(k): str(v) for k, v in (raw.get("answered_nouns") or {}).items()}
    lex.not_event_objects = _word_map(raw.get("not_event_objects"))
    lex.not_event_modifiers = _word_map(raw.get("not_event_modifiers"))
    return lex


# --------------------------------------------------------------------------- territories


@dataclass(frozen=True)
class Territory:
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    lat: float
    lon: float
    geonames_id: int | None
    parent: str | None


@functools.lru_cache(maxsize=1)
def territories() -> list[Territory]:
    out = []
    for row in _csv_rows("territories.csv"):
        out.append(
            Territory(
                name=row["name"],
                aliases=tuple(_split(row.get("aliases"))),
                kind=row["kind"],
                country=row.get("country") or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geonames_id=int(row["geonames_id"]) if row.get("geonames_id") else None,
                parent=row.get("parent") or None,
            )
        )
    return out


# --------------------------------------------------------------------------- groups and media


@dataclass(frozen=True)
class SocialGroups:
    by_form: dict[str, str]  # normalised form -> canonical group name
    religions: frozenset[str]  # normalised names of faiths: never actors


@functools.lru_cache(maxsize=1)
def social_groups() -> SocialGroups:
    """Religious, ethnic and sectarian groups (`groups.yaml`)."""
    raw = yaml.safe_load(_data_text("groups.yaml")) or {}
    by_form: dict[str, str] = {}
    for item in raw.get("groups") or []:
        for form in (item["name"], *(item.get("forms") or ())):
            by_form.setdefault(norm(str(form)), item["name"])
    religions = frozenset(norm(str(r)) for r in raw.get("religions") or ())
    return SocialGroups(by_form, religions)


@dataclass(frozen=True)
class MediaIndex:
    by_name: dict[str, str]  # normalised outlet name or alias -> canonical name
    languages: frozenset[str]  # normalised names of broadcasters' language services


@functools.lru_cache(maxsize=1)
def media() -> MediaIndex:
    """News outlets (`media.yaml`): reporters of events, not actors in them."""
    raw = yaml.safe_load(_data_text("media.yaml")) or {}
    by_name: dict[str, str] = {}
    for item in raw.get("outlets") or []:
        for form in (item["name"], *(item.get("aliases") or ())):
            by_name.setdefault(norm(str(form)), item["name"])
    return MediaIndex(by_name, frozenset(norm(str(x)) for x in raw.get("languages") or ()))


def media_outlet(text: str) -> str | None:
    """Canonical name of the news outlet `text` names ("VOA", "VOA's Kurdish Service"), if any."""
    idx = media()
    key = norm(text)
    hit = idx.by_name.get(key)
    if hit:
        return hit
    words = key.split()
    for i in range(1, len(words)):  # "VOA Somali", "BBC Persian": an outlet's language edition
        if norm(" ".join(words[:i])) in idx.by_name and " ".join(words[i:]) in idx.languages:
            return " ".join(text.split())
    if len(words) >= 2 and words[-1] == "service":
        # "Kurdish Service", "VOA Mandarin Service", "Voice of America's Urdu Service"
        lang = " ".join(words[:-1])
        for i in range(1, len(words) - 1):  # an owner first: "voa", "voice of america's"
            if norm(" ".join(words[:i])) in idx.by_name:
                lang = " ".join(words[i:-1])
                break
        if lang in idx.languages:
            return " ".join(text.split())
    return None


# --------------------------------------------------------------------------- name particles

# Particles of family names: "Ahmed al-Sharaa" is "al-Sharaa", "Al-Sharaa" or "Sharaa" later on.
NAME_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "zu",
        "ter",
    }
)
_PREFIXES = ("al-", "el-", "as-", "ash-", "ad-", "an-", "ar-", "at-", "az-", "ul-")


def surname_key(words: list[str]) -> str | None:
    """Comparable family name of a name's words: last word, particles off, case-folded.

    ["Ahmed", "al-Sharaa"] -> "sharaa"; ["Al-Sharaa"] -> "sharaa"; ["bin", "Salman"] -> "salman".
    """
    if not words:
        return None
    last = words[-1].replace("\u2019", "'").casefold()
    for p in _PREFIXES:
        if last.startswith(p) and len(last) > len(p) + 1:
            last = last[len(p) :]
            break
    last = last.strip("-'.")
    if not last or last in NAME_PARTICLES:
        return None
    return last


def name_words(text: str) -> list[str]:
    """Words of a name, hyphenated particles kept with their word ("al - Sharaa" -> "al-Sharaa")."""
    t = " ".join(text.replace(" - ", "-").replace(" -", "-").replace("- ", "-").split())
    return t.split()


def is_particle_name(words: list[str]) -> bool:
    """True for a bare family name with optional particles ("Sharaa", "Al-Sharaa", "bin Salman")."""
    return bool(words) and all(w.casefold().rstrip("-") in NAME_PARTICLES for w in words[:-1])


@functools.lru_cache(maxsize=1)
def famous_people() -> dict[str, str]:
    """Normalised full name or distinctive alias -> canonical name (`people.yaml`)."""
    out: dict[str, str] = {}
    for item in yaml.safe_load(_data_text("people.yaml")) or []:
        for form in (item["name"], *(item.get("aliases") or ())):
            out.setdefault(norm(str(form)), item["name"])
    return out


@functools.lru_cache(maxsize=1)
def _speech() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(_data_text("speech.yaml")) or {}
    return {
        key: frozenset(str(v).lower() for v in raw.get(key) or [])
        for key in ("speech", "reporting")
    }


def speech_verbs() -> frozenset[str]:
    """Lemmas of verbs that introduce speech (`speech.yaml`)."""
    return _speech()["speech"]


def reporting_verbs() -> frozenset[str]:
    """Lemmas whose clausal complement is indirect speech (`speech.yaml`)."""
    return _speech()["reporting"]


# --------------------------------------------------------------------------- actor word lists


@dataclass(frozen=True)
class ActorWords:
    referring_nouns: frozenset[str]
    member_nouns: frozenset[str]
    not_person_words: frozenset[str]
    needs_owner: frozenset[str]
    foreign_modifiers: frozenset[str]
    serving_abroad: frozenset[str]
    portfolio_words: frozenset[str]
    generic_bodies: frozenset[str]
    body_words: frozenset[str]
    unidentified_modifiers: frozenset[str]
    honorifics: frozenset[str]
    referring_states: frozenset[str]
    not_intergovernmental: frozenset[str]
    local_authorities: frozenset[str]
    acting_state_nouns: frozenset[str]
    other_side_nouns: frozenset[str]
    described_not_acting: frozenset[str]
    state_organs: frozenset[str]
    borderless_roles: frozenset[str]
    # region adjective -> CAMEO region code ("western": "WST")
    region_modifiers: dict[str, str] = field(default_factory=dict, hash=False)


@functools.lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    raw = yaml.safe_load(_data_text("actor_words.yaml")) or {}
    regions = {str(k): str(v) for k, v in (raw.get("region_modifiers") or {}).items()}
    return ActorWords(
        **{
            f: frozenset(str(w) for w in raw.get(f) or ())
            for f in ActorWords.__dataclass_fields__
            if f != "region_modifiers"
        },
        region_modifiers=regions,
    )
