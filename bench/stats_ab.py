"""The SQL of /stats and full-text q before and after the aggregate work, timed in turns on one
filled database (DB side, median of N), so machine load weighs on both shapes alike.

    python bench/stats_ab.py postgresql://postgres@127.0.0.1:5432/dyad_bench 5
"""

import statistics
import sys
import time

import psycopg

Q = {
    "dyads old (participant self-join)": """
        SELECT src.actor_id, tgt.actor_id, count(*) n FROM event_participants src
        JOIN event_participants tgt ON tgt.event_id = src.event_id AND tgt.role = 'target'
        WHERE src.role = 'source' AND src.event_id IN (SELECT id FROM events
        WHERE event_date >= '2024-01-01') GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10
    """,
    "dyads new (event_dyads)": """
        SELECT source_id, target_id, count(*) n FROM event_dyads
        WHERE event_date >= '2024-01-01' GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10
    """,
    "actors old (IN events)": """
        SELECT ep.actor_id, count(DISTINCT ep.event_id) n,
        sum(CASE WHEN ep.role='source' THEN 1 ELSE 0 END)
        FROM event_participants ep WHERE ep.event_id IN (SELECT id FROM events
        WHERE plover_type IN ('ASSAULT') AND event_date >= '2024-01-01')
        GROUP BY ep.actor_id ORDER BY n DESC, ep.actor_id LIMIT 10
    """,
    "actors new (events-driven join)": """
        SELECT ep.actor_id, count(DISTINCT ep.event_id) n,
        sum(CASE WHEN ep.role='source' THEN 1 ELSE 0 END)
        FROM events JOIN event_participants ep ON ep.event_id = events.id
        WHERE events.plover_type IN ('ASSAULT') AND events.event_date >= '2024-01-01'
        GROUP BY ep.actor_id ORDER BY n DESC, ep.actor_id LIMIT 10
    """,
    "timeline old (events + EXISTS)": """
        SELECT event_date, plover_type, count(*) FROM events WHERE EXISTS (SELECT 1
        FROM event_participants ep WHERE ep.event_id = events.id AND ep.actor_id IN (1))
        GROUP BY 1, 2
    """,
    "timeline new (participants index-only)": """
        SELECT event_date, plover_type, count(DISTINCT event_id) FROM event_participants
        WHERE actor_id IN (1) GROUP BY 1, 2
    """,
    "q rare new (flotilla)": """
        SELECT id FROM events
        WHERE sentence_tsv @@ websearch_to_tsquery('english'::regconfig, '"flotilla"')
        ORDER BY event_date DESC, id DESC LIMIT 51
    """,
    "q common new (said)": """
        SELECT id FROM events
        WHERE sentence_tsv @@ websearch_to_tsquery('english'::regconfig, '"said"')
        ORDER BY event_date DESC, id DESC LIMIT 51
    """,
    "q two words new (border ceasefire)": """
        SELECT id FROM events
        WHERE sentence_tsv @@ websearch_to_tsquery('english'::regconfig, '"border" "ceasefire"')
        ORDER BY event_date DESC, id DESC LIMIT 51
    """,
}
url, n = sys.argv[1], int(sys.argv[2])
times = {k: [] for k in Q}
with psycopg.connect(url, prepare_threshold=None) as conn:
    for q in Q.values():
        conn.execute(q).fetchall()  # warm
    for _ in range(n):
        for k, q in Q.items():
            t = time.perf_counter()
            conn.execute(q).fetchall()
            times[k].append((time.perf_counter() - t) * 1000)
for k, v in times.items():
    print(f"{k:42} median {statistics.median(v):8.1f} ms  min {min(v):8.1f} ms")
