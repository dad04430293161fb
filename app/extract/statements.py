"""Statements: direct quotes and indirect speech, with their speakers.

Direct quotes are found on the quote-normalised text (straight and curly marks, paired within a
paragraph) and attributed through the nearest speech cue in the sentences they touch: a speech
verb's subject, or "according to X" (where "the statement" points back to whoever issued a
statement earlier in the article). A quote with no cue keeps `speaker=None` — never a guess.
Indirect speech is a speech verb with a clausal complement ("Hamas said it was ready ...").
"""

from __future__ import annotations

import bisect
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
            if b - a - 1 >= _MIN_QUOTE and not para[a + 1 : b].isspace():
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


def _is_cue(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in SPEECH_VERBS:
        return True
    return (lemma == "accord" or tok.lower_ == "according") and any(
        c.lower_ == "to" for c in tok.children
    )


class _Cues:
    """Speech cues per sentence, found once, with their speakers worked out once per token.

    Finding a quote's nearest cue is a binary search, so a sentence holding thousands of quotes
    costs time in proportion to its length, not its length squared. A cue's speaker is worked
    out (which may record a mention) exactly for the cues a quote in its sentence looks at: the
    cues outside that quote. Quotes do not overlap, so after two quotes have looked at a
    sentence every cue in it has been worked out and later visits skip it.
    """

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self._by_sent: dict[int, tuple[list[int], list[Token]]] = {}
        self._speaker: dict[int, str | None] = {}
        self._visits: dict[int, int] = {}

    def _sentence(self, si: int) -> tuple[list[int], list[Token]]:
        found = self._by_sent.get(si)
        if found is None:
            toks = [t for t in self.ctx.sents[si] if _is_cue(t)]
            found = self._by_sent[si] = ([t.idx for t in toks], toks)
        return found

    def speaker(self, tok: Token) -> str | None:
        if tok.i not in self._speaker:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_VERBS:
                self._speaker[tok.i] = _speaker_of_verb(self.ctx, tok)
            else:
                self._speaker[tok.i] = _according_to(self.ctx, tok)
        return self._speaker[tok.i]

    def nearest(self, first: int, last: int, qs: int, qe: int) -> Token | None:
        """The cue in sentences first..last outside characters [qs - 1, qe + 1) nearest the
        quote (the earlier one on a tie), or None when there is none."""
        lo, hi = qs - 1, qe + 1
        before: Token | None = None
        after: Token | None = None
        for si in range(first, last + 1):
            idx, toks = self._sentence(si)
            if self._visits.get(si, 0) < 2:
                self._visits[si] = self._visits.get(si, 0) + 1
                for t in toks:
                    if not lo <= t.idx < hi:
                        self.speaker(t)
            i = bisect.bisect_left(idx, lo)
            if i:
                before = toks[i - 1]
            j = bisect.bisect_left(idx, hi)
            if after is None and j < len(toks):
                after = toks[j]
        if before is None or after is None:
            return before or after
        return before if qs - before.idx <= after.idx - qe else after


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
    cues = _Cues(ctx)
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
        cue_tok = cues.nearest(s_from, s_to, qs, qe)
        if cue_tok is None and s_to + 1 < len(ctx.sents):
            nxt = ctx.sents[s_to + 1]
            if nxt.start_char <= after + 1 and len(nxt) <= 12:
                cue_tok = cues.nearest(s_to + 1, s_to + 1, qs, qe)
        speaker = cues.speaker(cue_tok) if cue_tok is not None else None
        if speaker is None and cue_tok is not None and _subject_pronoun(cue_tok):
            speaker = last_person
        if speaker is not None and ctx.kind_of(speaker) == "person":
            last_person = speaker
        text = ctx.article.text[qs:qe]
        if cue_tok is None and len(text.split()) <= SCARE_QUOTE_WORDS:
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


def _mostly_quoted(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does one quote cover more than half of [start, end)? Such a quote must contain the
    midpoint, and sorted disjoint quotes hold at most one that does: a binary search."""
    mid = (start + end) / 2
    i = bisect.bisect_right(quotes, (mid, 1 << 62)) - 1
    if i < 0:
        return False
    q0, q1 = quotes[i]
    return min(end, q1) - max(start, q0) > (end - start) / 2


def _near_quote(quotes: list[tuple[int, int]], char: int) -> bool:
    """Is `char` within [q0 - 2, q1 + 3] of a quote? Sorted disjoint quotes: only the last quote
    starting at or before char + 2 can be (it ends after every earlier one)."""
    i = bisect.bisect_right(quotes, (char + 2, 1 << 62)) - 1
    return i >= 0 and char <= quotes[i][1] + 3


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
        if _mostly_quoted(quotes, start, end):
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
        if _near_quote(quotes, tok.idx):
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
