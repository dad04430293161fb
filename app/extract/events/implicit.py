"""Sources of agentless passives that the same clause still names: the act the victims fell in
("killed in a French airstrike", "killed in a shootout with soldiers") or the security service
whose own statement reports the arrest ("police said three protesters were arrested") or the
airstrike ("the army said the commander was killed in an airstrike").

A passive with neither gets no source here; only one told by its weapon alone ("two civilians
were killed by a bomb") takes PLOVER's unidentified actor (UNK, `unidentified`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.events.owners import act_authors
from app.extract.events.targets import place_state, places_among
from app.extract.mentions import SPEECH_VERBS, actors_of
from app.extract.syntax import first_child, prep_objects, subject_of
from app.extract.violence_words import violence_words

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_VIOLENT = frozenset({"ASSAULT", "COERCE"})


def implicit_sources(ctx: DocContext, verb: Token, plover: str, targets: list[str]) -> list[str]:
    """Who carried out an agentless passive act of violence or repression, or released a
    captive, when the clause says."""
    if plover == "RETREAT":
        return _captors(ctx, verb, targets)
    if plover not in _VIOLENT:
        return []
    lex = knowledge.event_lexicon()
    found = _act_authors(ctx, verb, targets)
    if not found and plover == "COERCE":
        found = _removers(ctx, verb)
    if not found and plover == "COERCE":
        found = _reporting_service(ctx, verb, targets, lex.arresting_roles)
    if not found and plover == "ASSAULT" and _aerial(verb, lex):
        found = _reporting_service(ctx, verb, targets, lex.striking_roles)
    return found


def _removers(ctx: DocContext, verb: Token) -> list[str]:
    """Who expels or deports someone "from" a body or a country, told without an agent: the body
    or the state itself ("was expelled from the ruling party", "is deported from the U.S.")."""
    if verb.lemma_.lower() not in violence_words().removal_verbs:
        return []
    out: list[str] = []
    for p in prep_objects(verb, ("from",)):
        found = [k for k in actors_of(ctx, p) if ctx.kind_of(k) in ("state", "organization")]
        place = ctx.links.place[p.i]
        if not found and place is not None and ctx.places.by_key[place].kind == "country":
            state = place_state(ctx, place, [])
            found = [state] if state else []
        out.extend(k for k in found if k not in out)
    return out


def _captors(ctx: DocContext, verb: Token, targets: list[str]) -> list[str]:
    """Whoever held the captive who "was released" or "freed": "aid workers held by al-Shabab",
    "the journalist, who had been detained by police" (the captor is named on the captive)."""
    captive = first_child(verb, "nsubjpass")
    if captive is None or _freed_by_others(verb):
        return []
    verbs = violence_words().captive_verbs
    out: list[str] = []
    for clause in captive.children:
        if clause.dep_ not in ("acl", "relcl") or clause.lemma_.lower() not in verbs:
            continue
        for agent in (c for c in clause.children if c.dep_ == "agent"):
            for p in (c for c in agent.children if c.dep_ == "pobj"):
                out.extend(k for k in actors_of(ctx, p) if k not in targets and k not in out)
    return out


def _freed_by_others(verb: Token) -> bool:
    """Freed by force or by a court, not let go: "freed in a military raid", "released on bail
    after a court hearing"."""
    lex = knowledge.event_lexicon()
    words = violence_words().freeing_by_others
    for p in prep_objects(verb, ("in", "during", "after", "on", "under", "following")):
        lemmas = {p.lemma_.lower()} | {c.lemma_.lower() for c in p.children if c.dep_ == "compound"}
        if lemmas & words or _violent_noun(p.lemma_.lower(), lex):
            return True
    return False


def _aerial(verb: Token, lex: knowledge.EventLexicon) -> bool:
    """Killed "in an airstrike": an act only a state's air force or drones carry out. The
    tokenizer splits "air-strike" and "air strike", so a compound is read with its noun."""
    for act in prep_objects(verb, ("in",)):
        words = {act.lower_} | {
            f"{c.lower_}-{act.lower_}" for c in act.children if c.dep_ == "compound"
        }
        if words & lex.aerial_acts:
            return True
    return False


def _act_authors(ctx: DocContext, verb: Token, targets: list[str]) -> list[str]:
    """The author of the act named by "in"/"during": its owner ("a U.S. airstrike", "an airstrike
    by the army", "an Egyptian army raid"), or the other side of a battle."""
    lex = knowledge.event_lexicon()
    acts = prep_objects(verb, ("in", "during"))
    acts += [c for a in acts for c in a.children if c.dep_ == "conj"]  # "the attack and the battle"
    for act, describer in _described_acts(verb):
        if act.lemma_.lower() in lex.act_nouns or _violent_noun(act.lemma_.lower(), lex):
            found = act_authors(ctx, act, targets) or _joint_describers(
                ctx, act, describer, targets
            )
            if found:
                return found
    for act in acts:
        lemma = act.lemma_.lower()
        if ctx.links.actor[act.i] is not None:
            continue
        if lemma in lex.battle_nouns:  # "killed in clashes with militants"
            found = [
                k
                for p in prep_objects(act, ("with",))
                for k in actors_of(ctx, p)
                if k not in targets
            ]
        elif lemma in lex.act_nouns or _violent_noun(lemma, lex):
            found = act_authors(ctx, act, targets)
        else:
            continue
        if found:
            return found
    return []


def _described_acts(verb: Token) -> list[tuple[Token, Token]]:
    """(act, describing verb) for "died in what officers described as a joint raid"."""
    words = violence_words()
    out: list[tuple[Token, Token]] = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for clause in prep.children:
            if clause.dep_ != "pcomp" or clause.lemma_.lower() not in words.describing_verbs:
                continue
            if any(c.lower_ == "what" for c in clause.children):
                out.extend((act, clause) for act in prep_objects(clause, ("as",)))
    return out


def _joint_describers(
    ctx: DocContext, act: Token, describer: Token, targets: list[str]
) -> list[str]:
    """A joint operation as officials of two or more states describe it is theirs: "what French
    and Malian officers described as a joint raid" (France and Mali)."""
    words = violence_words()
    if act.lemma_.lower() not in words.joint_acts:
        return []  # "a coordinated attack" is most often the insurgents'
    if not any(c.lower_ in words.joint_modifiers for c in act.children):
        return []
    subj = first_child(describer, "nsubj")
    if subj is None:
        return []
    mods = [c for c in subj.children if c.dep_ in ("nmod", "amod", "compound")]
    mods += [g for c in mods for g in c.children if g.dep_ == "conj"]
    found: list[str] = []
    for mod in mods:
        country = knowledge.country_of(mod.text)
        key = state_actor(ctx, country.alpha3) if country else None
        if key and key not in found and key not in targets:
            found.append(key)
    return found if len(found) > 1 else []


def _violent_noun(lemma: str, lex: knowledge.EventLexicon) -> bool:
    pattern = lex.nouns.get(lemma)
    return pattern is not None and pattern.plover in _VIOLENT


def _reporting_service(
    ctx: DocContext, verb: Token, targets: list[str], roles: frozenset[str]
) -> list[str]:
    """Police, intelligence or the army reporting an arrest (or an airstrike) in their own
    statement: the act is theirs (a court or a ministry reporting it is not the one who made
    it), unless it was made in another country."""
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    head = clause.head
    if clause.dep_ != "ccomp" or head.pos_ != "VERB" or head.lemma_.lower() not in SPEECH_VERBS:
        return []
    subj, _ = subject_of(head)
    where = {ctx.places.by_key[p].country for p in places_among(ctx, prep_objects(verb, ("in",)))}
    where.discard(None)
    out = []
    for k in actors_of(ctx, subj):
        rec = ctx.actors.by_key[k]
        if rec.kind != "agent" or (rec.code or "")[-3:] not in roles:
            continue
        if k in targets or (rec.country and where - {rec.country}):
            continue  # "Kenyan police said a man was arrested in Uganda": Uganda arrested him
        out.append(k)
    return out
