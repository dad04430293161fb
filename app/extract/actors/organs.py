"""Organs of an organisation are actors of their own, affiliated to it: "the Security Council
agreed" is the UN Security Council's act (PLOVER names the acting body, as its annotators do),
and the affiliation keeps it findable as part of the United Nations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import org_actor
from app.extract.knowledge import norm
from app.extract.records import AffiliationRecord

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext


def organ_affiliations(ctx: DocContext) -> None:
    """Affiliate every organ the article names to its parent body (organizations.yaml
    part_of), once each."""
    kb = knowledge.organizations()
    for key, rec in list(ctx.actors.by_key.items()):
        org = kb.get(norm(rec.name)) if rec.kind == "organization" else None
        if org is None or not org.part_of or org.name != rec.name:
            continue
        parent = org_actor(ctx, org.part_of)
        if not any(a.person == key and a.organization == parent for a in ctx.affiliations):
            ctx.affiliations.append(
                AffiliationRecord(person=key, organization=parent, role="organ")
            )
