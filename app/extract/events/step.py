"""The events step: find the lexicon's verbs and nouns in an article and code their events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.symbols import NOUN

from app.extract import knowledge
from app.extract.events.accord_parties import convened_bodies
from app.extract.events.answers import answer_targets
from app.extract.events.carry import carry_by_actors
from app.extract.events.coding import dedupe
from app.extract.events.counter_demands import counter_demand_targets
from app.extract.events.counterparts import agreed_in_talks, talks_counterparts
from app.extract.events.demands import find_demands, reports
from app.extract.events.dismissed_views import dismissed_view
from app.extract.events.frames import absorbed_by_frames, in_belief
from app.extract.events.judged_breaches import judged_breach
from app.extract.events.modality import judged_only
from app.extract.events.named_things import named_thing_targets
from app.extract.events.non_events import forecast, foreseen, yearly_tally
from app.extract.events.noun_args import infinitives
from app.extract.events.nouns import content_clauses, noun_event
from app.extract.events.patterns import match_verbs
from app.extract.events.proceedings import proceeding_holders
from app.extract.events.referred_acts import referred_act_targets
from app.extract.events.retold import carry_targets
from app.extract.events.verb_checks import asks_a_question, opinion_agreement, question_asked
from app.extract.events.verbs import verb_event
from app.extract.events.warring import warring_party_targets
from app.extract.mentions import resolve_pronoun
from app.extract.syntax import first_child, subject_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern


def find_events(ctx: DocContext) -> None:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    lex = knowledge.event_lexicon()
    verbs: list[tuple[Token, list[EventPattern]]] = []
    nouns: list[tuple[Token, EventPattern]] = []
    reporting: list[Token] = []
    questions: list[Token] = []  # what a question asks about is no event of its own
    for tok in ctx.table.with_pos("VERB"):
        if reports(tok):
            reporting.append(tok)
        if tok.dep_ != "amod":  # not "the besieged enclave", "visiting minister"
            pats = _verb_patterns(tok, lex)
            if pats and asks_a_question(tok, lex):
                questions.extend(question_asked(tok, lex))  # "asked whether ...": no request
            elif (
                pats
                and not _no_event(ctx, tok, pats[0].lemma, lex)
                and not _act_detail(tok, pats, lex)
            ):
                found = match_verbs(tok, pats)
                if found:
                    verbs.append((tok, found))
    table = ctx.table
    # the nouns the lexicon lists, picked from the token array
    for i in table.where(table.lemma_lower_in(lex.nouns, table.pos_in(NOUN))):
        tok = ctx.doc[i]
        p = lex.nouns.get(tok.lemma_.lower())
        if p and tok.dep_ != "compound" and not _other_sense(tok, lex):
            nouns.append((tok, p))
    absorbed = absorbed_by_frames([(v, ps[0].frame) for v, ps in verbs if ps[0].frame])
    absorbed |= find_demands(ctx, reporting)
    absorbed.update(t.i for q in questions for t in q.subtree)
    for tok, pattern in nouns:  # "its demand that Israel ease ...": the content of the demand
        if pattern.plover in ("REQUEST", "THREATEN"):
            for c in content_clauses(tok) + infinitives(tok):
                absorbed.update(t.i for t in c.subtree)
    covered: dict[int, str] = {}  # noun token -> type of the verb event it is part of
    for tok, patterns in verbs:
        if (
            tok.i in absorbed
            or in_belief(tok, lex)
            or judged_only(tok)
            or yearly_tally(tok)
            or forecast(tok)
        ):
            continue
        before = len(ctx.events)
        coded = next((p for p in patterns if verb_event(ctx, tok, p, lex)), None)
        if coded is not None and len(ctx.events) > before:
            kind = ctx.events[-1].plover_type
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    continue  # "Russia's invasion of Ukraine killed ...": two events
                covered[c.i] = kind
                for g in c.children:
                    if g.dep_ == "pobj":
                        covered[g.i] = kind
            if coded.objs:  # "held talks", "signed an agreement": the noun is this event
                dobj = first_child(tok, "dobj")
                if dobj is not None:
                    covered[dobj.i] = "*"
    for tok, pattern in nouns:
        if tok.i in absorbed or in_belief(tok, lex) or foreseen(tok) or yearly_tally(tok):
            continue
        if covered.get(tok.i) in ("*", pattern.plover):
            continue
        noun_event(ctx, tok, pattern)
    answer_targets(ctx)
    referred_act_targets(ctx)
    proceeding_holders(ctx)  # "refused to attend the hearing": the court that holds it
    named_thing_targets(ctx)  # "finalize a deal ... support the deal": the deal's maker
    counter_demand_targets(ctx)  # "X's call for A and Y's demand for B" in talks: each other
    warring_party_targets(ctx)  # "called on the warring parties": the sides of the fight told
    convened_bodies(ctx)  # "summoned a sitting of the AU to weigh ...": held in the AU
    dedupe(ctx)
    carry_targets(ctx)
    talks_counterparts(ctx)
    agreed_in_talks(ctx)  # "held talks with X to reach a deal": the deal is with X
    carry_by_actors(ctx)


def _no_event(ctx: DocContext, tok: Token, lemma: str, lex: knowledge.EventLexicon) -> bool:
    """A use of the verb that is no event: "refused to comment", "released a report", "a
    cyclone struck", "dismissed fears that ..."."""
    if _non_political_doer(ctx, tok, lex.not_event_subjects.get(lemma)):
        return True
    if opinion_agreement(tok, lex) or dismissed_view(ctx, tok, lex) or judged_breach(ctx, tok, lex):
        return True
    if lemma in lex.audience_verbs and _to_an_audience(tok, lex):
        return True
    words = lex.not_event_objects.get(lemma)
    if not words:
        return False
    if "*" in words and any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
        return True
    args = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "xcomp")]
    subj = subject_of(tok)[0]  # "a cyclone struck ..., killing 30 people"
    if subj is not None:
        args.append(subj)
    # the "for" phrase, the passive agent ("struck by a cyclone") and a manner phrase
    # ("marching in lockstep")
    args += [
        p
        for c in tok.children
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("for", "in"))
        for p in c.children
        if p.dep_ == "pobj" and (c.lower_ != "in" or first_child(tok, "dobj") is None)
    ]
    if tok.dep_ == "acl":  # "a report released on Thursday"
        args.append(tok.head)
    args += [c for a in args for c in a.children if c.dep_ == "compound"]  # "Cyclone Idai"
    # "a group of immigrants arrived": the people a collective is made of
    args += [
        p
        for a in args
        if a.lemma_.lower() in lex.collective_nouns
        for c in a.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return any(a.lemma_.lower() in words or a.lower_ in words for a in args)


def _act_detail(tok: Token, pats: list[EventPattern], lex: knowledge.EventLexicon) -> bool:
    """A gerund that says in what an act's recipient is backed or praised ("praise for Latvia in
    backing the quotas", "backed Estonia in endorsing ..."): the recipient's own doing,
    told as a detail of that act, not a second act of its type by the act's source."""
    if tok.dep_ != "pcomp" or tok.head.dep_ != "prep" or tok.head.lower_ != "in":
        return False
    head = tok.head.head  # the act, or the verb whose object the act noun is
    acts = [head, *(c for c in head.children if c.dep_ == "dobj")]
    kinds = {p.plover for a in acts for p in _act_patterns(a, lex)}
    return pats[0].plover in kinds


def _act_patterns(tok: Token, lex: knowledge.EventLexicon) -> list[EventPattern]:
    if tok.pos_ == "NOUN":
        noun = lex.nouns.get(tok.lemma_.lower())
        return [noun] if noun is not None else []
    return (_verb_patterns(tok, lex) or []) if tok.pos_ == "VERB" else []


def _to_an_audience(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """ "talked to reporters", "spoke with VOA": everyone the verb's with/to phrase names is an
    audience (a statement made to them), so no party was consulted."""
    preps = [c for c in tok.children if c.dep_ in ("prep", "dative")]
    preps += [g for c in preps for g in c.children if g.dep_ == "conj"]  # "to X and to Y"
    heard = [p for c in preps if c.lower_ in ("to", "with") for p in c.children if p.dep_ == "pobj"]
    heard += [c for p in heard for c in p.children if c.dep_ == "conj"]
    return bool(heard) and all(
        p.lemma_.lower() in lex.audience_nouns
        or knowledge.media_outlet(" ".join(t.text for t in p.subtree if t.dep_ != "det"))
        for p in heard
    )


def _non_political_doer(ctx: DocContext, tok: Token, words: frozenset[str] | None) -> bool:
    """The doer (subject or passive agent) is a thing or an animal: "collapsing buildings injured
    15", "killed by an elephant". Where the victims were only is no doer."""
    if not words:
        return False
    doers = [subject_of(tok)[0]]
    doers += [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    doers += [c for d in doers if d is not None for c in d.children if c.dep_ == "compound"]
    # a "they" that stands for no actor may stand for the animals told before it
    doers += [
        _noun_before(d)
        for d in doers
        if d is not None and d.lower_ in ("they", "it") and resolve_pronoun(ctx, d) is None
    ]
    return any(d is not None and d.lemma_.lower() in words for d in doers)


def _noun_before(pron: Token) -> Token | None:
    """The nearest noun of the pronoun's number before it in its sentence that is no verb's
    object ("the animals that experience hunting, they change their behavior and they kill
    people": the animals); only to ask whether the doer is a thing or an animal, not to
    resolve who acted."""
    tags = ("NNS", "NNPS") if pron.lower_ == "they" else ("NN", "NNP")
    return next(
        (
            t
            for t in reversed(pron.doc[pron.sent.start : pron.i])
            if t.tag_ in tags and t.dep_ not in ("dobj", "compound")
        ),
        None,
    )


def _other_sense(noun: Token, lex: knowledge.EventLexicon) -> bool:
    """A modifier that gives the noun a sense that is no political act: "heart attack",
    "energy demands", "phone call" is kept (it is a consultation)."""
    words = lex.not_event_modifiers.get(noun.lemma_.lower(), frozenset())
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in words for c in noun.children)


def _verb_patterns(tok: Token, lex: knowledge.EventLexicon) -> list[EventPattern] | None:
    """Lexicon patterns of a verb by its lemma, else by its inflected form: the small model's
    lemmatizer slips on some forms ("staged" -> "stag")."""
    pats = lex.verbs.get(tok.lemma_.lower())
    if pats:
        return pats
    low = tok.lower_
    forms = [low]
    if low.endswith("ed"):
        forms += [low[:-1], low[:-2]]
    elif low.endswith("ing"):
        forms += [low[:-3] + "e", low[:-3]]
    elif low.endswith("s"):
        forms.append(low[:-1])
    return next((lex.verbs[f] for f in forms if f in lex.verbs), None)
