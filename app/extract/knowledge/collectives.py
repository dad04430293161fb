"""Named collectives: political organisations (`organizations.yaml`) and religious, ethnic and
sectarian groups (`groups.yaml`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from app.extract.knowledge.files import data_text, norm


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    code: str | None
    kind: str
    cues: frozenset[str] = frozenset()  # lower-case words that point to it in an article
    part_of: str | None = None  # the body it is an organ of ("UN Security Council": the UN)


@functools.lru_cache(maxsize=1)
def organization_list() -> tuple[Organization, ...]:
    """Every organisation of `organizations.yaml`, in file order."""
    return tuple(
        Organization(
            name=item["name"],
            aliases=tuple(item.get("aliases") or ()),
            country=item.get("country"),
            code=item.get("code"),
            kind=item.get("kind") or "organization",
            cues=frozenset(str(c).lower() for c in item.get("cues") or ()),
            part_of=item.get("part_of"),
        )
        for item in yaml.safe_load(data_text("organizations.yaml")) or []
    )


@functools.lru_cache(maxsize=1)
def organizations() -> dict[str, Organization]:
    """Normalised name or alias -> organisation (the first listed, for a shared alias)."""
    out: dict[str, Organization] = {}
    for org in organization_list():
        for n in (org.name, *org.aliases):
            out.setdefault(norm(n), org)
    return out


@functools.lru_cache(maxsize=1)
def shared_aliases() -> dict[str, tuple[Organization, ...]]:
    """Normalised alias -> the different organisations that share it ("RSF")."""
    found: dict[str, list[Organization]] = {}
    for org in organization_list():
        for n in (org.name, *org.aliases):
            orgs = found.setdefault(norm(n), [])
            if all(o.name != org.name for o in orgs):
                orgs.append(org)
    return {k: tuple(v) for k, v in found.items() if len(v) > 1}


@dataclass(frozen=True)
class SocialGroups:
    by_form: dict[str, str]  # normalised form -> canonical group name
    religions: frozenset[str]  # normalised names of faiths: never actors


@functools.lru_cache(maxsize=1)
def social_groups() -> SocialGroups:
    """Religious, ethnic and sectarian groups (`groups.yaml`)."""
    raw = yaml.safe_load(data_text("groups.yaml")) or {}
    by_form: dict[str, str] = {}
    for item in raw.get("groups") or []:
        for form in (item["name"], *(item.get("forms") or ())):
            by_form.setdefault(norm(str(form)), item["name"])
    religions = frozenset(norm(str(r)) for r in raw.get("religions") or ())
    return SocialGroups(by_form, religions)
