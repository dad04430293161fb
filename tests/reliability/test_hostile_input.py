"""Hostile input over HTTP: whatever a client sends, the answer is a 2xx or a 4xx problem+json,
never a 5xx. Property tests (hypothesis) cover every parser the API exposes; the named cases
cover the classics (SQL metacharacters, LIKE wildcards, forged cursors, huge numbers, absurd
dates, NUL bytes, invalid UTF-8, oversized and deeply nested bodies)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.db import get_sessionmaker
from app.main import create_app
from app.models import Actor, Article, Event
from app.security.keys import create_key
from tests.api.seeded import seed_events
from tests.conftest import _empty_tables
from tests.reliability.conftest import PROBLEM, assert_problem

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
EVENT_LISTS = [
    "/events",
    "/stats/timeline",
    "/stats/dyads",
    "/stats/actors",
    "/stats/types",
    "/stats/places",
]


@pytest.fixture(scope="module")
def hostile(engine: Engine) -> Iterator[dict[str, Any]]:
    _empty_tables(engine)
    with get_sessionmaker()() as session:
        seed_events(session)
        key = create_key(session, "hostile", "write").key
        session.commit()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield {"client": client, "auth": {"Authorization": f"Bearer {key}"}}
    _empty_tables(engine)


@pytest.fixture(scope="module")
def client(hostile: dict[str, Any]) -> TestClient:
    return hostile["client"]


def assert_handled(response: Any) -> None:
    """2xx/3xx, or a 4xx problem+json document; never a 5xx."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert_problem(response, response.status_code)


def counts() -> tuple[int, int, int]:
    with get_sessionmaker()() as s:
        return tuple(
            s.execute(select(func.count()).select_from(m)).scalar_one()  # type: ignore[return-value]
            for m in (Article, Event, Actor)
        )


# --- property tests over every parser -------------------------------------------------------

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(
        ["nan", "inf", "-inf", "1e400", "-0", "0x10", "1_000", " 1", "١٢", "+5", "", "."]
    ),
)
csv_numbers = st.lists(numbers, min_size=0, max_size=6).map(",".join)
iso_like_dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"),
    st.sampled_from(
        [
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "2017-02-29",
            "2016-02-29",
            "2017-09-11T10:00:00",
            "20170911",
            "2017-W37",
            "2017-09",
            "-2017-09-11",
        ]
    ),
)
words = st.text(max_size=40)
type_lists = st.lists(
    st.one_of(st.sampled_from(["ASSAULT", "consult", "AID", "aid ", ""]), words), max_size=5
).map(",".join)

PARAMS: dict[str, st.SearchStrategy[str]] = {
    "date_from": st.one_of(iso_like_dates, words),
    "date_to": st.one_of(iso_like_dates, words),
    "date": st.one_of(iso_like_dates, words),
    "bbox": st.one_of(csv_numbers, words),
    "near": st.one_of(csv_numbers, words),
    "radius_km": numbers,
    "type": type_lists,
    "cameo": st.one_of(st.from_regex(r"\A[0-9]{0,6}\Z"), words),
    "quad": st.one_of(csv_numbers, words),
    "sort": st.one_of(
        st.sampled_from(["date", "-date", "confidence", "-confidence", "--date", "id"]), words
    ),
    "limit": numbers,
    "min_confidence": numbers,
    "article": numbers,
    "actor": words,
    "source": words,
    "target": words,
    "dyad": st.one_of(st.tuples(words, words).map(",".join), words),
    "place": words,
    "country": words,
    "q": words,
    "cursor": words,
    "actor_role": words,
    "negated": words,
    "interval": words,
    "by": words,
    "top": numbers,
    "format": st.one_of(st.sampled_from(["json", "csv", "geojson", "ndjson"]), words),
}


@PROPERTY
@given(
    path=st.sampled_from(EVENT_LISTS),
    query=st.dictionaries(
        st.sampled_from(sorted(PARAMS)), st.just(""), min_size=1, max_size=4
    ).flatmap(lambda keys: st.fixed_dictionaries({k: PARAMS[k] for k in keys})),
)
def test_event_filter_parameters_never_fail_the_server(
    client: TestClient, path: str, query: dict[str, str]
) -> None:
    assert_handled(client.get(path, params=query))


@PROPERTY
@given(
    path=st.sampled_from(["/actors", "/places", "/statements", "/articles"]),
    query=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "kind",
                "country",
                "bbox",
                "speaker",
                "about",
                "date_from",
                "date_to",
                "limit",
                "cursor",
                "count",
                "article",
            ]
        ),
        st.one_of(words, numbers, iso_like_dates, csv_numbers),
        min_size=1,
        max_size=3,
    ),
)
def test_resource_list_parameters_never_fail_the_server(
    client: TestClient, path: str, query: dict[str, str]
) -> None:
    assert_handled(client.get(path, params=query))


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        iso_like_dates,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=6,
)


def forge(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@PROPERTY
@given(
    sort=st.sampled_from(["date", "-date", "confidence", "-confidence"]),
    key=st.one_of(st.lists(json_values, max_size=4), json_values),
    path=st.sampled_from(["/events", "/actors", "/places", "/statements", "/articles"]),
)
@example(sort="-date", key=["9999-12-31", 10**30], path="/events")
@example(sort="-date", key=["2017-09-11", 1e300], path="/events")
@example(sort="confidence", key=[1e308, 9223372036854775808], path="/events")
@example(sort="-date", key=[], path="/events")
def test_forged_cursors_are_refused_cleanly(
    client: TestClient, sort: str, key: Any, path: str
) -> None:
    params = {"cursor": forge({"s": sort, "k": key})}
    if path == "/events":
        params["sort"] = sort
    assert_handled(client.get(path, params=params))


@PROPERTY
@given(cursor=st.text(max_size=80))
def test_arbitrary_cursor_text_is_refused_cleanly(client: TestClient, cursor: str) -> None:
    for path in ("/events", "/actors", "/articles"):
        assert_handled(client.get(path, params={"cursor": cursor}))


# --- named cases --------------------------------------------------------------------------

SQL_NASTIES = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    '" OR ""="',
    "1; DELETE FROM actors",
    "%",
    "_",
    "%%",
    "h_mas",
    "Ham%",
    "\\",
    "\\%",
    "[a-z]*",
    "*",
    "' UNION SELECT * FROM api_keys --",
]


@pytest.mark.parametrize("value", SQL_NASTIES)
def test_sql_metacharacters_and_like_wildcards_are_plain_text(
    client: TestClient, value: str
) -> None:
    before = counts()
    # The seeded names are Hamas, Fatah, Egypt, Qatar, Egyptian intelligence, Mahmoud Abbas:
    # none contains these characters, so as text they match nothing.
    actors = client.get("/actors", params={"q": value})
    assert_handled(actors)
    assert actors.json()["items"] == [], f"q={value!r} acted as a pattern"
    for name in ("actor", "source", "target", "place", "country"):
        r = client.get("/events", params={name: value})
        assert_handled(r)
        assert r.status_code == 422 or r.json()["items"] == [], (
            f"{name}={value!r} matched something"
        )
    r = client.get("/events", params={"q": value})
    assert_handled(r)
    assert r.status_code == 422 or r.json()["items"] == [], f"q={value!r} matched something"
    for path in ("/places", "/statements"):
        r = client.get(path, params={"q": value})
        assert_handled(r)
        assert r.status_code == 422 or r.json()["items"] == [], (
            f"{path}?q={value!r} matched something"
        )
    assert counts() == before


def test_like_wildcards_do_not_widen_an_actor_search(client: TestClient) -> None:
    assert [a["name"] for a in client.get("/actors", params={"q": "ham"}).json()["items"]] == [
        "Hamas"
    ]
    for pattern in ("h%", "ha_", "%mas", "h_m"):
        assert client.get("/actors", params={"q": pattern}).json()["items"] == [], pattern


def test_forged_and_truncated_cursors_are_422(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 1})
    cursor = first.json()["next"].split("cursor=")[1]
    assert client.get("/events", params={"limit": 1, "cursor": cursor}).status_code == 200
    for bad in (
        cursor[:-3],
        cursor[: len(cursor) // 2],
        cursor + "x",
        "!!!",
        "e30",
        forge({"s": "-date", "k": "x"}),
        forge({"s": "-date", "k": ["2017-09-11"]}),
        forge({"s": "date", "k": ["2017-09-11", 1]}),
    ):
        assert_problem(client.get("/events", params={"limit": 1, "cursor": bad}), 422)


@pytest.mark.parametrize("limit", ["1000000000", str(10**30), "0", "-1", "1e3", "NaN"])
def test_absurd_limits_are_422(client: TestClient, limit: str) -> None:
    for path in ("/events", "/actors", "/articles", "/statements", "/places"):
        assert_problem(client.get(path, params={"limit": limit}), 422)


def test_limit_at_the_cap_is_accepted(client: TestClient) -> None:
    assert client.get("/events", params={"limit": 500}).status_code == 200
    assert_problem(client.get("/events", params={"limit": 501}), 422)


@pytest.mark.parametrize(
    "day", ["0000-00-00", "2017-02-30", "2017-13-01", "99999-01-01", "-0001-01-01"]
)
def test_impossible_dates_are_422(client: TestClient, day: str) -> None:
    for name in ("date_from", "date_to", "date"):
        assert_problem(client.get("/events", params={name: day}), 422)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extreme_valid_dates_are_answered(client: TestClient, day: str) -> None:
    for name in ("date_from", "date_to", "date"):
        for path in EVENT_LISTS:
            r = client.get(path, params={name: day})
            if path == "/stats/timeline" and name != "date":
                # The timeline fills the requested range: thousands of years of periods are
                # refused with a problem asking for a coarser interval, never a 5xx.
                assert r.status_code == 200 or r.json()["param"] == "interval", r.text[:300]
                continue
            assert r.status_code == 200, (path, name, day)
    for interval in ("day", "week", "month"):
        r = client.get("/stats/timeline", params={"interval": interval, "date": day})
        assert r.status_code == 200, (interval, day, r.text[:300])
    assert client.get("/statements", params={"date_from": day}).status_code == 200


@pytest.mark.parametrize(
    "value", ["\x00", "Ham\x00as", "\x00%", "\u202e", "\ufeff", "\U0001f4a3" * 50]
)
def test_nul_and_odd_characters_in_text_parameters(client: TestClient, value: str) -> None:
    for path, name in (
        ("/events", "actor"),
        ("/events", "q"),
        ("/events", "place"),
        ("/events", "country"),
        ("/actors", "q"),
        ("/places", "q"),
        ("/statements", "q"),
        ("/statements", "speaker"),
    ):
        assert_handled(client.get(path, params={name: value}))


@pytest.mark.parametrize(
    "raw", ["actor=%FF%FE", "q=%C3%28", "place=%ED%A0%80", "actor=%", "q=%zz", "cursor=%80"]
)
def test_invalid_utf8_and_bad_escapes_in_the_query_string(client: TestClient, raw: str) -> None:
    for path in ("/events", "/actors", "/places", "/statements"):
        assert_handled(client.get(f"{path}?{raw}"))


@pytest.mark.parametrize("value", [str(2**63), str(10**30), "-1", "0", "1.5", "1e3", "٣"])
def test_out_of_range_ids_in_paths_and_queries(client: TestClient, value: str) -> None:
    for path in (
        f"/events/{quote(value)}",
        f"/actors/{quote(value)}",
        f"/actors/{quote(value)}/events",
        f"/actors/{quote(value)}/statements",
        f"/actors/{quote(value)}/network",
        f"/places/{quote(value)}",
        f"/places/{quote(value)}/events",
        f"/articles/{quote(value)}",
    ):
        assert_handled(client.get(path))
    assert_handled(client.get("/events", params={"article": value}))
    assert_handled(client.get("/statements", params={"article": value}))


@pytest.mark.parametrize(
    "value", ["1e400", "-1e400", "nan", "inf", "1e-400", "91,0", "0,181", "1,2,3,4,5"]
)
def test_geo_parameters_with_non_finite_or_out_of_range_numbers(
    client: TestClient, value: str
) -> None:
    assert_handled(
        client.get("/events", params={"near": f"{value},0" if "," not in value else value})
    )
    assert_handled(client.get("/events", params={"near": "30,31", "radius_km": value}))
    assert_handled(client.get("/events", params={"bbox": f"{value},{value},{value},{value}"}))
    assert_handled(client.get("/events", params={"min_confidence": value}))


# --- bodies --------------------------------------------------------------------------------

WRITE_PATHS = ["/articles", "/ingest-jobs", "/extract"]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_ten_megabyte_body_is_413(hostile: dict[str, Any], path: str) -> None:
    client, auth = hostile["client"], hostile["auth"]
    text = "Hamas met officials in Cairo. " * (10_000_000 // 30)
    body = json.dumps({"text": text, "date": "2017-09-11"}).encode()
    assert len(body) >= 10_000_000
    assert_problem(
        client.post(path, content=body, headers={**auth, "Content-Type": "application/json"}), 413
    )

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must hold on the stream too
        for i in range(0, len(body), 1 << 20):
            yield body[i : i + (1 << 20)]

    assert_problem(
        client.post(path, content=chunks(), headers={**auth, "Content-Type": "application/json"}),
        413,
    )


def refused_or_failed_per_record(
    client: TestClient, auth: dict[str, str], r: Any, *also: int
) -> None:
    """A 422 (or one of `also`) problem; or, for a batch job, 202 and then every record failed
    with a reason (a clean per-record error) and nothing ingested."""
    if r.status_code != 202:
        assert_problem(r, 422, *also)
        return
    job_url = r.headers["location"]
    deadline = time.monotonic() + 60
    while (job := client.get(job_url, headers=auth).json())["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
    assert (
        job["state"] == "succeeded" and job["ingested"] == 0 and job["failed"] == job["total"] >= 1
    ), job
    assert all(e["reason"] for e in job["errors"]) and len(job["errors"]) == job["failed"], job


@pytest.mark.parametrize("path", WRITE_PATHS)
@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "\xff\xfe Hamas", "date": "2017-09-11"}',
        b"\xff\xfe\xfd",
        b'{"text": "Hamas met \xc3\x28 officials", "date": "2017-09-11"}',
    ],
)
def test_invalid_utf8_body_is_a_4xx_problem(
    hostile: dict[str, Any], path: str, body: bytes
) -> None:
    client, auth = hostile["client"], hostile["auth"]
    before = counts()
    r = client.post(path, content=body, headers={**auth, "Content-Type": "application/json"})
    refused_or_failed_per_record(client, auth, r)
    assert counts() == before


@pytest.mark.parametrize("path", WRITE_PATHS)
@pytest.mark.parametrize("depth", [1_000, 100_000, 1_000_000])
def test_json_bomb_deep_nesting_is_a_4xx_problem(
    hostile: dict[str, Any], path: str, depth: int
) -> None:
    client, auth = hostile["client"], hostile["auth"]
    before = counts()
    bomb = "[" * depth + "]" * depth
    nested = '{"text": "Hamas met officials.", "date": "2017-09-11", "title": ' + bomb + "}"
    for body in (bomb, nested, "[" * depth):
        r = client.post(
            path, content=body.encode(), headers={**auth, "Content-Type": "application/json"}
        )
        refused_or_failed_per_record(client, auth, r, 413)
    assert counts() == before


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Hamas\x00 met officials in Cairo.", "date": "2017-09-11"},
        {"text": "Hamas met officials in Cairo.", "date": "2017-09-11", "title": "bad\x00title"},
        {"text": "Hamas met officials in Cairo.", "date": "2017-09-11", "source": "x" * 10_000},
        {
            "text": "Hamas met officials in Cairo.",
            "date": "2017-09-11",
            "url": "http://x/" + "a" * 5000,
        },
        {"text": "Hamas met officials in Cairo.", "date": "0000-00-00"},
        {"text": "Hamas met officials in Cairo.", "date": "9999-12-31"},
        {"text": " \n\t ", "date": "2017-09-11"},
        {"text": ["not", "a", "string"], "date": "2017-09-11"},
    ],
)
def test_hostile_article_fields_are_refused_or_stored_never_5xx(
    hostile: dict[str, Any], body: dict[str, Any]
) -> None:
    client, auth = hostile["client"], hostile["auth"]
    r = client.post("/articles", json=body, headers=auth)
    assert_handled(r)


def test_problem_bodies_never_echo_a_traceback(client: TestClient) -> None:
    for path in ("/events?limit=abc", "/events/abc", "/nowhere", "/events?cursor=%21"):
        r = client.get(path)
        assert r.headers["content-type"].startswith(PROBLEM)
        assert "Traceback" not in r.text and 'File "' not in r.text


def test_empty_url_is_no_url(hostile: dict[str, Any]) -> None:
    """Two different texts posted with `"url": ""` are two articles, not a URL conflict."""
    client, auth = hostile["client"], hostile["auth"]
    ids = []
    for n in range(2):
        r = client.post(
            "/articles",
            json={
                "text": f"Empty url article {n}: Hamas met Fatah.",
                "date": "2017-09-11",
                "url": "",
                "title": "",
                "source": "",
            },
            headers=auth,
        )
        assert r.status_code == 201, r.text[:300]
        assert r.json()["url"] is None
        ids.append(r.json()["id"])
    assert ids[0] != ids[1]
