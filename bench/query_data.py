"""Synthetic event data for bench/query.py: actors, places and dates skewed like real event
data (Zipf-weighted actors and places, ten years of dates), generated deterministically from a
seed."""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    "talks",
    "meeting",
    "border",
    "attack",
    "troops",
    "ceasefire",
    "aid",
    "protest",
    "sanctions",
    "minister",
    "police",
    "forces",
    "government",
    "leaders",
    "officials",
    "said",
    "capital",
    "rebels",
    "election",
    "agreement",
    "visit",
    "army",
    "strike",
    "negotiations",
    "accused",
    "rejected",
    "demanded",
    "warned",
    "prisoners",
    "humanitarian",
    "economic",
    "military",
]
RARE = ("flotilla", "memorandum", "reconciliation", "blockade", "referendum")
TYPES = {  # PLOVER type: (quad, CAMEO code, weight)
    "AGREE": (1, "030", 6),
    "CONSULT": (1, "040", 14),
    "SUPPORT": (1, "051", 5),
    "CONCEDE": (1, "080", 1),
    "COOPERATE": (2, "060", 3),
    "AID": (2, "070", 3),
    "RETREAT": (2, "087", 1),
    "REQUEST": (3, "100", 6),
    "ACCUSE": (3, "112", 10),
    "REJECT": (3, "120", 4),
    "THREATEN": (3, "130", 3),
    "PROTEST": (4, "140", 5),
    "SANCTION": (4, "163", 2),
    "MOBILIZE": (4, "150", 2),
    "COERCE": (4, "173", 5),
    "ASSAULT": (4, "190", 12),
}
# Sixty real ISO 3166-1 alpha-3 codes, so `country=` resolves as it would on real data.
COUNTRIES = [
    "EGY",
    "ISR",
    "PSE",
    "QAT",
    "USA",
    "RUS",
    "UKR",
    "SYR",
    "IRQ",
    "IRN",
    "SAU",
    "TUR",
    "JOR",
    "LBN",
    "YEM",
    "LBY",
    "SDN",
    "ETH",
    "SOM",
    "KEN",
    "NGA",
    "MLI",
    "NER",
    "TCD",
    "CAF",
    "COD",
    "COG",
    "ZAF",
    "AFG",
    "PAK",
    "IND",
    "CHN",
    "PRK",
    "KOR",
    "JPN",
    "MMR",
    "THA",
    "PHL",
    "IDN",
    "VNM",
    "FRA",
    "DEU",
    "GBR",
    "ITA",
    "ESP",
    "POL",
    "BLR",
    "GEO",
    "ARM",
    "AZE",
    "VEN",
    "COL",
    "MEX",
    "BRA",
    "ARG",
    "PER",
    "CHL",
    "CUB",
    "HTI",
    "NIC",
    "SRB",
]
START = dt.date(2015, 1, 1)
DAYS = 3652


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


class Data:
    """Deterministic synthetic world: actors, places, and generators of event rows."""

    def __init__(self, n_events: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.n_events = n_events
        self.n_actors = 3000
        self.n_countries = 60
        self.cities_per_country = 20
        self.events_per_article = 10

    def actors(self) -> list[tuple[Any, ...]]:
        rows = []
        for i in range(1, self.n_actors + 1):
            kind = ("state", "organization", "person", "agent", "group")[i % 5]
            name = f"Actor {i}" if i > 3 else ("Hamas", "Egypt", "Fatah")[i - 1]
            rows.append((i, f"bench:{i}", name, kind, COUNTRIES[i % self.n_countries], None, None))
        return rows

    def aliases(self) -> list[tuple[Any, ...]]:
        return [(i, i, name, name.lower()) for i, _, name, *_ in self.actors()]

    def places(self) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        rng = random.Random(11)
        pid = 0
        self.city_coords: list[tuple[int, str, float, float]] = []
        for c in range(self.n_countries):
            lat0, lon0 = rng.uniform(-50, 60), rng.uniform(-170, 170)
            pid += 1
            country_id = pid
            code = COUNTRIES[c]
            rows.append(
                (
                    country_id,
                    f"bench:country:{c}",
                    f"Country {c}",
                    "country",
                    code,
                    lat0,
                    lon0,
                    None,
                )
            )
            for k in range(self.cities_per_country):
                pid += 1
                lat, lon = lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)
                rows.append(
                    (
                        pid,
                        f"bench:city:{c}:{k}",
                        f"City {c}-{k}",
                        "city",
                        code,
                        lat,
                        lon,
                        country_id,
                    )
                )
                self.city_coords.append((pid, code, lat, lon))
        return rows

    def articles(self) -> Iterator[tuple[Any, ...]]:
        n = math.ceil(self.n_events / self.events_per_article)
        for i in range(1, n + 1):
            day = START + dt.timedelta(days=(i * DAYS) // n)
            yield (
                i,
                None,
                f"Article {i}",
                "bench",
                day,
                "en",
                f"Synthetic article {i}.",
                f"{i:064x}",
                "bench",
                dt.datetime(2026, 1, 1),
            )

    def events(self) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(event row, participant rows) per event, ids from 1."""
        rng = self.rng
        type_names = list(TYPES)
        type_w = [TYPES[t][2] for t in type_names]
        actor_w = zipf_weights(self.n_actors)
        city_w = zipf_weights(len(self.city_coords), 1.0)
        batch = 10000
        pid = 0
        for start in range(0, self.n_events, batch):
            size = min(batch, self.n_events - start)
            kinds = rng.choices(type_names, type_w, k=size)
            sources = rng.choices(range(1, self.n_actors + 1), actor_w, k=size)
            targets = rng.choices(range(1, self.n_actors + 1), actor_w, k=size)
            cities = rng.choices(self.city_coords, city_w, k=size)
            for j in range(size):
                eid = start + j + 1
                # Later years hold more events, as news archives do.
                day = START + dt.timedelta(days=int(DAYS * math.sqrt(rng.random())))
                quad, cameo, _ = TYPES[kinds[j]]
                words = rng.choices(WORDS, k=10)
                if rng.random() < 0.002:
                    words[3] = rng.choice(RARE)
                text = " ".join(words).capitalize() + "."
                located = rng.random() < 0.8
                place_id, country, lat, lon = cities[j] if located else (None, None, None, None)
                article = (eid - 1) // self.events_per_article + 1
                yield (
                    (
                        eid,
                        article,
                        0,
                        0,
                        len(text),
                        text,
                        words[0],
                        0,
                        len(words[0]),
                        kinds[j],
                        cameo,
                        quad,
                        0.0,
                        day,
                        "day",
                        place_id,
                        country,
                        lat,
                        lon,
                        rng.random() < 0.03,
                        rng.random() < 0.05,
                        round(rng.random(), 3),
                    ),
                    [
                        (pid + 1, eid, sources[j], "source", day, kinds[j]),
                        (
                            pid + 2,
                            eid,
                            targets[j]
                            if targets[j] != sources[j]
                            else (targets[j] % self.n_actors) + 1,
                            "target",
                            day,
                            kinds[j],
                        ),
                    ],
                )
                pid += 2
