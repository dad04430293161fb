"""From candidates to records: one statement per stretch of text, quoted parts merged into the
reported clause around them, dates from the cue's clause."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

from app.extract import dates
from app.extract.records import StatementRecord
from app.extract.statements.found import Found
from app.extract.statements.quotes import is_name_or_title, word_count
from app.extract.statements.reported import MIN_WORDS
from app.vocab import StatementKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


_TRAILING = 3  # a clause ending in a quote stops before its closing '."'


def _len(f: Found) -> int:
    return f.end - f.start


def _overlap(a: Found, b: Found) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def merge(ctx: DocContext, direct: list[Found], reported: list[Found]) -> list[Found]:  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
    """A quote inside a reported clause makes the clause a (partly) direct statement: it holds the
    speaker's own words; a reported clause that is mostly one quote is that quote.

    A clause is looked for only among the clauses starting in the quote's sentence, and a clause's
    quotes by binary search, so the work grows with the text, not with quotes times clauses.
    """
    kept: list[Found] = []
    for r in sorted(reported, key=lambda f: (f.start, -f.end)):
        quote = ctx.quote_at(r.start)
        if quote is not None and r.end > quote[1] + _TRAILING:
            quote = None  # the clause starts inside a quote but runs on past it
        inner = _quotes_within(ctx, r)
        said = [p for p in inner if not is_name_or_title(ctx, ctx.article.text, *p)]
        if len(said) < len(inner) and _words_outside(ctx, r, inner) < MIN_WORDS:
            continue  # 'calls itself the "Islamic Army"': a name, not a statement
        if said and quote is None:
            r.kind = "direct"
            r.parts.extend(said)
            r.end = max(r.end, said[-1][1])
        kept.append(r)
    starts = [sent.start_char for sent in ctx.sents]
    by_sentence: dict[int, list[Found]] = {}
    for r in kept:
        by_sentence.setdefault(_sentence(starts, r.start), []).append(r)
    kept_direct: list[Found] = []
    for q in direct:
        host = None
        for r in by_sentence.get(_sentence(starts, q.start), []):
            inside = r.start <= q.start and q.end <= r.end and _len(q) < _len(r)
            if inside and (host is None or _len(r) < _len(host)):
                host = r  # the smallest clause holding the quote
        if host is not None and (q.cue is None or q.cue is host.cue or not _whole(q, host)):
            host.kind = "direct"
            host.parts.extend(q.parts)
            if not host.speaker.found:
                host.speaker = q.speaker
            continue
        kept_direct.append(q)
    ends = [q.end for q in kept_direct]  # quote units do not overlap: ends are sorted too
    out = list(kept_direct)
    for r in kept:
        i, cover = bisect.bisect_right(ends, r.start), 0
        while i < len(kept_direct) and kept_direct[i].start < r.end:
            cover = max(cover, _overlap(r, kept_direct[i]))
            i += 1
        if cover * 2 <= _len(r):  # else the clause is (mostly) a quote recorded as direct
            out.append(r)
    out = _drop_restated(starts, out)
    seen: set[tuple[int, int]] = set()
    unique = []
    for f in sorted(out, key=lambda f: (f.start, f.end, f.kind)):
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            unique.append(f)
    return unique


def _drop_restated(starts: list[int], found: list[Found]) -> list[Found]:
    """ "He said he would consider it an insult": the inner clause is the same speaker's words
    again, inside the outer statement; keep the outer one only (compared within a sentence)."""
    by_sentence: dict[int, list[Found]] = {}
    for f in found:
        by_sentence.setdefault(_sentence(starts, f.start), []).append(f)
    out = []
    for f in found:
        same = by_sentence[_sentence(starts, f.start)]
        if not any(
            g is not f
            and g.start <= f.start
            and f.end <= g.end
            and _len(g) > _len(f)
            and f.speaker.key is not None
            and f.speaker.key == g.speaker.key
            and g.cue is not None
            and g.cue.pos_ == "VERB"
            and g.cue.lower_ != "according"  # "according to X, X pledged ...": a statement too
            for g in same
        ):
            out.append(f)
    return out


def _sentence(starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _quotes_within(ctx: DocContext, r: Found) -> list[tuple[int, int]]:
    """Quotes that open inside the clause; the clause is stretched to their closing mark."""
    i = bisect.bisect_left(ctx.quotes, (r.start, 0))
    out = []
    while i < len(ctx.quotes) and ctx.quotes[i][0] < r.end:
        if ctx.quotes[i][1] <= r.end + _TRAILING:
            out.append(ctx.quotes[i])
        i += 1
    return out


def _words_outside(ctx: DocContext, r: Found, quotes: list[tuple[int, int]]) -> int:
    text, pos, n = ctx.article.text, r.start, 0
    for a, b in quotes:
        n += word_count(text[pos : a - 1])
        pos = b + 1
    return n + word_count(text[pos : r.end])


def _whole(q: Found, host: Found) -> bool:
    return _len(q) * 2 > _len(host)


def _date(ctx: DocContext, cue: Token | None) -> dt.date:
    """The date of the time expression attached to the cue ("said on Saturday"), by the events'
    rules: no deadline, duration or year inside a name, and a statement already made is never
    after its article (`dates.settle`); none: the article's date."""
    if cue is None:
        return ctx.article.date
    for e in ctx.time_ents[ctx.sent_of[cue.i]]:
        if not any(a.i == cue.i for a in e.root.ancestors):
            continue
        if dates.not_the_event_time(e) is not None or ctx.resolved_date(e) is None:
            continue
        return dates.settle(e.text, ctx.article.date).date
    return ctx.article.date


def to_record(ctx: DocContext, f: Found) -> StatementRecord:
    tok = ctx.doc.char_span(f.start, f.end, alignment_mode="expand")
    sentence = ctx.sent_of[tok.start] if tok is not None and len(tok) else 0
    spk = f.speaker
    return StatementRecord(
        sentence=sentence,
        start=f.start,
        end=f.end,
        text=ctx.article.text[f.start : f.end],
        kind=StatementKind(f.kind),
        cue=f.cue_label(),
        speaker=spk.key,
        date=_date(ctx, f.cue),
        speaker_start=spk.start,
        speaker_end=spk.end,
        speaker_text=ctx.article.text[spk.start : spk.end] if spk.start is not None else None,
    )
