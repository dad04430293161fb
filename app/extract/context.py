"""Per-article working state shared by the extraction steps.

One `DocContext` is made per parsed article. It holds the parse (read only), three typed
registries that the steps fill — `ActorRegistry`, `PlaceRegistry` and `TokenLinks` (which
token stands for which actor or place) — and the output lists. Which step reads and writes
which part is declared in `steps.py` and checked there; `pipeline.py` runs the steps and turns
the context into an `Extraction`.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.extract.records import (
    ActorRecord,
    AffiliationRecord,
    ArticleInput,
    EventRecord,
    MentionRecord,
    PlaceRecord,
    StatementRecord,
)
from app.extract.token_table import TokenTable
from app.vocab import ActorKind, EntityType

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from spacy.tokens import Doc, Span, Token

    from app.extract.dates import Resolved


@dataclass
class ActorRegistry:
    """The article's actors, one per identity, and the indexes that find them again."""

    records: list[ActorRecord] = field(default_factory=list)
    by_key: dict[str, ActorRecord] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)  # identity string -> actor key
    alias_index: dict[str, str] = field(default_factory=dict)  # normalised alias -> actor key
    surnames: dict[str, list[str]] = field(default_factory=dict)  # surname -> person keys
    given_names: dict[str, list[str]] = field(default_factory=dict)  # first token -> person keys
    # surname key -> person first named by surname alone ("Sharaa" before "Ahmed al-Sharaa")
    bare_surnames: dict[str, str] = field(default_factory=dict)
    # persons named beside a kinship noun ("his son, Shkelzen Berisha"): a bare surname keeps
    # meaning the story's person, not them ("Berisha ... his son, Shkelzen Berisha ... Berisha")
    relatives: set[str] = field(default_factory=set)
    media: set[str] = field(default_factory=set)  # actor keys of news outlets

    def ensure(
        self,
        identity: str,
        name: str,
        kind: str,
        *,
        country: str | None = None,
        code: str | None = None,
        description: str | None = None,
    ) -> str:
        """Key of the actor with this identity, creating it on first sight."""
        key = self.identity.get(identity)
        if key is None:
            key = f"a{len(self.records) + 1}"
            rec = ActorRecord(
                key=key,
                name=name,
                kind=ActorKind(kind),
                country=country,
                code=code,
                description=description,
                aliases=[name],
            )
            self.records.append(rec)
            self.by_key[key] = rec
            self.identity[identity] = key
        return key

    def add_alias(self, key: str, alias: str) -> None:
        rec = self.by_key[key]
        alias = " ".join(alias.split())
        if alias and alias not in rec.aliases:
            rec.aliases.append(alias)

    def kind_of(self, key: str) -> str:
        return self.by_key[key].kind


@dataclass
class PlaceRegistry:
    """The article's places, one per gazetteer identity, with how the text uses them."""

    records: list[PlaceRecord] = field(default_factory=list)
    by_key: dict[str, PlaceRecord] = field(default_factory=dict)
    ident: dict[str, str] = field(default_factory=dict)  # gazetteer identity -> place key
    counts: Counter[str] = field(default_factory=Counter)  # place key -> weighted mentions
    locative: set[str] = field(default_factory=set)  # keys ever used as a location ("in X")
    capital_of: dict[str, str] = field(default_factory=dict)  # place key of a capital -> alpha-3


@dataclass
class TokenLinks:
    """Per token: the actor and the place it stands for (None when it names neither)."""

    actor: list[str | None]
    place: list[str | None]

    @classmethod
    def empty(cls, n: int) -> TokenLinks:
        return cls(actor=[None] * n, place=[None] * n)


def _trimmed(sent: Span) -> Span:
    """The sentence without the whitespace tokens spaCy attaches to its ends (leading spaces,
    blank lines), so a sentence's offsets slice to its words."""
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent if start == end else sent.doc[start:end]


@dataclass
class DocContext:
    # the parse (read only)
    article: ArticleInput
    doc: Doc
    text: str  # the normalised text the doc was parsed from
    sents: list[Span]
    sent_of: list[int]  # token index -> sentence index
    time_ents: list[list[Span]]  # DATE/TIME entities per sentence
    quotes: list[tuple[int, int]]  # (start, end) inside quotation marks
    links: TokenLinks
    # registries the steps fill
    actors: ActorRegistry = field(default_factory=ActorRegistry)
    places: PlaceRegistry = field(default_factory=PlaceRegistry)
    country_context: Counter[str] = field(default_factory=Counter)  # alpha-3 -> evidence
    statement_authors: list[tuple[int, str]] = field(default_factory=list)  # (token i, actor key)
    # outputs
    mentions: list[MentionRecord] = field(default_factory=list)
    affiliations: list[AffiliationRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    _date_cache: dict[tuple[int, bool], Resolved | None] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        article: ArticleInput,
        doc: Doc,
        quotes: list[tuple[int, int]] | None = None,
        text: str | None = None,
    ) -> DocContext:
        whole = list(doc.sents)
        sents = [_trimmed(s) for s in whole]
        sent_of = [0] * len(doc)
        for si, s in enumerate(whole):
            sent_of[s.start : s.end] = [si] * (s.end - s.start)
        time_ents: list[list[Span]] = [[] for _ in sents]
        ents = doc.ents
        for ent in ents:
            if ent.label_ in ("DATE", "TIME"):
                time_ents[sent_of[ent.start]].append(ent)
        ctx = cls(
            article=article,
            doc=doc,
            text=doc.text if text is None else text,
            sents=sents,
            sent_of=sent_of,
            time_ents=time_ents,
            quotes=sorted(quotes or []),
            links=TokenLinks.empty(len(doc)),
        )
        ctx.ents = ents
        return ctx

    @functools.cached_property
    def ents(self) -> Sequence[Span]:
        """`doc.ents`, made once (spaCy makes a new `Span` per entity at every read); the steps
        read the entities and never set them."""
        return self.doc.ents

    @functools.cached_property
    def table(self) -> TokenTable:
        """The parse's per-token attributes (read on first use, after the NER is final)."""
        return TokenTable(self.doc)

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The quotation that contains character offset `char`, if any."""
        i = bisect.bisect_right(self.quotes, (char, 1 << 62)) - 1
        if i >= 0 and self.quotes[i][0] <= char < self.quotes[i][1]:
            return self.quotes[i]
        return None

    def quote_tokens(self, quote: tuple[int, int]) -> Span | None:
        """The tokens of a quotation (None if none lies in it). Taken over the whole quotation,
        since its first or last character may be a space ('" He fired'), which no token covers."""
        span = self.doc.char_span(quote[0], quote[1], alignment_mode="expand")
        return span if span is not None and len(span) else None

    def resolved_date(self, ent: Span, future: bool = False) -> Resolved | None:
        """Resolved (date, precision) of a DATE/TIME entity, cached; None if it names no date."""
        from app.extract import dates

        key = (ent.start_char, future)
        if key not in self._date_cache:
            self._date_cache[key] = dates.resolve(ent.text, self.article.date, future)
        return self._date_cache[key]

    # ------------------------------------------------------------------ mentions and links

    def add_mention(self, key: str, entity_type: EntityType, start: int, end: int) -> None:
        """Record the text of tokens [start, end) as a mention of actor or place `key`."""
        first, end_char = self.char_range(start, end)
        self.mentions.append(
            MentionRecord(
                entity=key,
                entity_type=entity_type,
                sentence=self.sent_of[start],
                start=first,
                end=end_char,
                text=self.article.text[first:end_char],
            )
        )

    def char_range(self, start: int, end: int) -> tuple[int, int]:
        """`doc[start:end]`'s (start_char, end_char), read off its two end tokens when they are
        in the doc (a `Span` costs more to make than what it is asked for here)."""
        doc = self.doc
        if 0 <= start < end <= len(doc):
            last = doc[end - 1]
            return doc[start].idx, last.idx + len(last)
        span = doc[start:end]
        return span.start_char, span.end_char

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, sliced from the parsed text (a `Span` costs more to make)."""
        if start >= end:
            return ""
        first, end_char = self.char_range(start, end)
        return self.text[first:end_char]

    def mention_actor(
        self, key: str, start: int, end: int, *, override: bool = True, alias: bool = True
    ) -> None:
        """Record that tokens [start, end) name actor `key`."""
        if start >= end:
            return
        if not override and any(self.links.actor[i] for i in range(start, end)):
            return
        for i in range(start, end):
            self.links.actor[i] = key
        self.add_mention(key, EntityType.ACTOR, start, end)
        if alias:
            self.actors.add_alias(key, self.mentions[-1].text)  # the mention just recorded

    def link_token(self, key: str, i: int) -> None:
        """Let token `i` stand for actor `key` in argument positions, without a new mention."""
        if self.links.actor[i] is None:
            self.links.actor[i] = key

    def actor_at(self, tok: Token) -> str | None:
        return self.links.actor[tok.i]

    def kind_of(self, key: str) -> str:
        return self.actors.kind_of(key)

    def dominant_country(self) -> str | None:
        if not self.country_context:
            return None
        (code, n), *rest = self.country_context.most_common(2)
        if rest and rest[0][1] == n:
            return None
        return code
