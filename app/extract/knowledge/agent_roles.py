"""Agent roles (CAMEO role codes and the nouns that name them, `agents.csv`) and the actor
steps' word lists (`actor_words.yaml`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import yaml

from app.extract.knowledge.files import csv_rows, data_text

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
    for row in csv_rows("agents.csv"):
        term = row["term"].strip().lower()
        out[term] = AgentTerm(term, row.get("code") or None, row.get("kind") or "group")
    return out


@functools.lru_cache(maxsize=1)
def agent_last_words() -> frozenset[str]:
    """The last word of every agent term: a word that ends none names no agent, alone or after
    the word before it (most nouns of a text, turned away without building their bigrams)."""
    return frozenset(term.rsplit(" ", 1)[-1] for term in agents())


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
    subnational_modifiers: frozenset[str]
    acting_state_nouns: frozenset[str]
    other_side_nouns: frozenset[str]
    described_not_acting: frozenset[str]
    state_organs: frozenset[str]
    borderless_roles: frozenset[str]
    clause_openers: frozenset[str]
    kin_nouns: frozenset[str]
    follower_nouns: frozenset[str]
    work_nouns: frozenset[str]
    sent_people_nouns: frozenset[str]
    unnamed_kin_nouns: frozenset[str]
    state_sides: frozenset[str]
    state_trait_nouns: frozenset[str]
    self_rule_modifiers: frozenset[str]
    location_participles: frozenset[str]
    collective_owners: frozenset[str]
    marked_only: frozenset[str]
    state_bodies: frozenset[str]
    state_body_fields: frozenset[str]
    represented_nouns: frozenset[str]
    counsel_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    outlet_modifiers: frozenset[str]
    # region adjective -> CAMEO region code ("western": "WST")
    region_modifiers: dict[str, str] = field(default_factory=dict, hash=False)
    # a word on a state body naming the organ that holds it -> its role code ("senate": "LEG")
    state_body_organs: dict[str, str] = field(default_factory=dict, hash=False)
    # a word describing a state ("island") -> the states that have the trait
    state_traits: dict[str, frozenset[str]] = field(default_factory=dict, hash=False)


def others_of_the_named(words: ActorWords) -> frozenset[str]:
    """Nouns for people who are not the person their "of" phrase names, nor part of that
    person's title: "the son of President Zuma", "opponents of Bongo", "supporters of Khan"."""
    return words.kin_nouns | words.other_side_nouns | words.follower_nouns


@functools.lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    raw = yaml.safe_load(data_text("actor_words.yaml")) or {}
    regions = {str(k): str(v) for k, v in (raw.get("region_modifiers") or {}).items()}
    return ActorWords(
        **{
            f: frozenset(str(w) for w in raw.get(f) or ())
            for f in ActorWords.__dataclass_fields__
            if f not in ("region_modifiers", "state_traits", "state_body_organs")
        },
        region_modifiers=regions,
        state_body_organs={str(k): str(v) for k, v in (raw.get("state_body_organs") or {}).items()},
        state_traits={
            str(k): frozenset(str(c) for c in v) for k, v in (raw.get("state_traits") or {}).items()
        },
    )
