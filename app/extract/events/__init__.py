"""Code events from the dependency parse with Dyad's verb/noun lexicon.

For each verb whose lemma is in the lexicon, the most specific matching pattern (particle,
object, required preposition) gives the CAMEO code (`patterns`); `verb_checks` tells a clause
far from the main one and a subject that is a thing rather than an actor. Source = subject (or
passive agent, or the subject inherited through xcomp/conj/pcomp/relative clauses; `mentions`,
pronouns resolved there); target = direct object, dative, passive subject or the pattern's
prepositional object (`verbs`), else the places the arguments name, a complement's actor or the
victims (`targets`), or the owner of an object that names no actor (`owners`: "rejected Russia's
demands"). Coordinated arguments all take part. Negation sets `negated`; modals, conditions and
intent ("ready to", "seek to") set `hypothetical`, and intent to cooperate is coded AGREE
(`modality`, `coding`). Frame verbs (pledge, threaten, warn ...) absorb the events in their
complement; "X said Y must ..." is X's demand on Y (`demands`). Nouns from the lexicon give
nominal events ("a siege by Egypt on Qatar") when a source can be found (`nouns`, `noun_args`);
an agentless passive takes the author of the act it names (`implicit`). After all events of a
text: a definite event noun lacking a participant takes it from the same act told before
(`retold`), an answer targets the author of what it answers (`answers`), talks told without
their counterpart continue the talks told just before (`counterparts`), and dates and places
come from the sentence or are carried from the story (`anchoring`, `carry`).
"""

from app.extract.events.patterns import match_verbs
from app.extract.events.step import find_events

__all__ = ["find_events", "match_verbs"]
