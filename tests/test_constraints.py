"""constraints.txt pins every dependency pyproject names, at a version its range allows: a
dependency added without `make upgrade`, or a range narrowed past its pin, fails here."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"constraints.txt: {line!r} is not name==version"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project["dependencies"], *extras.get("dev", [])]]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    unpinned = [str(r) for r in _declared() if canonicalize_name(r.name) not in pins]
    assert not unpinned, f"not in constraints.txt (run `make upgrade`): {unpinned}"
    outside = [
        f"{r} (pinned {pins[canonicalize_name(r.name)]})"
        for r in _declared()
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not outside, f"pins outside pyproject's ranges (run `make upgrade`): {outside}"
