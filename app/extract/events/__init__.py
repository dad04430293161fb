"""Code events from the dependency parse with Dyad's verb/noun lexicon.

For each verb whose lemma is in the lexicon, the most specific matching pattern (particle,
object, required preposition) gives the CAMEO code (`patterns`). Source = subject (or passive
agent, or the subject inherited through xcomp/conj/pcomp/relative clauses); target = direct
object, dative, passive subject or the pattern's prepositional object (`verbs`, `arguments`).
Coordinated arguments all take part. Negation sets `negated`; modals, conditions and intent
("ready to", "seek to") set `hypothetical`, and intent to cooperate is coded AGREE
(`modality`, `coding`). Frame verbs (pledge, threaten, warn ...) absorb the events in their
complement. Nouns from the lexicon give nominal events ("a siege by Egypt on Qatar") when a
source can be found (`nouns`). Dates and places come from the sentence (`anchoring`).
"""

from app.extract.events.arguments import SPEECH_VERBS, actor_of, actors_of, resolve_pronoun
from app.extract.events.patterns import match_verbs
from app.extract.events.step import find_events

__all__ = [
    "SPEECH_VERBS",
    "actor_of",
    "actors_of",
    "find_events",
    "match_verbs",
    "resolve_pronoun",
]
