"""Code events from the dependency parse with Dyad's verb/noun lexicon.

For each verb whose lemma is in the lexicon, the most specific matching pattern (particle,
object, required preposition) gives the CAMEO code. Source = subject (or passive agent, or the
subject inherited through xcomp/conj/pcomp/relative clauses); target = direct object, dative,
passive subject or the pattern's prepositional object. Coordinated arguments all take part.
Negation sets `negated`; modals, conditions and intent ("ready to", "seek to") set
`hypothetical`, and intent to cooperate is coded AGREE. Frame verbs (pledge, threaten, warn ...)
absorb the events in their complement. Nouns from the lexicon give nominal events ("a siege by
Egypt on Qatar") when a source can be found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import dates, knowledge
from app.extract.actors import state_actor
from app.extract.places import dominant_place, is_locative
from app.extract.records import EventRecord, ParticipantRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

SPEECH_VERBS = knowledge.speech_verbs()
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_CLIMB_DEPS = frozenset({"xcomp", "conj", "pcomp", "prep", "advcl", "acomp", "ccomp"})
_SUBJ_DEPS = frozenset({"nsubj", "csubj"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether"})
TARGET_REQUIRED = frozenset({"AID", "COOPERATE"})  # PLOVER: these need someone who benefits
SOURCE_REQUIRED = frozenset({"CONSULT"})
PLACE_AS_TARGET = frozenset({"ASSAULT", "MOBILIZE", "SANCTION", "COERCE"})
INTENT_NOUNS = frozenset(
    {
        "condition",
        "plan",
        "proposal",
        "offer",
        "effort",
        "attempt",
        "bid",
        "push",
        "call",
        "threat",
        "demand",
        "plea",
        "request",
        "pledge",
        "promise",
        "intention",
        "readiness",
        "willingness",
        "move",
        "decision",
        "vow",
        "chance",
        "opportunity",
        "ability",
        "right",
        "need",
        "way",
    }
)
_VERBAL_ATTACK = knowledge.EventPattern(lemma="attack", cameo="111", plover="ACCUSE")
_LABOR_STRIKE = knowledge.EventPattern(
    lemma="strike", cameo="143", plover="PROTEST", preps=("against",)
)  # "tourists visited Vietnam" is nobody meeting anybody
_COOP_TO_INTENT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


# --------------------------------------------------------------------------- argument resolution


def _compatible(ctx: DocContext, key: str, pron: str) -> bool:
    kind = ctx.kind_of(key)
    if pron in PERSON_PRONOUNS:
        return kind == "person"
    if pron in THING_PRONOUNS:
        return kind in ("organization", "state", "group", "agent")
    return kind in ("organization", "state", "group", "agent", "person")


def _clause_verb(tok: Token) -> Token:
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur


def _speaker_for(ctx: DocContext, verb: Token, depth: int) -> str | None:
    subj, _ = _subject(verb)
    if subj is None:
        return None
    keys = _actors_of(ctx, subj, depth + 1)
    return keys[0] if keys else None


def resolve_pronoun(ctx: DocContext, tok: Token, depth: int = 0) -> str | None:
    """Antecedent of a third-person pronoun: the speaker whose reported clause it is in, else the
    nearest compatible actor before it (subjects first; same or previous sentence)."""
    low = tok.lower_
    if low not in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS or depth > 3:
        return None
    quote = ctx.quote_at(tok.idx)
    if quote is not None:
        # Inside a quotation "he" is not the speaker: only an antecedent quoted before it will do.
        for i in range(tok.i - 1, -1, -1):
            if ctx.doc[i].idx < quote[0]:
                return None
            key = ctx.tok_actor[i]
            if key and _compatible(ctx, key, low):
                return key
        return None
    cur = _clause_verb(tok)
    for _ in range(5):
        if cur.dep_ == "ROOT" or cur.head is cur:
            break
        head = cur.head
        if (
            head.pos_ == "VERB"
            and head.lemma_.lower() in SPEECH_VERBS
            and cur.dep_ in ("ccomp", "dobj", "xcomp", "conj")
        ):
            key = _speaker_for(ctx, head, depth)
            if key and _compatible(ctx, key, low):
                return key
        cur = head
    si = ctx.sent_of[tok.i]
    nearest = None
    for lo in (ctx.sents[si].start, ctx.sents[si - 1].start if si > 0 else ctx.sents[si].start):
        for i in range(tok.i - 1, lo - 1, -1):
            key = ctx.tok_actor[i]
            if key and _compatible(ctx, key, low):
                t = ctx.doc[i]
                if t.dep_ in ("nsubj", "nsubjpass") or (
                    t.head.dep_ in ("nsubj", "nsubjpass") and t.dep_ in ("compound", "poss")
                ):
                    return key
                nearest = nearest or key
        if nearest:  # same sentence first, then the one before
            return nearest
    lo = ctx.sents[si - 1].start if si > 0 else 0
    if low not in PERSON_PRONOUNS:
        return None
    # "..., he said." after a run of quotes: the last person who was quoted speaking
    far = ctx.sents[max(0, si - 5)].start
    for i in range(lo - 1, far - 1, -1):
        key = ctx.tok_actor[i]
        t = ctx.doc[i]
        if (
            key
            and ctx.kind_of(key) == "person"
            and t.dep_ == "nsubj"
            and t.head.lemma_.lower() in SPEECH_VERBS
        ):
            return key
    return None


def actor_of(
    ctx: DocContext, tok: Token, *, allow_pronoun: bool = True, depth: int = 0
) -> str | None:
    """The actor a noun-phrase head stands for, if any."""
    key, _ = _actor_via(ctx, tok, allow_pronoun=allow_pronoun, depth=depth)
    return key


def _actor_via(
    ctx: DocContext, tok: Token, *, allow_pronoun: bool = True, depth: int = 0
) -> tuple[str | None, Token]:
    """(actor, token that named it) for a noun-phrase head."""
    key = ctx.tok_actor[tok.i]
    if key:
        return key, tok
    if tok.pos_ == "PRON":
        if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            return _actor_via(ctx, tok.head.head, allow_pronoun=allow_pronoun, depth=depth)
        return (resolve_pronoun(ctx, tok, depth) if allow_pronoun else None), tok
    place = ctx.tok_place[tok.i]
    if place:  # a capital standing for its government ("relations with Cairo")
        rec = ctx.place_by_key[place]
        if rec.kind == "country" and rec.country:
            return state_actor(ctx, rec.country), tok
        a3 = ctx.capital_of.get(place)
        if a3 and a3 in knowledge.countries().by_code and not is_locative(tok):
            return state_actor(ctx, a3), tok
        return None, tok
    for child in tok.children:  # "Pakistan's foreign minister, Ishaq Dar": the person named
        if child.dep_ == "appos" and ctx.tok_actor[child.i]:
            key = ctx.tok_actor[child.i]
            if ctx.kind_of(key) == "person":
                return key, child
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "nmod"):
            key = ctx.tok_actor[child.i]
            if key:
                return key, tok
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if ctx.tok_actor[pobj.i]:
                    return ctx.tok_actor[pobj.i], pobj
                for g in pobj.children:  # "the leader of the Taliban insurgency"
                    if g.dep_ in ("poss", "compound") and ctx.tok_actor[g.i]:
                        return ctx.tok_actor[g.i], pobj
    return None, tok


def actors_of(ctx: DocContext, tok: Token | None) -> list[str]:
    """Actors of an argument and of everything coordinated with it."""
    return _actors_of(ctx, tok, 0) if tok is not None else []


def _actors_of(ctx: DocContext, tok: Token, depth: int) -> list[str]:
    out: list[str] = []
    stack = [tok]
    seen: set[int] = set()
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        key, via = _actor_via(ctx, t, depth=depth)
        if key and key not in out:
            out.append(key)
        nodes = {t, via}
        for child in t.children:  # "Head of ... Ismail Haniyeh and other members": conj of the pobj
            if child.dep_ == "prep" and child.lower_ == "of":
                nodes.update(
                    p for p in child.children if p.dep_ == "pobj" and ctx.tok_actor[p.i] == key
                )
        for node in nodes:
            for child in node.children:
                if child.dep_ == "conj" or (child.dep_ == "appos" and not key):
                    stack.append(child)
    return out


# --------------------------------------------------------------------------- verb patterns


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent", "prt") and c.lower_ in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def match_verb(tok: Token, patterns: list[EventPattern]) -> EventPattern | None:
    found = match_verbs(tok, patterns)
    return found[0] if found else None


def match_verbs(tok: Token, patterns: list[EventPattern]) -> list[EventPattern]:
    """Patterns of a verb that fit this use of it, most specific first."""
    prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
    preps = {
        c.lower_
        for c in tok.children
        if c.dep_ in ("prep", "prt", "dative")
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)  # not "on Wednesday"
    }
    obj = _child(tok, "dobj") or _child(tok, "nsubjpass")
    obj_lemmas: set[str] = set()
    if obj is not None:
        obj_lemmas = {obj.lemma_.lower(), obj.lower_}
        obj_lemmas.update(c.lemma_.lower() for c in obj.children if c.dep_ == "conj")
    if tok.dep_ == "acl":  # "sanctions imposed on Iran"
        obj_lemmas.update({tok.head.lemma_.lower(), tok.head.lower_})
    out = []
    for p in patterns:
        if p.prt and p.prt not in prts:
            continue
        if p.objs and not (p.objs & obj_lemmas):
            continue
        if p.require_prep and not any(pp in preps for pp in p.preps):
            continue
        out.append(p)
    return out


def _subject(tok: Token) -> tuple[Token | None, bool]:
    """Subject of a verb, climbing to the controlling clause when it has none.
    Returns (token, inherited)."""
    cur = tok
    for depth in range(6):
        subj = _child(cur, *_SUBJ_DEPS)
        if subj is None:  # parser slip: "Iran is defying" with Iran hanging off "is"
            for aux in cur.children:
                if aux.dep_ in ("aux", "auxpass") and aux.i < cur.i:
                    subj = _child(aux, *_SUBJ_DEPS)
                    if subj is not None:
                        break
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and cur.dep_ == "relcl":
                return cur.head, True
            return subj, depth > 0
        if depth > 0:
            subjpass = _child(cur, "nsubjpass")
            if subjpass is not None:
                return subjpass, True
        if cur.dep_ == "relcl":
            return cur.head, True
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            return cur.head, True
        if cur.dep_ == "ccomp" and cur.pos_ != "AUX":
            break  # a reported clause has its own subject; only a stray copula borrows one
        if cur.dep_ in _CLIMB_DEPS and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None, False


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _is_passive_participle(tok: Token) -> bool:
    """ "Asked by VOA, Rubio said ...": a bare past participle clause is passive."""
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("aux", "nsubj") for c in tok.children)
    )


# --------------------------------------------------------------------------- modality


def _modality(tok: Token, lex: knowledge.EventLexicon) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, intent) for an event trigger."""
    negated = any(
        c.dep_ == "neg" or (c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children))
        for c in tok.children
    )
    hypothetical = False
    intent = False
    cur = tok
    for depth in range(4):
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in lex.modal_markers:
                hypothetical = True
            if c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS:
                hypothetical = True
            if (
                depth > 0
                and c.dep_ == "neg"
                and cur.lemma_.lower() in lex.intent_adjectives | lex.intent_verbs
            ):
                negated = True
        if cur.dep_ == "xcomp":
            head = cur.head
            hl = head.lemma_.lower()
            if hl in lex.intent_adjectives or hl in lex.intent_verbs:
                intent = True
                hypothetical = True
            elif hl in lex.attempt_verbs:
                hypothetical = hypothetical or hl in ("try", "attempt", "prepare")
            elif head.pos_ == "AUX":
                pass
            cur = head
            continue
        if cur.dep_ == "acomp":
            cur = cur.head
            continue
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in INTENT_NOUNS:
            hypothetical = True  # "efforts to impose sanctions", "on the condition that ..."
        break
    return negated, hypothetical, intent


def _in_belief(tok: Token, lex: knowledge.EventLexicon) -> bool:
    """Inside what someone hopes, fears or expects ("in hopes that Egypt will ease ...")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("ccomp", "acl") and cur.head.lemma_.lower() in lex.belief_words:
            return True
        if cur.dep_ in ("conj", "xcomp", "ccomp", "acl", "advcl"):
            cur = cur.head
            continue
        break
    return False


def _absorbed_by_frames(ctx: DocContext, frame_verbs: list[tuple[Token, str]]) -> set[int]:
    """Token indices inside the complement of pledge/threaten-type verbs."""
    out: set[int] = set()
    for v, frame in frame_verbs:
        for c in v.children:
            if (
                c.dep_ in ("xcomp", "ccomp")
                or frame == "accuse"
                and c.dep_ == "prep"
                and c.lower_ in ("of", "for", "over")
            ):
                out.update(t.i for t in c.subtree)
    return out


# --------------------------------------------------------------------------- dates and places


def _sentence_date(
    ctx: DocContext, sent: Span, trigger: Token
) -> tuple[dates.Resolved | None, bool]:
    cands = ctx.time_ents[ctx.sent_of[trigger.i]]
    if not cands:
        return None, False
    best = None
    future = _speaks_of_future(trigger)
    for e in cands:
        res = ctx.resolved_date(e, future)
        if res is None:
            continue
        attached = any(a.i == trigger.i for a in e.root.ancestors)
        if attached:
            return res, True  # type: ignore[return-value]
        if _dates_another_clause(e.root, trigger):
            continue
        if best is None:
            best = res
    return best, False


def _dates_another_clause(time_root: Token, trigger: Token) -> bool:
    """True when the time expression modifies a verb that neither is the trigger nor governs it:
    in "ready to sign …, to disband the committee formed earlier this year", the year dates
    "formed", not "sign"."""
    for anc in time_root.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc.i != trigger.i and not any(a.i == anc.i for a in trigger.ancestors)
    return False


FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_HEADS = frozenset({"due", "scheduled", "set", "expected", "slated", "plan", "going"})


def _speaks_of_future(trigger: Token) -> bool:
    """ "will meet on Monday", "is due to visit in January": dates lie ahead of the article."""
    cur = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in cur.children):
            return True
        if cur.dep_ in ("xcomp", "acomp") and cur.head.lemma_.lower() in FUTURE_HEADS:
            return True
        if cur.dep_ not in ("xcomp", "acomp", "conj"):
            return False
        cur = cur.head
    return False


def _event_place(
    ctx: DocContext, sent: Span, trigger: Token, participants: set[str]
) -> tuple[str | None, bool]:
    first = None
    for tok in sent:
        key = ctx.tok_place[tok.i]
        if key is None or ctx.tok_actor[tok.i] is not None:
            continue  # not a place, or a place standing for an actor ("fired rockets at Israel")
        if not (is_locative(tok) or (tok.dep_ == "pobj" and tok.head.lower_ in ("on", "against"))):
            continue
        if any(a.i == trigger.i for a in tok.ancestors):
            return key, True
        first = first or key
    if first:
        return first, True
    return dominant_place(ctx), False


# --------------------------------------------------------------------------- building events


def _emit(
    ctx: DocContext,
    trigger: Token,
    pattern: EventPattern,
    sources: list[str],
    targets: list[str],
    *,
    negated: bool,
    hypothetical: bool,
    intent: bool,
    confidence: float,
) -> None:
    if any(s in ctx.media for s in sources):
        return  # "asked by VOA", "Reuters reported": outlets report events, they are not in them
    targets = [t for t in targets if t not in sources and t not in ctx.media]
    if not sources and not targets:
        return
    code = pattern.cameo
    plover = pattern.plover
    info = knowledge.cameo_info(code)
    if intent:
        if info.quad_class <= 2:
            code = _COOP_TO_INTENT.get(code[:2], "030")
            plover = "AGREE"
        else:
            code = "138" if plover in ("ASSAULT", "MOBILIZE") else "130"
            plover = "THREATEN"
        info = knowledge.cameo_info(code)
    sent = ctx.sents[ctx.sent_of[trigger.i]]
    resolved, _attached = _sentence_date(ctx, sent, trigger)
    if resolved is None:
        date, precision = ctx.article.date, "day"
        confidence *= 0.85
    else:
        date, precision = resolved
    place, explicit_place = _event_place(ctx, sent, trigger, set(sources) | set(targets))
    if not explicit_place:
        confidence *= 0.95
    participants = [ParticipantRecord(actor=k, role="source") for k in sources]
    participants += [ParticipantRecord(actor=k, role="target") for k in targets]
    ctx.events.append(
        EventRecord(
            sentence=ctx.sent_of[trigger.i],
            start=sent.start_char,
            end=sent.end_char,
            trigger=trigger.text,
            trigger_start=trigger.idx,
            trigger_end=trigger.idx + len(trigger.text),
            plover_type=plover,
            cameo_code=code,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            date=date,
            date_precision=precision,  # type: ignore[arg-type]
            place=place,
            negated=negated,
            hypothetical=hypothetical,
            confidence=round(min(max(confidence, 0.05), 1.0), 3),
            participants=participants,
        )
    )


def _verb_event(
    ctx: DocContext, tok: Token, pattern: EventPattern, lex: knowledge.EventLexicon
) -> bool:
    """Code one event from a verb with this pattern; False when the pattern does not apply."""
    passive = _is_passive(tok)
    shared_passive = (
        not passive
        and tok.dep_ == "conj"
        and tok.tag_ == "VBN"
        and _is_passive(tok.head)
        and _child(tok, "nsubj") is None
    )  # "had been arrested and sentenced": both passive, one subject
    participle = not passive and not shared_passive and _is_passive_participle(tok)
    confidence = 0.9
    if passive or participle or shared_passive:
        agent = _child(tok, "agent")
        src_tok = (
            next((c for c in agent.children if c.dep_ == "pobj"), None)
            if agent is not None
            else None
        )
        sources = actors_of(ctx, src_tok)
        if participle:  # the participle's patient is the noun it modifies or the main subject
            target_toks = [tok.head if tok.dep_ == "acl" else _subject(tok.head)[0]]
            passive = True
        elif shared_passive:
            target_toks = [_child(tok.head, "nsubjpass")]
            passive = True
        else:
            target_toks = [_child(tok, "nsubjpass")]
    else:
        subj, inherited = _subject(tok)
        sources = actors_of(ctx, subj)
        if inherited:
            confidence -= 0.1
        dobj = _child(tok, "dobj")
        target_toks = [] if pattern.no_dobj_target else [dobj]
        target_toks.append(_child(tok, "dative", "iobj"))
    target_toks.extend(_prep_objects(tok, pattern.preps))
    dobj = _child(tok, "dobj")
    if dobj is not None:  # "sign an agreement with Fatah", "hosted talks between X and Y"
        target_toks.extend(_prep_objects(dobj, pattern.preps))
        for inner in _prep_objects(
            dobj, ("in", "of", "for")
        ):  # "500 million euros in aid to Ukraine"
            target_toks.extend(_prep_objects(inner, pattern.preps))
    if dobj is not None and not passive:
        target_toks.extend(_object_owners(ctx, tok, dobj, pattern))
    if dobj is None and not passive and not pattern.no_dobj_target:
        # "killed and injured 1,000 fighters": coordinated verbs share the object
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                target_toks.append(_child(c, "dobj"))
    targets: list[str] = []
    for t in target_toks:
        for k in actors_of(ctx, t):
            if k not in targets:
                targets.append(k)
    if not targets and not passive:
        comp = _child(tok, "ccomp", "xcomp")
        csubj = _child(comp, "nsubj") if comp is not None else None
        if csubj is not None:  # "allow the government to take charge", "urged Israel to stop"
            targets = [k for k in actors_of(ctx, csubj) if k not in sources]
    if pattern.target_not_person:
        targets = [k for k in targets if ctx.kind_of(k) != "person"]
    if pattern.require_target == "actor" and not targets:
        return False  # "warned that ..." is speech, "warned Israel" is a threat
    if (
        pattern.dobj_actor
        and dobj is not None
        and not actors_of(ctx, dobj)
        and not _places_among(ctx, [dobj])
    ):
        return False  # "meet its requirements" is not a meeting
    if pattern.frame in ("intent", "threat") and not targets:
        targets = _complement_target(ctx, tok, sources)
    places = _places_among(ctx, target_toks)
    if not targets and places and pattern.plover in PLACE_AS_TARGET:
        # "airstrikes on Gaza", "shelled Kharkiv": the place stands for its country (CAMEO practice)
        src_countries = {ctx.actor_by_key[k].country for k in sources}
        country = ctx.place_by_key[places[0]].country
        if country and country not in src_countries and country in knowledge.countries().by_code:
            targets = [state_actor(ctx, country)]
            confidence -= 0.1
    if not targets:
        confidence -= 0.15
    if pattern.require_target and not targets and (pattern.require_target == "actor" or not places):
        return False
    if pattern.plover in TARGET_REQUIRED and not targets:
        return False
    if pattern.plover in SOURCE_REQUIRED and not sources:
        return False
    if (
        pattern.lemma == "attack"
        and sources
        and all(ctx.kind_of(k) == "person" for k in sources)
        and not places
    ):
        pattern = _VERBAL_ATTACK  # "Trump attacked the newspaper": words, not weapons
    if not sources:
        confidence *= 0.7
    negated, hypothetical, intent = _modality(tok, lex)
    if pattern.frame in ("threat", "request", "accuse"):
        hypothetical = False
    _emit(
        ctx,
        tok,
        pattern,
        sources,
        targets,
        negated=negated,
        hypothetical=hypothetical,
        intent=intent and not pattern.frame,
        confidence=confidence,
    )
    return True


# Reactions to someone's act: the act's author is the target ("criticized the decision by Japan").
_REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "REQUEST", "THREATEN", "CONCEDE"})


def _object_owners(ctx: DocContext, verb: Token, dobj: Token, pattern: EventPattern) -> list[Token]:
    """Whose thing the object is, when the object itself is no actor.

    "dismissed Putin's response", "rejected Russia's demands": the possessor; "criticized the
    decision by Japan", "condemned the attack ... by Kurdish militants": the author after "by".
    """
    if ctx.tok_actor[dobj.i] is not None or pattern.plover not in _REACTION_TYPES:
        return []
    out: list[Token] = []
    if pattern.no_dobj_target:  # otherwise the object's possessor is already read
        out.extend(c for c in dobj.children if c.dep_ == "poss" and c.pos_ != "PRON")
    for head in (dobj, verb):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                out.extend(p for p in prep.children if p.dep_ == "pobj")
    return out


def _places_among(ctx: DocContext, toks: list[Token | None]) -> list[str]:
    """Places named by argument tokens or their "of" phrase ("the town of Goma")."""
    out = []
    for t in toks:
        if t is None:
            continue
        cands = [t] + [
            g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
        ]
        for c in cands:
            key = ctx.tok_place[c.i]
            if key and ctx.tok_actor[c.i] is None:
                out.append(key)
    return out


def _complement_target(ctx: DocContext, verb: Token, sources: list[str]) -> list[str]:
    """For pledge/threaten frames without an object: the first other actor in the complement."""
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl"):
            for t in c.subtree:
                key = ctx.tok_actor[t.i]
                if key and key not in sources:
                    return [key]
    return []


def _light_verb(tok: Token) -> Token | None:
    """The light verb governing a noun directly or through one preposition ("went on strike")."""
    lex = knowledge.event_lexicon()
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "on":  # "went on strike"
        head = head.head
    elif tok.dep_ not in ("dobj", "attr"):
        return None
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lex.light_verbs:
        return head
    return None


def _noun_pattern(tok: Token, pattern: EventPattern) -> EventPattern | None:
    """The sense of a lexicon noun here: "phone call" is a consultation, "call for" a request."""
    compounds = {c.lemma_.lower() for c in tok.children if c.dep_ == "compound"}
    for word, code in pattern.compound_codes:
        if word in compounds:
            info = knowledge.cameo_info(code)
            return knowledge.EventPattern(
                lemma=pattern.lemma, cameo=code, plover=info.plover, preps=("with", "between")
            )
    if pattern.require_prep and not _prep_objects(tok, pattern.preps):
        has_prep = any(c.dep_ == "prep" and c.lower_ in pattern.preps for c in tok.children)
        if not has_prep:
            return None
    return pattern


def _noun_event(ctx: DocContext, tok: Token, pattern: EventPattern) -> None:
    sense = _noun_pattern(tok, pattern)
    if sense is None:
        return
    pattern = sense
    sources: list[str] = []
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    sources.extend(actors_of(ctx, p))
    possessed: list[str] = []
    if pattern.poss_is_target:  # "his arrest", "the general's assassination"
        for c in tok.children:
            if c.dep_ == "poss":
                possessed.extend(actors_of(ctx, c))
    if not sources:
        for c in tok.children:
            if c.dep_ == "poss" and pattern.poss_is_target:
                continue
            if c.dep_ in ("poss", "compound", "nmod", "amod"):
                key = ctx.tok_actor[c.i] or (actor_of(ctx, c) if c.dep_ == "poss" else None)
                if key is None and c.dep_ == "amod":
                    country = knowledge.countries().by_demonym.get(knowledge.norm(c.text))
                    key = state_actor(ctx, country.alpha3) if country else None
                if key:
                    sources.append(key)
    light = _light_verb(tok)
    if (
        not sources and light is not None
    ):  # "workers went on strike", "the army mounted an offensive"
        subj, _ = _subject(light)
        sources = actors_of(ctx, subj)
    if not sources:
        return
    if pattern.labor_after and light is not None and light.lemma_.lower() in pattern.labor_after:
        pattern = _LABOR_STRIKE
    targets: list[str] = []
    objs = _prep_objects(tok, pattern.preps)
    if light is not None:  # "held a phone call with Zelenskyy": the preposition hangs on the verb
        objs += _prep_objects(light, pattern.preps)
    for p in objs:
        targets.extend(k for k in actors_of(ctx, p) if k not in targets and k not in sources)
    targets.extend(k for k in possessed if k not in targets and k not in sources)
    if not targets and pattern.plover in ("REQUEST", "THREATEN"):
        # "Hamas should abide by the PA's demands", "Iran rejected Washington's demands": whoever
        # answers the demand is the one it was made to
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ == "dobj" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj, _ = _subject(verb)
            targets = [k for k in actors_of(ctx, subj) if k not in sources]
    _emit(
        ctx,
        tok,
        pattern,
        sources,
        targets,
        negated=False,
        hypothetical=False,
        intent=False,
        confidence=0.6 if targets else 0.5,
    )


def find_events(ctx: DocContext) -> None:
    lex = knowledge.event_lexicon()
    doc = ctx.doc
    verbs: list[tuple[Token, list[EventPattern]]] = []
    nouns: list[tuple[Token, EventPattern]] = []
    for tok in doc:
        pos = tok.pos_
        if pos == "VERB" and tok.dep_ != "amod":  # not "the besieged enclave", "visiting minister"
            pats = lex.verbs.get(tok.lemma_.lower())
            if pats:
                found = match_verbs(tok, pats)
                if found:
                    verbs.append((tok, found))
        elif pos == "NOUN":
            p = lex.nouns.get(tok.lemma_.lower())
            if p and tok.dep_ != "compound":
                nouns.append((tok, p))
    if not verbs and not nouns:
        return
    absorbed = _absorbed_by_frames(ctx, [(v, ps[0].frame) for v, ps in verbs if ps[0].frame])
    covered: dict[int, str] = {}  # noun token -> type of the verb event it is part of
    for tok, patterns in verbs:
        if tok.i in absorbed or _in_belief(tok, lex):
            continue
        before = len(ctx.events)
        pattern = next((p for p in patterns if _verb_event(ctx, tok, p, lex)), None)
        if pattern is not None and len(ctx.events) > before:
            kind = ctx.events[-1].plover_type
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    continue  # "Russia's invasion of Ukraine killed ...": two events
                covered[c.i] = kind
                for g in c.children:
                    if g.dep_ == "pobj":
                        covered[g.i] = kind
            if pattern.objs:  # "held talks", "signed an agreement": the noun is this event
                dobj = _child(tok, "dobj")
                if dobj is not None:
                    covered[dobj.i] = "*"
    for tok, pattern in nouns:
        if tok.i in absorbed or _in_belief(tok, lex):
            continue
        if covered.get(tok.i) in ("*", pattern.plover):
            continue
        _noun_event(ctx, tok, pattern)
    _dedupe(ctx)


def _dedupe(ctx: DocContext) -> None:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for ev in ctx.events:
        sig = (
            ev.sentence,
            ev.plover_type,
            ev.negated,
            tuple(sorted((p.actor, p.role) for p in ev.participants)),
        )
        if sig in seen:
            continue
        seen.add(sig)
        kept.append(ev)
    ctx.events[:] = kept
