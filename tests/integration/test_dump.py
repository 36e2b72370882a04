"""Dump and restore: the whole graph, typed values exactly, byte-identical on a second dump."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.auth import LOCAL_DEVELOPER
from graph.db import Database
from graph.demo import load_demo
from graph.dump.codec import decode_value, encode_value
from graph.dump.fileformat import DumpRejected
from graph.errors import Conflict
from graph.repositories.schema import wipe
from graph.services import dump as services
from graph.settings import Settings
from tests.support.cli import cli_env, talentgraph
from tests.support.factories import Org, count_graph

#: Every property type Neo4j stores, with the awkward cases: nanoseconds, named zones and a DST
#: gap, offsets in minutes, NaN/±inf and -0.0, int64 extremes, empty and typed lists, text that is
#: JSON-, CSV- and Cypher-hostile, a multi-label node, an Occupation (keyed by `code`), parallel
#: relationships that differ only in their properties, and identical parallel relationships.
EXOTIC = """
CREATE (e:Employee {id: 'E1', name: 'Ana Núñez "x", y\u2028z\\n}) DETACH DELETE n //',
  hired: date('2019-04-01'), at: datetime('2026-01-05T09:00:00.123456789Z'),
  paris: datetime('2026-10-25T02:30:00.5+01:00[Europe/Paris]'),
  kolkata: datetime('2026-01-05T09:00:00-05:30'), kathmandu: datetime('2026-01-05T09:00:00+05:45'),
  etc: datetime('2026-01-05T09:00:00[Etc/UTC]'),
  local: localdatetime('2020-02-29T23:59:59.999999999'), t: time('09:00:00.000000001+01:00'),
  lt: localtime('23:00'), d: duration('P1Y2M3DT4H5M6.007S'),
  dn: duration({months: -3, days: 40, seconds: -5, nanoseconds: 7}),
  p: point({x: 1.5, y: -2}), p3: point({longitude: 2.35, latitude: 48.85, height: 35}),
  nan: 0.0 / 0.0, inf: 1.0 / 0.0, ninf: -1.0 / 0.0, negz: -0.0, tiny: 5e-324,
  big: 9223372036854775807, small: -9223372036854775808, f: 0.1,
  floats: [1.0, 2.5e300], strings: ['a', '', 'ü'], dates: [date('2020-01-01')],
  bools: [true, false], empty: [], blob: $blob})
CREATE (o:Occupation {code: '15-1252.00', title: 'Software Developers'})
CREATE (r:Role:Critical {id: 'R1', title: 'Lead'})
CREATE (e)-[:HOLDS {since: date('2020-01-01')}]->(r)
CREATE (e)-[:LIKES {w: 1}]->(o), (e)-[:LIKES {w: 1}]->(o), (e)-[:LIKES {w: 0}]->(o), (e)-[:LIKES]->(o)
CREATE (r)-[:MAPS_TO]->(o)
"""


async def run(db: Database, text: str, **params: Any) -> list[dict[str, Any]]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run(text, params)
        return [record.data() async for record in result]


class dumping:
    @staticmethod
    async def dump(db: Database, path: Path) -> services.DumpReport:
        return await services.dump(db, path, principal=LOCAL_DEVELOPER)

    @staticmethod
    async def restore(
        db: Database, path: Path, batch_size: int = 5000, wipe_first: bool = False
    ) -> services.DumpReport:
        return await services.restore(
            db, path, batch_size, wipe_first=wipe_first, principal=LOCAL_DEVELOPER
        )


def without_trail(data: bytes) -> bytes:
    """A dump's bytes without audit events and the counts line: dumping and restoring record
    themselves in the trail, so the trail of a round trip grows by those events."""
    kept = [
        line
        for line in data.splitlines(keepends=True)
        if b'"labels":["AuditEvent"]' not in line and not line.startswith(b'{"kind":"end"')
    ]
    return b"".join(kept)


async def round_trip(db: Database, folder: Path, name: str = "graph.jsonl") -> tuple[bytes, bytes]:
    """Dump, empty the database, restore, dump again; the two files' bytes (compare them
    `without_trail`: the trail gains the restore's own event, checked here)."""
    first, second = folder / f"1-{name}", folder / f"2-{name}"
    before = await count_graph(db)  # the trail is alive (reads are recorded): left out here
    report = await dumping.dump(db, first)
    assert {f"node:{k}": v for k, v in report.by_label.items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k.startswith("node:")
    }
    trail = report.by_label.get("AuditEvent", 0)
    await wipe(db)
    restored = await dumping.restore(db, first, batch_size=500)
    assert (restored.nodes, restored.relationships) == (report.nodes, report.relationships)
    assert await count_graph(db) == before
    assert (await count_graph(db, audit=True))["node:AuditEvent"] >= trail + 1  # the restore's
    await dumping.dump(db, second)
    text = second.read_bytes()
    text = gzip.decompress(text) if name.endswith(".gz") else text
    restore_events = [line for line in text.splitlines() if b'"action":"restore"' in line]
    assert len(restore_events) == 1
    return first.read_bytes(), second.read_bytes()


async def test_every_property_type_round_trips(db: Database, tmp_path: Path) -> None:
    await run(db, EXOTIC, blob=b"\x00\xff")
    texts = "RETURN [k IN ['at', 'paris', 'kolkata', 'etc', 'local', 't', 'd', 'dn'] | toString(n[k])] AS v"
    before = await run(db, "MATCH (n:Employee) " + texts)
    first, second = await round_trip(db, tmp_path)
    assert without_trail(first) == without_trail(second)
    assert await run(db, "MATCH (n:Employee) " + texts) == before
    values = (await run(db, "MATCH (n:Employee) RETURN n AS n"))[0]["n"]
    assert values["name"].endswith("}) DETACH DELETE n //")
    assert values["big"] == 2**63 - 1 and values["negz"] == 0.0 and str(values["negz"]) == "-0.0"
    lines = [json.loads(line) for line in first.decode().splitlines()]
    assert lines[0]["kind"] == "header" and lines[-1] == {
        "kind": "end",
        "nodes": 3,
        "relationships": 6,
    }
    likes = [line["properties"] for line in lines if line.get("type") == "LIKES"]
    assert likes == [{}, {"w": 0}, {"w": 1}, {"w": 1}]
    node = next(line for line in lines if line.get("key") == "E1")["properties"]
    assert node["paris"] == {"$datetime": "2026-10-25T02:30:00.500000000+01:00[Europe/Paris]"}
    assert node["nan"] == {"$float": "NaN"} and node["floats"] == [1.0, 2.5e300]
    assert node["dn"] == {"$duration": [-3, 40, -4, -999999993]}


async def test_demo_organisation_round_trips_byte_identical(
    db: Database, tmp_path: Path, api: Any
) -> None:
    await load_demo(db, 200, seed=11, batch_size=1000)
    query = """
      { benchStrength(criticalOnly: false, first: 50) {
          edges { node { role { id } benchScore coverage keyPersonRisk } } }
        readinessChanges(since: "2000-01-01T00:00:00Z", first: 200) {
          edges { node {
            id readiness previousReadiness assessedAt assessedBy kind employee { id } role { id }
          } } } }
    """
    answers = api.data(query)
    history = [e["node"] for e in answers["readinessChanges"]["edges"]]
    assert len(history) >= 150 and len(
        {(i["employee"]["id"], i["role"]["id"]) for i in history}
    ) < len(history)
    first, second = await round_trip(db, tmp_path, "demo.jsonl.gz")
    assert without_trail(gzip.decompress(first)) == without_trail(gzip.decompress(second))
    assert api.data(query) == answers
    text = gzip.decompress(first).decode()
    assert text.count('"kind":"node"') >= 200 + 150  # employees and every assessment in the history


async def test_restore_refuses_a_database_that_is_not_empty(db: Database, tmp_path: Path) -> None:
    await Org().unit("u1").skill("s1").save(db)
    path = tmp_path / "one.jsonl"
    await dumping.dump(db, path)
    before = await count_graph(db)  # the graph; the trail records the refusal and the restore
    with pytest.raises(Conflict, match="not empty"):
        await dumping.restore(db, path)
    assert await count_graph(db) == before
    restored = await dumping.restore(db, path, wipe_first=True)
    assert {k: v for k, v in restored.by_label.items() if k != "AuditEvent"} == {
        "OrgUnit": 1,
        "Skill": 1,
    }
    assert await count_graph(db) == before


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda lines: lines[:-1], "ends before its last line"),
        (lambda lines: [lines[0], "{not json\n", *lines[1:]], "not JSON"),
        (lambda lines: ["[1, 2]\n", *lines], "not a JSON object"),
        (lambda lines: [], "empty"),
        (lambda lines: [lines[0].replace('"version":1', '"version":99'), *lines[1:]], "version 99"),
        (
            lambda lines: [*lines[:-1], '{"kind":"end","nodes":1,"relationships":0}\n'],
            "counts 1 nodes",
        ),
        (lambda lines: [*lines, lines[1]], "after the last line"),
        (lambda lines: [lines[0], *lines[2:]], "no node named"),
        (
            lambda lines: [
                line.replace('{"$date":"2020-01-01"}', '{"$date":"2020-13-01"}') for line in lines
            ],
            "$date",
        ),
        (lambda lines: [line.replace('"E1"', '"E2"', 1) for line in lines], "key must equal"),
    ],
)
async def test_restore_rejects_a_damaged_file_and_writes_nothing(
    db: Database, tmp_path: Path, damage: Any, reason: str
) -> None:
    await run(db, EXOTIC, blob=b"\x00\xff")
    path = tmp_path / "good.jsonl"
    await dumping.dump(db, path)
    await wipe(db)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(damage(_lines(path))), encoding="utf-8")
    with pytest.raises(DumpRejected) as rejected:
        await dumping.restore(db, bad)
    assert reason in str(rejected.value), rejected.value
    assert await count_graph(db) == {}  # nothing written but the refusal's audit event
    refusals = await run(
        db, "MATCH (a:AuditEvent {action: 'restore'}) RETURN a.outcome AS outcome, a.code AS code"
    )
    assert refusals == [{"outcome": "FAILURE", "code": "BAD_USER_INPUT"}]


async def test_dump_refuses_a_node_without_its_key(db: Database, tmp_path: Path) -> None:
    await run(db, "CREATE (:Skill {name: 'no id'})")
    with pytest.raises(Exception, match="without a 'id' property"):
        await dumping.dump(db, tmp_path / "x.jsonl")
    assert not list(tmp_path.iterdir()), "a failed dump leaves no file"


def test_cli_dump_and_restore(db: Database, neo4j_settings: Settings, tmp_path: Path) -> None:
    env = cli_env(neo4j_settings)
    path = tmp_path / "empty.jsonl.gz"
    done = talentgraph("dump", str(path), env=env)
    assert done.returncode == 0, done.stderr
    assert "0 nodes and 0 relationships" in done.stdout
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"kind":"header"}\n', encoding="utf-8")
    done = talentgraph("restore", str(broken), env=env)
    assert done.returncode == 1 and "nothing was written" in done.stderr, done.stderr
    done = talentgraph("restore", str(path), env=env)
    assert done.returncode == 0, done.stderr


# -- the value encoding on its own -----------------------------------------------------------

_clock = st.tuples(
    st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999_999_999)
)
_offsets = st.integers(-18 * 60, 18 * 60).map(lambda m: m * 60)


def _offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


_dates = st.dates().map(lambda d: d.isoformat())
_times = _clock.map(lambda c: f"{c[0]:02d}:{c[1]:02d}:{c[2]:02d}.{c[3]:09d}")
_zones = st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Kathmandu", "Etc/UTC"])

#: Encoded values, as a dump holds them.
encoded = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
        st.sampled_from([{"$float": "NaN"}, {"$float": "Infinity"}, {"$float": "-Infinity"}]),
        _dates.map(lambda d: {"$date": d}),
        st.tuples(_dates, _times).map(lambda v: {"$localdatetime": f"{v[0]}T{v[1]}"}),
        st.tuples(_dates, _times, _offsets).map(
            lambda v: {"$datetime": f"{v[0]}T{v[1]}{_offset(v[2])}"}
        ),
        _times.map(lambda t: {"$localtime": t}),
        st.tuples(_times, _offsets).map(lambda v: {"$time": f"{v[0]}{_offset(v[1])}"}),
        st.tuples(
            st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.integers(-(10**9), 10**9)
        ).map(lambda v: {"$duration": [v[0], v[1], v[2], 0]}),
        st.binary().map(lambda b: encode_value(b)),
    ),
    lambda children: st.lists(children, max_size=4),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, database=None)
@given(encoded)
def test_value_encoding_is_its_own_inverse(value: Any) -> None:
    assert encode_value(decode_value(value)) == value


@settings(max_examples=60, deadline=None, database=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), _clock, _zones)
def test_zoned_datetimes_keep_their_zone_and_instant(
    day: date, clock: tuple[int, int, int, int], zone: str
) -> None:
    import pytz  # type: ignore[import-untyped]
    from neo4j.time import DateTime

    at = DateTime(day.year, day.month, day.day, *clock, tzinfo=pytz.utc)
    value = at.astimezone(pytz.timezone(zone))
    again = decode_value(encode_value(value))
    assert encode_value(again) == encode_value(value)
    assert again.tzinfo.zone == zone
    assert again.astimezone(pytz.utc) == at


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.text(min_size=1), max_size=3), st.integers(0, 5))
def test_malformed_values_are_rejected_not_crashed(tags: list[str], n: int) -> None:
    for tag in tags:
        with pytest.raises(ValueError, match="malformed"):
            decode_value({"$" + tag: [n, "x"]})
