"""The actor network (`/stats/network`): nodes and edges frames for Grafana's node graph."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api import formats
from app.api.deps import SessionDep
from app.api.event_filter_params import AggregateFilterDep
from app.api.negotiation import StatsFormatDep
from app.api.params import TopDep, VersionDep
from app.api.stats import ok_responses
from app.query import network as network_q
from app.schemas.stats import Network, NetworkEdge, NetworkNode

router = APIRouter(prefix="/stats", tags=["stats"], dependencies=[VersionDep])


@router.get(
    "/network",
    response_model=Network,
    summary="Actor network: nodes and edges frames for Grafana's node graph",
    description="Edges are the `top` busiest source → target pairs (`mainstat` = events, "
    "`secondarystat` = mean Goldstein); nodes are their actors (`mainstat` = events the actor "
    "takes part in). CSV and NDJSON give one frame at a time, chosen by `frame`.",
    responses=ok_responses(
        {
            "nodes": [
                {
                    "id": "1",
                    "title": "Hamas",
                    "subtitle": "PSEREB",
                    "mainstat": 12,
                    "secondarystat": 1.2,
                },
            ],
            "edges": [
                {"id": "1-2", "source": "1", "target": "2", "mainstat": 3, "secondarystat": 1.0}
            ],
        },
        "id,source,target,mainstat,secondarystat\r\n1-2,1,2,3,1.0\r\n",
    ),
)
def network(
    session: SessionDep,
    f: AggregateFilterDep,
    top: TopDep,
    fmt: StatsFormatDep,
    frame: Annotated[
        Literal["nodes", "edges"],
        Query(description="Which frame CSV and NDJSON carry (JSON has both).", examples=["nodes"]),
    ] = "edges",
) -> Network | Response:
    found_nodes, found_edges = network_q.network(session, f, top)
    nodes = [
        NetworkNode(
            id=str(n.id),
            title=n.name,
            subtitle=n.code or n.kind,
            mainstat=n.events,
            secondarystat=n.goldstein,
        )
        for n in found_nodes
    ]
    edges = [
        NetworkEdge(
            id=f"{e.source}-{e.target}",
            source=str(e.source),
            target=str(e.target),
            mainstat=e.events,
            secondarystat=e.goldstein,
        )
        for e in found_edges
    ]
    if fmt != "json":
        chosen: list[Any] = nodes if frame == "nodes" else edges
        model = NetworkNode if frame == "nodes" else NetworkEdge
        rows = [m.model_dump() for m in chosen]
        return formats.flat_rows(rows, list(model.model_fields), fmt, f"network-{frame}")
    return Network(nodes=nodes, edges=edges)
