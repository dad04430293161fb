from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from app.vocab import ActorKind


class ActorRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: ActorKind
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    code: str | None = Field(None, description="CAMEO-style actor code, e.g. EGYSPY")


class Affiliation(BaseModel):
    actor: ActorRef
    role: str | None
    first_article_id: int | None
    last_article_id: int | None


class ActorDetail(ActorRef):
    description: str | None = None
    aliases: list[str]
    affiliations: list[Affiliation] = Field(
        description="Organisations and states this actor belongs to."
    )
    members: list[Affiliation] = Field(
        description="People, agents and organs (role 'organ': the UN Security Council of the "
        "United Nations) affiliated with this actor."
    )
    event_count: int
    statement_count: int
    first_seen: dt.date | None
    last_seen: dt.date | None
