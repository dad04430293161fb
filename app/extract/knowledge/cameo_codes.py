"""CAMEO codes: names, Goldstein scores, PLOVER types and quad classes (`cameo.csv`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from app.extract.knowledge.files import csv_rows


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: str

    @property
    def quad_class(self) -> int:
        root = int(self.code[:2])
        if root <= 5:
            return 1
        if root <= 8:
            return 2
        if root <= 13:
            return 3
        return 4


@functools.lru_cache(maxsize=1)
def cameo() -> dict[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for row in csv_rows("cameo.csv"):
        out[row["code"]] = CameoCode(
            row["code"], row["name"], float(row["goldstein"]), row["plover"]
        )
    return out


def cameo_info(code: str) -> CameoCode:
    table = cameo()
    c = code
    while c and c not in table:
        c = c[:-1]
    if not c:
        raise KeyError(code)
    return table[c]
