"""Articles for `bench/extract.py`: generated news-like texts, or a JSONL corpus."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import TYPE_CHECKING

from app.extract import ArticleInput

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

_ACTORS = [
    "Egyptian intelligence officials",
    "Hamas",
    "the Palestinian Authority",
    "Israeli police",
    "President Joe Biden",
    "Russian troops",
    "the United Nations",
    "Iranian Foreign Minister Abbas Araghchi",
    "Turkish security forces",
    "the European Union",
    "Houthi rebels",
    "Indian Prime Minister Narendra Modi",
    "Chinese officials",
    "the Taliban",
    "Sudanese army commanders",
    "NATO",
    "French President Emmanuel Macron",
    "Ukrainian forces",
    "Kenyan police",
    "protesters in Nairobi",
    "the Pakistani government",
    "Hezbollah",
]
_CLAUSES = [
    "{a} met with {b} in {city} on {day} to discuss a ceasefire",
    "{a} accused {b} of violating the agreement",
    "{a} said it was ready to sign a deal with {b}",
    "{a} threatened to impose sanctions on {b}",
    "{a} called on {b} to release the prisoners",
    "{a} rejected a proposal from {b}",
    "{a} attacked positions held by {b} near {city}",
    "{a} arrested dozens of supporters of {b} last week",
    "{a} deployed troops along the border with {b}",
    "{b} was criticized by {a} for its handling of the crisis",
    "{a} pledged to send humanitarian aid to {b}",
    "{a} and {b} held talks in {city} earlier this month",
    "{a} praised {b} for its role in the negotiations",
    "{a} would never allow {b} to take control of {city}",
    "{a} withdrew its ambassador from {b}",
]
_CITIES = [
    "Cairo",
    "Gaza",
    "Kyiv",
    "Khartoum",
    "Istanbul",
    "Doha",
    "Nairobi",
    "Tehran",
    "Kabul",
    "Beirut",
    "Rafah",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_FILLER = [
    "The talks come amid growing concern over the humanitarian situation in the region.",
    "Officials did not say when a final decision would be made.",
    "\u201cWe will not accept any conditions that harm our people,\u201d a spokesman said.",
    "Analysts said the move could complicate efforts to end the conflict.",
    "The statement gave no further details.",
    "Thousands of people have been displaced by the fighting in recent months.",
]


def generated(n: int, seed: int = 7) -> list[ArticleInput]:
    """`n` synthetic news-like articles of 300-500 words (deterministic)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        paras = []
        while sum(len(p.split()) for p in paras) < rng.randint(300, 500):
            a, b = rng.sample(_ACTORS, 2)
            clause = rng.choice(_CLAUSES).format(
                a=a, b=b, city=rng.choice(_CITIES), day=rng.choice(_DAYS)
            )
            sent = clause[0].upper() + clause[1:] + "."
            paras.append(sent + " " + rng.choice(_FILLER))
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 365))
        out.append(ArticleInput(text="\n\n".join(paras), date=date, id=f"gen-{k}"))
    return out


def from_corpus(path: Path, n: int | None) -> list[ArticleInput]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            raw_date = str(rec.get("published") or rec.get("date") or "")[:10]
            try:
                date = dt.date.fromisoformat(raw_date)
            except ValueError:
                date = dt.date.today()
            out.append(
                ArticleInput(
                    text=rec["text"], date=date, title=rec.get("title"), id=str(rec.get("id"))
                )
            )
            if n and len(out) >= n:
                break
    return out
