"""Name look-up with article context: which of the places called "Kingston" is meant."""

from __future__ import annotations

import functools
import math
from collections import Counter

from app.extract.gazetteer.compile import Index, Keys
from app.extract.gazetteer.entry import GazetteerEntry, fold

# Scores are log10(population) plus bonuses. A division ("Punjab", "Victoria") counts as a place
# of 10^(5.5 + log10(towns in it) / 2) people: big cities ("Kabul", "New York") outrank the province
# of the same name, small towns do not. Context bonuses are in the same log units: a country the
# article names is worth a factor 1000 in population, a first-level division a further 1000, so
# "Kingston" near Brisbane is in Queensland, but "London" in a story about Ohio is still London.
DIVISION_BASE = 5.5
# A second-level division (an English county, a Nigerian LGA) counts as 10^(3.5 + log10(towns)/2)
# people: it beats a small namesake town abroad ("Hampshire", Illinois), not a sizeable one
# ("Kent", Washington) unless the article is about its country.
ADMIN2_BASE = 3.5
# A town's primary name beats another town's alternate name, often an old one ("Salisbury" is
# Salisbury, England, not Harare); a division's short form ("Gaza" for "Gaza Province") yields
# to a town of that name by less.
ALTERNATE_PENALTY = 2.0
DIVISION_ALTERNATE_PENALTY = 1.0
CAPITAL_BONUS = 1.5  # national capitals are what a bare name most often means
COUNTRY_WEIGHT = 3.0
COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    ]
)
ADMIN1_WEIGHT = 3.0
# Words news writes after a division's name ("Guma Local Government Area", "Sokoto State"): when
# nothing has the written name, the name without them is looked up among divisions only.
DIVISION_WORDS = (
    "local government area",
    "lga",
    "district",
    "county",
    "province",
    "state",
    "region",
    "governorate",
    "agency",
    "municipality",
)


def ends_with_division_word(name: str) -> bool:
    """ "Guma Local Government Area", "Daviess County": a name written as a division's."""
    key = fold(name)
    return any(key.endswith(f" {word}") for word in DIVISION_WORDS)


def _rows(keys: Keys, key: str) -> tuple[int, ...]:
    hit = keys.get(key)
    if hit is None:
        return ()
    return (hit,) if isinstance(hit, int) else hit


class Gazetteer:
    """Look-up order: Dyad's territories, country names (a country name never resolves to a town
    abroad), then divisions and towns ranked by the article's context (countries and first-level
    divisions already seen), then by size."""

    def __init__(self, index: Index, special: dict[str, GazetteerEntry]) -> None:
        self.index = index
        self.special = special
        self.capitals = index.capitals

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one process-wide instance
    def town(self, row: int) -> GazetteerEntry:
        ix = self.index
        a3 = ix.town_country[row]
        parent = ix.country_by_code[a3].name if a3 in ix.country_by_code else None
        return GazetteerEntry(
            name=ix.town_name[row],
            kind="city",
            country=a3,
            lat=ix.town_lat[row],
            lon=ix.town_lon[row],
            geonames_id=ix.town_gid[row],
            population=ix.town_pop[row],
            parent=parent,
            admin1=ix.town_admin1[row],
        )

    def country(self, alpha3: str) -> GazetteerEntry | None:
        return self.index.country_by_code.get(alpha3)

    def division(self, code: str) -> GazetteerEntry | None:
        """The first-level division with this code ("AUS.04")."""
        return self.index.division_by_code.get(code)

    def towns_named(self, name: str) -> list[GazetteerEntry]:
        """Towns whose primary name this is."""
        return [self.town(r) for r in _rows(self.index.town_keys, fold(name))]

    def ambiguous(self, name: str, entry: GazetteerEntry) -> bool:
        """True when another town of this name is at least a tenth the size of `entry`: "Brisbane"
        is Brisbane, Queensland (Brisbane, California is tiny), "Kingston" is ambiguous."""
        if entry.kind != "city":
            return False
        return any(
            t.geonames_id != entry.geonames_id and t.population * 10 >= entry.population
            for t in self.towns_named(name)
        )

    def abbreviation(self, written: str) -> GazetteerEntry | None:
        """The division an abbreviation stands for ("N.J.", "Ky.", "B.C."), written exactly so."""
        full = self.index.abbreviations.get(" ".join(written.split()))
        if full is None:
            return None
        cands = [d for d in self.index.divisions.get(full, ()) if d.country in ("USA", "CAN")]
        return cands[0] if cands else None

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one process-wide instance
    def known(self, name: str) -> bool:
        """False when `lookup(name, ...)` finds nothing whatever the context (which only ranks
        what is found): a cheap test before the look-up, for the many capitalised words of a
        text that name no place."""
        if self.abbreviation(name):
            return True
        key = fold(name)
        if not key:
            return False
        ix = self.index
        if (
            key in self.special
            or f"{key} ocean" in self.special
            or f"{key} sea" in self.special
            or key in ix.countries
            or key in ix.divisions
            or key in ix.town_keys
            or key in ix.alt_keys
        ):
            return True
        first, _, rest = name.strip().partition(" ")
        if rest and first.casefold() in COMPASS and self.known(rest):
            return True
        return any(
            key.endswith(f" {word}") and self.known(key[: -len(word) - 1])
            for word in DIVISION_WORDS
        )

    def lookup(
        self, name: str, context: Counter[str] | None = None, min_population: int = 0
    ) -> GazetteerEntry | None:
        """The place `name` most likely means, given `context` (counts of alpha-3 country codes
        and admin-1 codes such as "AUS.04" already seen in the article); towns smaller than
        `min_population` are not considered. "South Florida", "northern Syria": the part of a
        country or division is placed at the whole when nothing has the full name."""
        if not self.known(name):
            return None  # most capitalised words of a text: nothing to rank
        if not context and not min_population:
            return self._plain(name)
        return self._in_context(name, context, min_population)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one process-wide instance
    def _plain(self, name: str) -> GazetteerEntry | None:
        return self._in_context(name, None, 0)

    def _in_context(
        self, name: str, context: Counter[str] | None, min_population: int
    ) -> GazetteerEntry | None:
        hit = self._lookup(name, context, min_population)
        if hit is not None:
            return hit
        first, _, rest = name.strip().partition(" ")
        if rest and first.casefold() in COMPASS:
            whole = self._lookup(rest, context, min_population)
            if whole is not None and whole.kind in ("country", "region", "territory"):
                return whole
        key = fold(name)
        for word in DIVISION_WORDS:
            if key.endswith(f" {word}"):
                bare = self._lookup(key[: -len(word) - 1], context, min_population)
                if bare is not None and bare.level:
                    return bare
        return None

    def _lookup(  # noqa: C901 - ordered rule cascade, see [tool.ruff.lint.mccabe]
        self, name: str, context: Counter[str] | None, min_population: int
    ) -> GazetteerEntry | None:
        ctx = context or Counter()
        abbr = self.abbreviation(name)
        if abbr:
            return abbr
        key = fold(name)
        if not key:
            return None
        short_caps = name.strip().isupper() and len(key.replace(" ", "")) <= 3
        hit = (
            self.special.get(key)
            or self.special.get(f"{key} ocean")
            or self.special.get(f"{key} sea")
        )
        if hit:
            return hit  # "the Atlantic" is the ocean, not Atlantic, Iowa
        divisions = self.index.divisions.get(key, [])
        hit = self.index.countries.get(key)
        if hit:
            # "Georgia" in an article about Atlanta is the state, otherwise the country.
            for d in divisions:
                if fold(d.name) != key:
                    continue  # "Niger" is the country, not Nigeria's Niger State
                if ctx.get(d.country or "", 0) > 0 and not ctx.get(hit.country or "", 0):
                    return d
            return hit
        if short_caps or key in COMPASS:
            return None  # "WA": an abbreviation, not Wa in Ghana; "the West" is not West, Texas
        best: GazetteerEntry | None = None
        best_score = -math.inf
        ix = self.index
        for penalty, rows in (
            (0.0, _rows(ix.town_keys, key)),
            (ALTERNATE_PENALTY, _rows(ix.alt_keys, key)),
        ):
            for r in rows:
                pop = ix.town_pop[r]
                if pop < min_population:
                    continue
                a3 = ix.town_country[r]
                score = self._context_score(a3, ix.town_admin1[r], ctx)
                score += math.log10(pop + 10) - penalty
                if not penalty and a3 and self.capitals.get(key) == a3:
                    score += CAPITAL_BONUS
                if score > best_score:
                    best, best_score = self.town(r), score
        for rank, d in enumerate(divisions):  # listed largest first
            score = self._context_score(d.country, d.admin1, ctx)
            towns = ix.division_towns.get(f"{d.country}:{d.name}", 1)
            base = ADMIN2_BASE if d.level == 2 else DIVISION_BASE
            score += base + math.log10(towns) / 2 - rank * 1e-3
            if fold(d.name) != key:
                score -= DIVISION_ALTERNATE_PENALTY  # "Gaza" for "Gaza Province": the city first
            if score > best_score:
                best, best_score = d, score
        return best

    @staticmethod
    def _context_score(country: str | None, admin1: str | None, ctx: Counter[str]) -> float:
        score = 0.0
        if country and ctx.get(country, 0):
            score += COUNTRY_WEIGHT
        if admin1 and ctx.get(admin1, 0):
            score += ADMIN1_WEIGHT
        return score
