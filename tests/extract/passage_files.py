"""The hand-written test passages: every `passages/*.yaml`, read in file-name order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PASSAGE_DIR = Path(__file__).parent / "passages"


def load_passages() -> list[dict[str, Any]]:
    """All cases from every passage file; an id used twice fails here, not as a confusing pass."""
    cases: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in sorted(PASSAGE_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text("utf-8")) or []:
            if case["id"] in seen:
                raise ValueError(
                    f"passage id {case['id']!r} is in {seen[case['id']]} and {path.name}"
                )
            seen[case["id"]] = path.name
            cases.append(case)
    return cases
