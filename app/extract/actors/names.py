"""Name spans: trimming an entity to its name, telling titles, modifiers, faiths, communities
and news outlets from actors' names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.agent_phrases import agent_term
from app.extract.knowledge import norm
from app.identity import named_key
from app.vocab import ActorKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from app.extract.context import DocContext

_NOMINAL_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "conj",
        "appos",
        "dative",
        "attr",
        "ROOT",
        "oprd",
        "npadvmod",
    }
)

_ACRONYM_MAX = 8


_CONNECTORS = frozenset({"of", "and", "&", "for", "the", "de", "du"})
_DETERMINERS = frozenset({"the", "a", "an"})
_TRAILING = frozenset({"in", "at", "on", "to", "by", "with"})  # "University of X in"
_NOT_LAST = _CONNECTORS | _DETERMINERS | _TRAILING  # never a name's last word


def clean_name(span: Span) -> tuple[int, int]:
    """Token range of an entity's name: no leading article, no trailing possessive, and never
    a fragment: an organisation the NER cut short ("Court of Bosnia and" + "Herzegovina",
    "Security" + "Council") takes back the rest of its name, else drops the dangling word."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].lower_ in _DETERMINERS and end - start > 1:
        start += 1
    if (
        span.label_ == "PERSON"
        and end - start > 1
        and doc[start].lower_ in knowledge.actor_words().clause_openers
    ):
        start += 1  # "Beyond Ukraine, ministers ...": the preposition opens the clause, no name
    for i in range(start + 1, end):
        if doc[i].text in ("(", ",", ";"):
            end = i
            break
    while (
        end - start > 1
        and doc[end - 1].tag_ == "POS"
        or (end - start > 1 and doc[end - 1].text in ("'", "'s"))
    ):
        end -= 1
    if span.label_ == "ORG":
        # "eight Uyghurs", "standing committee of the National People's Congress": the name
        # starts at its first capitalised word
        first = next((i for i in range(start, end) if doc[i].text[:1].isupper()), start)
        particles = knowledge.NAME_PARTICLES
        if first > start and not any(doc[i].lower_ in particles for i in range(start, first)):
            start = first
        start, end = _whole_name(doc, start, end)
    while end - start > 1 and doc[end - 1].lower_ in _NOT_LAST:
        end -= 1  # "Group of", "Wreckage &": the rest of the name is not there
    return start, end


def _name_word(tok: Token) -> bool:
    """A word that continues a name: capitalised or a number ("Group of Seven", "Act of 1965"),
    not already another entity, and not a title ("Defense" + "Minister Akar" stays a title)."""
    if tok.ent_type_ not in ("", "CARDINAL", "DATE"):
        return False
    if tok.like_num:
        return True
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_:
        return False
    term = agent_term(tok)
    return term is None or term.kind != "title"


def _place_of(doc: Doc, start: int, end: int) -> bool:
    """Whether the name goes on with the place after doc[end]: "Court of" + "Bosnia", "Court of
    Bosnia and" + "Herzegovina"; not "Suwon and" + "Incheon", two places."""
    if doc[end + 1].ent_type_ not in ("GPE", "LOC"):
        return False
    return doc[end].lower_ == "of" or any(doc[i].lower_ == "of" for i in range(start, end))


def _whole_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Extend an organisation's span over the capitalised words the NER left next to it."""
    sent = doc[start].sent
    while end < sent.end and (
        _name_word(doc[end])
        or (
            doc[end].lower_ in _CONNECTORS
            and end + 1 < sent.end
            and (_name_word(doc[end + 1]) or _place_of(doc, start, end))
        )
    ):
        end += 1
        if doc[end - 1].lower_ in _CONNECTORS and doc[end].ent_type_ in ("GPE", "LOC"):
            end += 1  # "Court of Bosnia and" + "Herzegovina"
    while (
        start > sent.start
        and _name_word(doc[start - 1])
        and not doc[start - 1].like_num  # "eight" + "Uyghurs": a count, not a name
        and doc[start - 1].i > sent.start
    ):
        start -= 1
    if (
        end + 1 < sent.end
        and doc[end - 1].lower_ in knowledge.actor_words().collective_owners
        and doc[end].tag_ == "POS"
        and doc[end + 1].pos_ == "PROPN"
        and doc[end + 1].text[:1].isupper()
    ):  # "National People" + "'s Congress"
        return _whole_name(doc, start, end + 2)
    return start, end


def is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 1 < len(t) <= _ACRONYM_MAX and t.isupper() and t.isalpha()


def past_particles(ctx: DocContext, start: int, end: int) -> int:
    """End of a name NER cut inside its particles ("Ursula von" + "der Leyen")."""
    doc = ctx.doc
    j = end
    limit = min(len(doc), end + 3)
    while j < limit and doc[j].lower_ in knowledge.NAME_PARTICLES:
        j += 1
    if (
        (j > end or doc[end - 1].lower_ in knowledge.NAME_PARTICLES)
        and j < len(doc)
        and ctx.sent_of[j] == ctx.sent_of[start]
        and doc[j].pos_ == "PROPN"
        and doc[j].text[:1].isupper()
        and end - start > 0
        and doc[j].ent_type_ in ("", "PERSON", "GPE", "ORG", "NORP", "LOC")
    ):
        return j + 1
    return end


def portfolio_in_title(ctx: DocContext, start: int, end: int) -> bool:
    """An ORG that is only the portfolio of a title written next to a person's name."""
    doc = ctx.doc
    if norm(ctx.span_text(start, end)) not in knowledge.actor_words().portfolio_words:
        return False
    # "Secretary of State Marco Rubio"
    if start >= 2 and doc[start - 1].lower_ == "of" and title_before(ctx, start - 1):
        return end < len(doc) and doc[end].ent_type_ == "PERSON"
    term = agent_term(doc[end]) if end < len(doc) else None
    if term is None or term.kind != "title":
        return False
    # "Defense Minister Katz", "Foreign Minister Wang Yi"
    if end + 1 < len(doc) and doc[end + 1].ent_type_ == "PERSON":
        return True
    # "the Commerce chief": a title alone, its holder named before (`titled_person_before`)
    return start > 0 and doc[start - 1].lower_ == "the" and doc[end].tag_ == "NN"


def is_modifier(ent: Span) -> bool:
    """ "Alawite community", "Kurdish fighters": the entity only modifies the noun after it."""
    root = ent.root
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text == "-":
        return True  # "Muslim-led rebels", "Kurdish-majority towns"
    return root.dep_ in ("amod", "compound", "nmod") and root.head.i >= ent.end


def title_before(ctx: DocContext, start: int) -> bool:
    """A person's title right before a name ("President Trump", "Prime Minister Carney")."""
    if start == 0 or ctx.sent_of[start - 1] != ctx.sent_of[start]:
        return False
    prev = ctx.doc[start - 1]
    if not prev.text[:1].isupper():
        return False
    term = agent_term(prev)
    return term is not None and term.kind == "title"


def relative_before(ctx: DocContext, start: int, end: int) -> bool:
    """A kinship noun right before a name set beside it ("his son Sebastien", "his wife, Liri,"):
    a person's name, whatever label the recogniser gave it. Not the speaker after a comma ("...
    his wife, Okonjo Holdings said": the parser may hang it on the noun all the same)."""
    doc = ctx.doc
    comma = start > 0 and doc[start - 1].text == ","
    i = start - 2 if comma else start - 1
    if i < 0 or ctx.sent_of[i] != ctx.sent_of[start]:
        return False
    words = knowledge.actor_words()
    kin = doc[i]
    if kin.lemma_.lower() not in words.kin_nouns - words.unnamed_kin_nouns:
        return False
    root = doc[start:end].root
    beside = (root.head.i == i and root.dep_ in ("appos", "compound")) or (
        start <= kin.head.i < end and kin.dep_ in ("appos", "compound")
    )
    if not beside:
        return False
    # an appositive set off by a comma closes with one (or the sentence ends)
    return not comma or end >= len(doc) or doc[end].is_punct


def social_or_media(ctx: DocContext, ent: Span, start: int, end: int) -> bool:
    """Religions (skipped), religious/ethnic groups and news outlets; True when handled."""
    text = ctx.span_text(start, end)
    key_text = norm(text)
    groups = knowledge.social_groups()
    if key_text in groups.religions:
        return True  # "Islam", "Judaism": faiths, not actors
    group = groups.by_form.get(key_text)
    if group and not ent.ent_id_:
        if not is_modifier(ent):
            key = ctx.actors.ensure(named_key(ActorKind.GROUP, group), group, "group")
            ctx.mention_actor(key, start, end)
        return True
    outlet = knowledge.media_outlet(text)
    if outlet:
        key = ctx.actors.ensure(f"media:{norm(outlet)}", outlet, "organization", code="MED")
        ctx.actors.media.add(key)
        ctx.mention_actor(key, start, end)
        return True
    return False


def is_nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in _NOMINAL_DEPS


def counted(tok: Token) -> bool:
    """People given as a number ("200 Afghans", "thousands of Sudanese", "a group of Syrians"),
    not a nation speaking as one ("the Egyptians said")."""
    if any(c.dep_ == "nummod" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ != "pobj" or head.lower_ != "of":
        return False
    quantity = knowledge.event_lexicon().quantity_nouns
    return head.head.pos_ == "NUM" or head.head.lemma_.lower() in quantity


_PERSON_TAIL = (2, 3)  # words of a person's name the NER ran into an organisation's


def person_after_body(doc: Doc, start: int, end: int) -> int | None:
    """Where a person's name starts inside an organisation's span that ends with it ("Council
    of Ministers Rosa Quispe"): two or three bare proper names right after a plural body
    word of an "X of Ys" name. None when the span is one name."""
    for size in _PERSON_TAIL:
        k = end - size
        if k - start < 3 or not _plural_body_word(doc[k - 1]):
            continue
        tail = doc[k:end]
        if not any(t.lower_ == "of" for t in doc[start : k - 1]):
            continue
        if all(
            t.pos_ == "PROPN" and t.is_title and t.is_alpha and agent_term(t) is None for t in tail
        ):
            return k
    return None


def _plural_body_word(tok: Token) -> bool:
    """The plural last word of an "X of Ys" body: tagged a plural proper noun, or a capitalised
    plural of an agent word the tagger took for a singular name ("Council of Ministers",
    "House of Representatives")."""
    if tok.tag_ == "NNPS":
        return True
    low = tok.lower_
    if tok.tag_ != "NNP" or not low.endswith("s"):
        return False
    singulars = (low[:-3] + "y", low[:-1]) if low.endswith("ies") else (low[:-1],)
    lex = knowledge.agents()
    return any(lex.get(w) is not None for w in singulars)
