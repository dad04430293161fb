"""The word lists of `data/violence.yaml`: who is behind an act of violence, which acts PLOVER
codes with an unidentified actor when nobody is named, and whose forces an armed title names."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class ViolenceWords:
    author_verbs: dict[str, str]  # verb lemma -> preposition of the author ("claimed by")
    armed_group_codes: frozenset[str]
    state_force_codes: frozenset[str]
    describing_verbs: frozenset[str]
    joint_modifiers: frozenset[str]
    joint_acts: frozenset[str]  # the nouns of an operation two states may run together
    removal_verbs: frozenset[str]
    captive_verbs: frozenset[str]
    other_act_modifiers: frozenset[str]  # "killed in a separate shooting": not the act told before
    freeing_by_others: frozenset[str]  # "freed in a military raid", "released on bail"
    conveying_verbs: frozenset[str]
    instruments: frozenset[str]
    qualified_instruments: dict[str, frozenset[str]]  # noun -> the modifiers that make it violence
    claimed_nouns: dict[str, frozenset[str]]  # "responsibility" -> the verbs that claim it
    false_claim_adverbs: frozenset[str]  # "falsely claimed responsibility": no claim made
    kind_modifiers: frozenset[str]  # "claimed similar attacks": acts of a kind, not this one
    unidentified_name: str
    unidentified_code: str


@functools.lru_cache(maxsize=1)
def violence_words() -> ViolenceWords:
    path = resources.files("app.extract").joinpath("data").joinpath("violence.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    actor = raw.get("unidentified_actor") or {}
    return ViolenceWords(
        # YAML 1.1 reads a bare `on` as true: give the word back
        author_verbs={
            str(k): "on" if v is True else str(v)
            for k, v in (raw.get("author_verbs") or {}).items()
        },
        armed_group_codes=frozenset(str(w) for w in raw.get("armed_group_codes") or ()),
        state_force_codes=frozenset(str(w) for w in raw.get("state_force_codes") or ()),
        describing_verbs=frozenset(str(w) for w in raw.get("describing_verbs") or ()),
        joint_modifiers=frozenset(str(w) for w in raw.get("joint_modifiers") or ()),
        joint_acts=frozenset(str(w) for w in raw.get("joint_acts") or ()),
        removal_verbs=frozenset(str(w) for w in raw.get("removal_verbs") or ()),
        captive_verbs=frozenset(str(w) for w in raw.get("captive_verbs") or ()),
        other_act_modifiers=frozenset(str(w) for w in raw.get("other_act_modifiers") or ()),
        freeing_by_others=frozenset(str(w) for w in raw.get("freeing_by_others") or ()),
        conveying_verbs=frozenset(str(w) for w in raw.get("conveying_verbs") or ()),
        instruments=frozenset(str(w) for w in raw.get("instruments") or ()),
        qualified_instruments={
            str(k): frozenset(str(w) for w in v or ())
            for k, v in (raw.get("qualified_instruments") or {}).items()
        },
        claimed_nouns={
            str(k): frozenset(str(w) for w in v or ())
            for k, v in (raw.get("claimed_nouns") or {}).items()
        },
        false_claim_adverbs=frozenset(str(w) for w in raw.get("false_claim_adverbs") or ()),
        kind_modifiers=frozenset(str(w) for w in raw.get("kind_modifiers") or ()),
        unidentified_name=str(actor.get("name", "unidentified actor")),
        unidentified_code=str(actor.get("code", "UNK")),
    )
