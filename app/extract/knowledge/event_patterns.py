"""The event lexicon (`events.yaml`): verb and noun patterns with their CAMEO codes, and the
word lists the event steps read."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from typing import Any

import yaml

from app.extract.knowledge.cameo_codes import cameo_info
from app.extract.knowledge.files import data_text


@dataclass(frozen=True)
class EventPattern:
    lemma: str
    cameo: str
    plover: str
    prt: str | None = None
    objs: frozenset[str] = frozenset()
    subjs: frozenset[str] = frozenset()  # required lemma of the subject ("troops arrived")
    # required lemma of the gerund after "from" ("barred X from entering")
    from_acts: frozenset[str] = frozenset()
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
    # "rescued 40 passengers": unnamed people it is done to are the civilians of the place
    people_target: bool = False

    @property
    def specificity(self) -> int:
        return (
            (2 if self.prt else 0)
            + (2 if self.objs else 0)
            + (2 if self.subjs else 0)
            + (2 if self.from_acts else 0)
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
    inquiry_verbs: frozenset[str] = frozenset()
    wh_inquiry_verbs: frozenset[str] = frozenset()
    circumstance_marks: frozenset[str] = frozenset()
    question_openers: frozenset[str] = frozenset()
    ability_modals: frozenset[str] = frozenset()
    passive_stance_verbs: frozenset[str] = frozenset()
    hostile_purposes: frozenset[str] = frozenset()
    purpose_verbs: frozenset[str] = frozenset()
    hostile_conduct_verbs: frozenset[str] = frozenset()
    pressure_purposes: frozenset[str] = frozenset()
    noncompliance_verbs: frozenset[str] = frozenset()
    harm_predicates: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()
    trade_from_words: frozenset[str] = frozenset()
    trade_to_words: frozenset[str] = frozenset()
    topic_preps: frozenset[str] = frozenset()
    patient_nouns: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    meeting_light_verbs: frozenset[str] = frozenset()
    intent_nouns: frozenset[str] = frozenset()
    doer_nouns: frozenset[str] = frozenset()
    negating_nouns: frozenset[str] = frozenset()
    authoring_verbs: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    future_heads: frozenset[str] = frozenset()
    planned_heads: frozenset[str] = frozenset()
    opinion_nouns: frozenset[str] = frozenset()
    worry_nouns: frozenset[str] = frozenset()
    belief_nouns: frozenset[str] = frozenset()
    proceeding_nouns: frozenset[str] = frozenset()
    non_judicial_modifiers: frozenset[str] = frozenset()
    proceeding_verbs: frozenset[str] = frozenset()
    breach_verbs: frozenset[str] = frozenset()
    travel_words: frozenset[str] = frozenset()
    stative_verbs: frozenset[str] = frozenset()
    message_nouns: frozenset[str] = frozenset()
    counterpart_nouns: frozenset[str] = frozenset()
    dispute_nouns: frozenset[str] = frozenset()
    talks_words: frozenset[str] = frozenset()
    convened_nouns: frozenset[str] = frozenset()
    talks_travel_verbs: frozenset[str] = frozenset()
    act_reference_nouns: frozenset[str] = frozenset()
    thing_making_verbs: frozenset[str] = frozenset()
    pointing_determiners: frozenset[str] = frozenset()
    explaining_subjects: frozenset[str] = frozenset()
    warring_side_nouns: frozenset[str] = frozenset()
    partitive_words: frozenset[str] = frozenset()
    warring_modifiers: frozenset[str] = frozenset()
    war_words: frozenset[str] = frozenset()
    answered_nouns: dict[str, str] = field(default_factory=dict)
    victim_nouns: frozenset[str] = frozenset()
    territory_nouns: frozenset[str] = frozenset()
    audience_verbs: frozenset[str] = frozenset()
    concluding_verbs: frozenset[str] = frozenset()
    audience_nouns: frozenset[str] = frozenset()
    civilian_sites: frozenset[str] = frozenset()
    restriction_nouns: frozenset[str] = frozenset()
    diplomatic_posts: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    battle_nouns: frozenset[str] = frozenset()
    arresting_roles: frozenset[str] = frozenset()
    aerial_acts: frozenset[str] = frozenset()
    striking_roles: frozenset[str] = frozenset()
    death_verbs: frozenset[str] = frozenset()
    shielding_verbs: frozenset[str] = frozenset()
    helping_verbs: frozenset[str] = frozenset()
    providing_verbs: frozenset[str] = frozenset()
    relying_verbs: frozenset[str] = frozenset()  # "count on": lemma and preposition
    collective_nouns: frozenset[str] = frozenset()
    response_verbs: frozenset[str] = frozenset()
    response_nouns: frozenset[str] = frozenset()
    offer_verbs: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    denied_nouns: frozenset[str] = frozenset()
    filing_nouns: frozenset[str] = frozenset()
    release_nouns: frozenset[str] = frozenset()
    holding_verbs: frozenset[str] = frozenset()
    state_holding_verbs: frozenset[str] = frozenset()
    detention_places: frozenset[str] = frozenset()
    nobody_words: frozenset[str] = frozenset()
    nobody_determiners: frozenset[str] = frozenset()
    evidence_nouns: frozenset[str] = frozenset()
    definite_determiners: frozenset[str] = frozenset()
    referring_determiners: frozenset[str] = frozenset()
    pair_directed_types: frozenset[str] = frozenset()
    pair_mutual_types: frozenset[str] = frozenset()
    own_force_codes: frozenset[str] = frozenset()
    civilian_sectors: frozenset[str] = frozenset()
    person_act_codes: frozenset[str] = frozenset()
    forgone_preps: frozenset[str] = frozenset()
    alternative_adverbs: frozenset[str] = frozenset()
    # verb lemma -> objects or complements that make its use no event ("refused to comment")
    not_event_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    # verb lemma -> subjects that make its use no event ("collapsing buildings injured 15")
    not_event_subjects: dict[str, frozenset[str]] = field(default_factory=dict)
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
        from_acts=frozenset(_word(o) for o in spec.get("from_acts") or ()),
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
        people_target=bool(spec.get("people_target", False)),
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
    raw = yaml.safe_load(data_text("events.yaml"))
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
    lex.not_event_subjects = _word_map(raw.get("not_event_subjects"))
    lex.not_event_modifiers = _word_map(raw.get("not_event_modifiers"))
    return lex
