"""Statements: direct quotes and indirect speech, with their speakers.

Direct quotes are found on the quote-normalised text (straight and curly marks, paired within a
paragraph) and attributed through the nearest speech cue in the sentences they touch: a speech
verb's subject, or "according to X" (where "the statement" points back to whoever issued a
statement earlier in the article). A quote with no cue keeps `speaker=None` — never a guess.
Indirect speech is a speech verb with a clausal complement ("Hamas said it was ready ...").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events import SPEECH_VERBS, actors_of
from app.extract.records import StatementRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

# Speech verbs whose complement is reported speech (a narrower list than SPEECH_VERBS).
REPORTING_VERBS = knowledge.reporting_verbs()
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "release",
        "report",
        "interview",
        "tweet",
        "post",
        "letter",
        "speech",
        "declaration",
        "announcement",
        "message",
        "video",
        "briefing",
    }
)
_MIN_QUOTE = 1
SCARE_QUOTE_WORDS = 3  # quoted phrases this short count as statements only with a speech cue


def quote_spans(norm_text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of double quotes, paired within paragraphs."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in norm_text.split("\n"):
        marks = [i for i, ch in enumerate(para) if ch == '"']
        for a, b in zip(marks[0::2], marks[1::2]):
            if b - a - 1 >= _MIN_QUOTE:
                spans.append((pos + a + 1, pos + b))
        pos += len(para) + 1
    return spans


def _speaker_of_verb(ctx: DocContext, verb: Token) -> str | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is None and verb.dep_ in ("conj", "xcomp", "advcl"):
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "csubj")), None)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    keys = actors_of(ctx, subj) if subj is not None else []
    if keys:
        return keys[0]
    if subj is not None and subj.pos_ == "PROPN" and subj.ent_type_ not in _NOT_SPEAKER_ENTS:
        return _unrecognised_speaker(ctx, subj)
    return None


_NOT_SPEAKER_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)


def _subject_pronoun(verb: Token) -> str | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
    return subj.lower_ if subj is not None and subj.lower_ in ("he", "she") else None


def _unrecognised_speaker(ctx: DocContext, subj: Token) -> str | None:
    """A proper-noun subject of a speech verb that NER missed ("Badrakhan said")."""
    toks = [c for c in subj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [subj]
    if len(toks) > 4 or ctx.links.place[subj.i] or any(t.is_stop for t in toks):
        return None
    start, end = toks[0].i, toks[-1].i + 1
    from app.extract.actors import person_actor

    kind = "organization" if subj.ent_type_ == "ORG" else "person"
    key = person_actor(ctx, start, end) if kind == "person" else None
    if key is None:
        return None
    ctx.mention_actor(key, start, end)
    return key


def _according_to(ctx: DocContext, tok: Token) -> str | None:
    """Speaker named by "according to X" (tok is "according")."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    keys = actors_of(ctx, pobj)
    if keys:
        return keys[0]
    if pobj.lemma_.lower() in DOCUMENT_NOUNS:
        earlier = [k for i, k in ctx.statement_authors if i < tok.i]
        if earlier:
            return earlier[-1]
    return None


def _cues(ctx: DocContext, span: Span, inside: tuple[int, int]) -> list[tuple[Token, str | None]]:
    """Speech cues in `span` outside the character range `inside`, with their speakers."""
    out = []
    for tok in span:
        if inside[0] <= tok.idx < inside[1]:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in SPEECH_VERBS:
            out.append((tok, _speaker_of_verb(ctx, tok)))
        elif (lemma == "accord" or tok.lower_ == "according") and any(
            c.lower_ == "to" for c in tok.children
        ):
            out.append((tok, _according_to(ctx, tok)))
    return out


def _record_document_authors(ctx: DocContext) -> None:
    """Remember who issued a statement ("Hamas said in a statement") for later "according to"."""
    for tok in ctx.doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS:
            for prep in tok.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ in ("in", "through", "via")
                    and any(p.lemma_.lower() in DOCUMENT_NOUNS for p in prep.children)
                ):
                    key = _speaker_of_verb(ctx, tok)
                    if key:
                        ctx.statement_authors.append((tok.i, key))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS:
            for c in tok.children:
                if c.dep_ == "poss" and ctx.links.actor[c.i]:
                    ctx.statement_authors.append((tok.i, ctx.links.actor[c.i]))  # type: ignore[arg-type]


def _statement_date(ctx: DocContext, sent: Span, cue: Token | None):  # type: ignore[no-untyped-def]
    if cue is None:
        return ctx.article.date
    for e in ctx.time_ents[ctx.sent_of[cue.i]]:
        if any(a.i == cue.i for a in e.root.ancestors):
            res = ctx.resolved_date(e)
            if res:
                return res[0]  # type: ignore[index]
    return ctx.article.date


def find_direct_quotes(ctx: DocContext, norm_text: str) -> list[tuple[int, int]]:
    doc = ctx.doc
    spans = ctx.quotes
    last_person: str | None = None  # the person quoted last: who "he said" most likely means
    for qs, qe in spans:
        first = doc.char_span(qs, qe, alignment_mode="expand")
        if first is None or len(first) == 0:
            continue
        s_from = ctx.sent_of[first.start]
        s_to = ctx.sent_of[first.end - 1]
        # The attribution may sit in the sentence after a quote that closes one ("... ," he said.)
        after = qe + 1
        while after < len(norm_text) and norm_text[after] in " ,.":
            after += 1
        region = doc[ctx.sents[s_from].start : ctx.sents[s_to].end]
        cues = _cues(ctx, region, (qs - 1, qe + 1))
        if not cues and s_to + 1 < len(ctx.sents):
            nxt = ctx.sents[s_to + 1]
            if nxt.start_char <= after + 1 and len(nxt) <= 12:
                cues = _cues(ctx, nxt, (qs - 1, qe + 1))
        cue_tok, speaker = None, None
        if cues:
            cue_tok, speaker = min(cues, key=lambda c: min(abs(c[0].idx - qs), abs(c[0].idx - qe)))
        if speaker is None and cue_tok is not None and _subject_pronoun(cue_tok):
            speaker = last_person
        if speaker is not None and ctx.kind_of(speaker) == "person":
            last_person = speaker
        text = ctx.article.text[qs:qe]
        if not cues and len(text.split()) <= SCARE_QUOTE_WORDS:
            continue  # a name, title or scare quote ("so-called "experts""), not a statement
        ctx.statements.append(
            StatementRecord(
                sentence=s_from,
                start=qs,
                end=qe,
                text=text,
                kind="direct",
                cue=_cue_text(cue_tok),
                speaker=speaker,
                date=_statement_date(ctx, ctx.sents[s_from], cue_tok),
            )
        )
    return spans


def _cue_text(tok: Token | None) -> str | None:
    if tok is None:
        return None
    if tok.lower_ == "according":
        return "according to"
    return tok.text


def find_indirect(ctx: DocContext, quotes: list[tuple[int, int]]) -> None:
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in REPORTING_VERBS:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps:
            continue
        start = min(t.idx for c in comps for t in c.subtree)
        last = max((t for c in comps for t in c.subtree), key=lambda t: t.i)
        end = last.idx + len(last.text)
        if last.is_punct:
            end = last.idx
        if any(min(end, q1) - max(start, q0) > (end - start) / 2 for q0, q1 in quotes):
            continue  # the complement is itself (mostly) a direct quote
        raw = ctx.article.text[start:end]
        text = raw.strip(" ,;:\n")
        if len(text) < 3:
            continue
        start += len(raw) - len(raw.lstrip(" ,;:\n"))
        sent_i = ctx.sent_of[tok.i]
        ctx.statements.append(
            StatementRecord(
                sentence=sent_i,
                start=start,
                end=start + len(text),
                text=text,
                kind="indirect",
                cue=tok.text,
                speaker=_speaker_of_verb(ctx, tok),
                date=_statement_date(ctx, ctx.sents[sent_i], tok),
            )
        )


def find_according_to(ctx: DocContext, quotes: list[tuple[int, int]]) -> None:
    """ "According to X, ..." outside quotes: the rest of the sentence is X's indirect statement."""
    for tok in ctx.doc:
        if tok.lower_ != "according" or not any(c.lower_ == "to" for c in tok.children):
            continue
        if any(q0 - 2 <= tok.idx <= q1 + 3 for q0, q1 in quotes):
            continue  # attribution of a direct quote, handled there
        sent_i = ctx.sent_of[tok.i]
        sent = ctx.sents[sent_i]
        phrase = list(tok.subtree)
        p0, p1 = phrase[0].i, phrase[-1].i
        rest = [t for t in sent if (t.i < p0 or t.i > p1) and not t.is_space]
        while rest and rest[0].is_punct:
            rest.pop(0)
        while rest and rest[-1].is_punct:
            rest.pop()
        if len(rest) < 3:
            continue
        start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
        ctx.statements.append(
            StatementRecord(
                sentence=sent_i,
                start=start,
                end=end,
                text=ctx.article.text[start:end],
                kind="indirect",
                cue="according to",
                speaker=_according_to(ctx, tok),
                date=ctx.article.date,
            )
        )


def find_statements(ctx: DocContext, norm_text: str) -> None:
    _record_document_authors(ctx)
    quotes = find_direct_quotes(ctx, norm_text)
    find_indirect(ctx, quotes)
    find_according_to(ctx, quotes)
    ctx.statements.sort(key=lambda s: (s.start, s.kind))
