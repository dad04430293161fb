"""A small generated corpus: distinct, short, entity-rich texts that extract in milliseconds."""

from __future__ import annotations

import json
from pathlib import Path

LEADERS = ["Joe Biden", "Emmanuel Macron", "Olaf Scholz", "Recep Tayyip Erdogan", "Narendra Modi"]
CITIES = ["Cairo", "Paris", "Berlin", "Ankara", "Delhi", "Doha", "Amman"]
ORGS = ["Hamas", "NATO", "the United Nations", "the European Union"]


def article_text(i: int) -> str:
    leader = LEADERS[i % len(LEADERS)]
    city = CITIES[i % len(CITIES)]
    org = ORGS[i % len(ORGS)]
    return (
        f"{leader} met officials of {org} in {city} on Monday, report number {i}. "
        f'"We will keep talking," {leader} said. Police arrested {i + 2} protesters in {city}.'
    )


def write_jsonl(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + n):
            out.write(
                json.dumps(
                    {"id": str(i), "text": article_text(i), "date": "2024-03-0" + str(1 + i % 9)}
                )
                + "\n"
            )
    return path
