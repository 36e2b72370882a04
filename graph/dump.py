"""`talentgraph dump` and `talentgraph restore`: the whole graph as JSON Lines, without loss.

A dump is UTF-8 text, one JSON object per line (gzip-compressed when the path ends in `.gz`):

    {"kind":"header","format":"talentgraph-dump","version":1,"nodeKeys":{...},"defaultNodeKey":"id"}
    {"kind":"node","labels":["Employee"],"key":"E000001","properties":{...}}              (every node)
    {"kind":"relationship","type":"HOLDS","start":["Employee","E000001"],"end":["Role","R00001"],
     "properties":{...}}                                                           (every relationship)
    {"kind":"end","nodes":1234,"relationships":5678}

A node is named by its first label (labels sorted) and the value of that label's key property
(`nodeKeys`, `id` for every label without an entry: every TalentGraph label has a unique one);
relationships name their end nodes that way. Lines are in a stable order (nodes by labels then key;
relationships by type, start, end, then properties), property maps by name, and nothing in a dump
depends on the server's internal ids or on the time it was taken, so the same graph always gives
the same bytes: dump, restore, dump again and the two files are identical.

Property values are JSON strings, booleans, integers and finite floats (a float is always written
with a `.` or an exponent, so it reads back as a float), lists of these, and single-key objects
for the types JSON lacks (see `encode_value`): `{"$date": "2026-01-05"}`, `{"$datetime":
"2026-01-05T09:00:00.000000000+00:00"}` (an offset, or an offset and a zone:
`...+01:00[Europe/Paris]`), `{"$localdatetime": ...}`, `{"$time": "09:00:00.000000000+01:00"}`,
`{"$localtime": ...}`, `{"$duration": [months, days, seconds, nanoseconds]}`, `{"$point": [srid,
x, y(, z)]}`, `{"$float": "NaN" | "Infinity" | "-Infinity"}`, `{"$bytes": base64}`. Nanoseconds and
zones are kept; the one value the Neo4j driver cannot tell apart is a zone named `UTC` from the
offset `+00:00`, so both are written (and restored) as the offset.

The dump reads everything in one read transaction (a consistent snapshot), streaming. A restore
checks the whole file first (format, every line, every relationship's end nodes, the counts in the
last line) and writes nothing if any of it is wrong; it then writes only into an empty database,
in batches of `UNWIND` creates, and checks the counts at the end.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytz  # type: ignore[import-untyped]  # the driver's own time-zone library
from neo4j import AsyncManagedTransaction
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.cypher import Tx, q
from graph.db import Database
from graph.errors import BadUserInput, Conflict
from graph.files import replaced_atomically
from graph.schema import migrate, wipe

FORMAT = "talentgraph-dump"
VERSION = 1
#: The key property of each label that has one other than `id`.
NODE_KEYS: dict[str, str] = {"Occupation": "code"}
DEFAULT_NODE_KEY = "id"

NODES = q("dump/nodes")
RELATIONSHIPS = q("dump/relationships")
COUNTS = q("dump/counts")
CREATE_NODES = q("dump/create_nodes")
CREATE_RELATIONSHIPS = q("dump/create_relationships")

Progress = Callable[[str, int], None]
MAX_ISSUES = 50


class DumpRejected(BadUserInput):
    """The file is not a complete, well-formed dump; nothing was written."""

    def __init__(self, path: Path, issues: list[str]) -> None:
        shown = issues[:MAX_ISSUES]
        more = f" (and {len(issues) - len(shown)} more)" if len(issues) > len(shown) else ""
        super().__init__(
            f"{path} is not a dump TalentGraph can restore; nothing was written: "
            + "; ".join(shown)
            + more
        )
        self.issues = issues


@dataclass
class DumpReport:
    path: Path
    nodes: int = 0
    relationships: int = 0
    by_label: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)


# -- values ----------------------------------------------------------------------------------


class _Offset(tzinfo):
    """A fixed UTC offset that, unlike `datetime.timezone`, also serves `neo4j.time.Time`."""

    def __init__(self, seconds: int) -> None:
        self._delta = timedelta(seconds=seconds)

    def utcoffset(self, dt: Any) -> timedelta:
        return self._delta

    def dst(self, dt: Any) -> timedelta | None:
        return None

    def tzname(self, dt: Any) -> str:
        return _offset_text(self._delta)

    def __repr__(self) -> str:
        return f"_Offset({_offset_text(self._delta)})"


def _offset_text(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _clock(value: DateTime | Time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.nanosecond:09d}"


def _day(value: DateTime | Date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _zone_name(tz: tzinfo) -> str | None:
    """The IANA name of a named zone; None for a fixed offset (and for pytz's UTC: see module)."""
    if tz is pytz.utc:
        return None
    name = getattr(tz, "zone", None) or getattr(tz, "key", None)
    return name if isinstance(name, str) else None


_POINTS: dict[int, type[Point]] = {
    7203: CartesianPoint,
    9157: CartesianPoint,
    4326: WGS84Point,
    4979: WGS84Point,
}


def encode_value(value: Any) -> Any:
    """A property value as JSON (tagged objects for the types JSON lacks)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {
            "$float": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        }
    if isinstance(value, list):  # (Duration and Point are tuples: they are tagged below)
        return [encode_value(v) for v in value]
    if isinstance(value, DateTime):
        text = f"{_day(value)}T{_clock(value)}"
        if value.tzinfo is None:
            return {"$localdatetime": text}
        offset = value.utcoffset()
        assert offset is not None
        zone = _zone_name(value.tzinfo)
        return {"$datetime": text + _offset_text(offset) + (f"[{zone}]" if zone else "")}
    if isinstance(value, Date):
        return {"$date": _day(value)}
    if isinstance(value, Time):
        if value.tzinfo is None:
            return {"$localtime": _clock(value)}
        offset = value.tzinfo.utcoffset(value)  # type: ignore[arg-type]
        return {"$time": _clock(value) + _offset_text(offset or timedelta())}
    if isinstance(value, Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, Point):
        return {"$point": [value.srid, *(float(c) for c in value)]}
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"cannot dump a property value of type {type(value).__name__}")


_DAY = r"(\d{4})-(\d{2})-(\d{2})"
_CLOCK = r"(\d{2}):(\d{2}):(\d{2})\.(\d{9})"
_OFFSET = r"([+-])(\d{2}):(\d{2})(?::(\d{2}))?"
_RE = {
    "$date": re.compile(f"^{_DAY}$"),
    "$localdatetime": re.compile(f"^{_DAY}T{_CLOCK}$"),
    "$datetime": re.compile(rf"^{_DAY}T{_CLOCK}{_OFFSET}(?:\[([A-Za-z0-9_+\-/]+)\])?$"),
    "$localtime": re.compile(f"^{_CLOCK}$"),
    "$time": re.compile(f"^{_CLOCK}{_OFFSET}$"),
}
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _seconds(sign: str, parts: list[int]) -> int:
    hours, minutes, seconds = parts
    total = hours * 3600 + minutes * 60 + seconds
    return -total if sign == "-" else total


def decode_value(value: Any) -> Any:
    """The inverse of `encode_value`: driver-ready Python values. ValueError when malformed."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"not a property value: {json.dumps(value)[:80]}")
    ((tag, raw),) = value.items()
    try:
        return _decode_tagged(tag, raw)
    except (ValueError, TypeError, OverflowError, pytz.UnknownTimeZoneError) as exc:
        raise ValueError(f"malformed {tag} value {json.dumps(raw)[:80]} ({exc})") from None


#: Neo4j's range of UTC offsets.
MAX_OFFSET = 18 * 3600


def _offset_tz(sign: str, parts: list[int]) -> _Offset:
    seconds = _seconds(sign, parts)
    if abs(seconds) > MAX_OFFSET:
        raise ValueError("the offset is beyond ±18:00")
    return _Offset(seconds)


def _decode_tagged(tag: str, raw: Any) -> Any:
    if tag in _RE:
        match = _RE[tag].match(raw) if isinstance(raw, str) else None
        if match is None:
            raise ValueError("not in the documented form")
        n = [int(x) if x is not None and x.isdigit() else 0 for x in match.groups()]
        if tag == "$date":
            return Date(n[0], n[1], n[2])
        if tag == "$localdatetime":
            return DateTime(n[0], n[1], n[2], n[3], n[4], n[5], n[6])
        if tag == "$localtime":
            return Time(n[0], n[1], n[2], n[3])
        if tag == "$time":
            return Time(n[0], n[1], n[2], n[3], tzinfo=_offset_tz(match.group(5), n[5:8]))
        # $datetime: the local time at its offset, then (for a named zone) the same instant there.
        at = DateTime(
            n[0], n[1], n[2], n[3], n[4], n[5], n[6], tzinfo=_offset_tz(match.group(8), n[8:11])
        )
        zone = match.group(12)
        return at if zone is None else at.astimezone(pytz.timezone(zone))
    if tag == "$float" and isinstance(raw, str) and raw in _NON_FINITE:
        return _NON_FINITE[raw]
    if tag == "$duration" and _int_list(raw, 4):
        months, days, seconds, nanoseconds = raw
        return Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
    if (
        tag == "$point"
        and isinstance(raw, list)
        and len(raw) in (3, 4)
        and isinstance(raw[0], int)
        and raw[0] in _POINTS
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in raw[1:])
    ):
        return _POINTS[raw[0]](raw[1:])
    if tag == "$bytes" and isinstance(raw, str):
        return base64.b64decode(raw, validate=True)
    raise ValueError("unknown tag or value")


def _property(value: Any) -> Any:
    """A decoded property value Neo4j can store: not null; a list of one type, without nulls."""
    decoded = decode_value(value)
    if decoded is None:
        raise ValueError("a property value cannot be null")
    if isinstance(decoded, list) and (
        len({type(v) for v in decoded}) > 1
        or any(v is None or isinstance(v, list) for v in decoded)
    ):
        raise ValueError("a list property holds values of one type, none of them null or a list")
    return decoded


def _int_list(raw: Any, length: int) -> bool:
    return (
        isinstance(raw, list)
        and len(raw) == length
        and all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
    )


def _properties(props: dict[str, Any]) -> dict[str, Any]:
    return {name: encode_value(props[name]) for name in sorted(props)}


#: Characters some line readers (Python's str.splitlines, for one) take as line breaks that JSON
#: leaves as they are: escaped, so a dump has exactly one record per line for every reader.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(obj: dict[str, Any]) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.translate(_LINE_BREAKS) + "\n").encode("utf-8")


# -- files -----------------------------------------------------------------------------------


@contextmanager
def _open_for_writing(path: Path) -> Iterator[tuple[Path, io.BufferedIOBase]]:
    """A temporary file beside `path`, renamed into place only if the block completes."""
    path = path.resolve()
    if not path.parent.is_dir():
        raise BadUserInput(f"no such folder: {path.parent}")
    with replaced_atomically(path) as raw:
        yield path, raw


def _compressed(path: Path) -> bool:
    return path.name.endswith(".gz")


@contextmanager
def _reader(path: Path) -> Iterator[io.BufferedIOBase]:
    if not path.is_file():
        raise BadUserInput(f"no such file: {path}")
    with path.open("rb") as raw:
        if _compressed(path):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
        else:
            yield raw


# -- dump ------------------------------------------------------------------------------------


def _ref(labels: list[str], key: Any) -> list[Any]:
    return [labels[0] if labels else None, encode_value(key)]


async def _dump(
    tx: AsyncManagedTransaction, raw: io.BufferedIOBase, path: Path, progress: Progress | None
) -> DumpReport:
    # A managed transaction may be retried from the start: begin the file again each time.
    raw.seek(0)
    raw.truncate()
    out: io.BufferedIOBase = (
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) if _compressed(path) else raw
    )
    report = DumpReport(path)
    header = {
        "kind": "header",
        "format": FORMAT,
        "version": VERSION,
        "nodeKeys": dict(sorted(NODE_KEYS.items())),
        "defaultNodeKey": DEFAULT_NODE_KEY,
    }
    out.write(_line(header))
    seen: set[str] = set()
    result = await tx.run(NODES.text, NODES.bind({"keys": NODE_KEYS}))
    async for record in result:
        labels, key, props = record["labels"], record["key"], record["props"]
        if key is None:
            raise BadUserInput(
                f"cannot dump a {':'.join(labels) or 'unlabelled'} node without a "
                f"{NODE_KEYS.get(labels[0] if labels else '', DEFAULT_NODE_KEY)!r} property: "
                "every node needs its label's key to be named in the dump"
            )
        ref = json.dumps(_ref(labels, key))
        if ref in seen:
            raise BadUserInput(f"cannot dump: two nodes are named {ref}")
        seen.add(ref)
        line = {
            "kind": "node",
            "labels": labels,
            "key": encode_value(key),
            "properties": _properties(props),
        }
        out.write(_line(line))
        report.nodes += 1
        for label in labels:
            report.by_label[label] = report.by_label.get(label, 0) + 1
        if progress and report.nodes % 10_000 == 0:
            progress("nodes", report.nodes)
    result = await tx.run(RELATIONSHIPS.text, RELATIONSHIPS.bind({"keys": NODE_KEYS}))
    async for record in result:
        line = {
            "kind": "relationship",
            "type": record["type"],
            "start": [record["source"][0], encode_value(record["source"][1])],
            "end": [record["target"][0], encode_value(record["target"][1])],
            "properties": _properties(record["props"]),
        }
        out.write(_line(line))
        report.relationships += 1
        report.by_type[record["type"]] = report.by_type.get(record["type"], 0) + 1
        if progress and report.relationships % 10_000 == 0:
            progress("relationships", report.relationships)
    out.write(_line({"kind": "end", "nodes": report.nodes, "relationships": report.relationships}))
    if out is not raw:
        out.close()
    return report


async def dump(db: Database, path: Path, progress: Progress | None = None) -> DumpReport:
    """Write every node and relationship to `path` (atomically: a failed dump leaves nothing)."""
    with _open_for_writing(path) as (target, raw):
        report = await db.read_transaction(_dump, raw, path, progress)
    report.path = target
    return report


# -- restore ---------------------------------------------------------------------------------


@dataclass
class _Checked:
    nodes: int
    relationships: int


def _records(stream: io.BufferedIOBase) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) per line; a line that is not JSON gives (n, ValueError)."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield number, json.loads(raw)
        except (ValueError, RecursionError) as exc:
            yield number, ValueError(f"not JSON ({str(exc)[:80]})")


def _node_row(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(ref, create row) of a node line; ValueError when malformed."""
    labels, key, props = obj.get("labels"), obj.get("key"), obj.get("properties")
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise ValueError("a node's labels must be a list of names")
    if not labels:
        raise ValueError("a node needs at least one label")
    if labels != sorted(set(labels)):
        raise ValueError("a node's labels must be sorted and distinct")
    if not isinstance(props, dict):
        raise ValueError("a node's properties must be an object")
    decoded = {name: _property(v) for name, v in props.items()}
    name = NODE_KEYS.get(labels[0], DEFAULT_NODE_KEY)
    if key is None or props.get(name) != key:
        raise ValueError(f"a node's key must equal its {name!r} property")
    return json.dumps([labels[0], key]), {"labels": labels, "props": decoded}


def _relationship_row(obj: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(start ref, end ref, row without element ids) of a relationship line."""
    kind, start, end, props = (
        obj.get("type"),
        obj.get("start"),
        obj.get("end"),
        obj.get("properties"),
    )
    if not isinstance(kind, str) or not kind:
        raise ValueError("a relationship's type must be a name")
    for end_node in (start, end):
        if not (isinstance(end_node, list) and len(end_node) == 2 and isinstance(end_node[0], str)):
            raise ValueError("a relationship's start and end must be [label, key]")
    if not isinstance(props, dict):
        raise ValueError("a relationship's properties must be an object")
    decoded = {name: _property(v) for name, v in props.items()}
    return json.dumps(start), json.dumps(end), {"type": kind, "props": decoded}


def check_dump(path: Path) -> _Checked:
    """Pass one of a restore: the whole file is well formed, complete and self-consistent."""
    issues: list[str] = []
    refs: set[str] = set()
    nodes = relationships = 0
    state = "header"
    with _reader(path) as stream:
        try:
            for number, obj in _records(stream):
                where = f"line {number}"
                if isinstance(obj, ValueError):
                    issues.append(f"{where}: {obj}")
                    continue
                if not isinstance(obj, dict):
                    issues.append(f"{where}: not a JSON object")
                    continue
                kind = obj.get("kind")
                if state == "header":
                    if kind != "header" or obj.get("format") != FORMAT:
                        issues.append(f"{where}: the first line is not a {FORMAT} header")
                        break
                    if obj.get("version") != VERSION:
                        issues.append(
                            f"{where}: dump format version {obj.get('version')!r}; this TalentGraph reads version {VERSION}"
                        )
                        break
                    keys = {
                        "nodeKeys": dict(sorted(NODE_KEYS.items())),
                        "defaultNodeKey": DEFAULT_NODE_KEY,
                    }
                    if any(obj.get(k) != v for k, v in keys.items()):
                        issues.append(
                            f"{where}: the dump names nodes by other keys than this TalentGraph ({keys})"
                        )
                        break
                    state = "nodes"
                    continue
                if state == "done":
                    issues.append(f"{where}: data after the last line")
                    break
                try:
                    if kind == "node" and state == "nodes":
                        ref, _ = _node_row(obj)
                        if ref in refs:
                            raise ValueError(f"a second node named {ref}")
                        refs.add(ref)
                        nodes += 1
                    elif kind == "relationship" and state in ("nodes", "relationships"):
                        state = "relationships"
                        start, end, _ = _relationship_row(obj)
                        for ref in (start, end):
                            if ref not in refs:
                                raise ValueError(f"no node named {ref} in the dump")
                        relationships += 1
                    elif kind == "end":
                        state = "done"
                        if (obj.get("nodes"), obj.get("relationships")) != (nodes, relationships):
                            raise ValueError(
                                f"the last line counts {obj.get('nodes')} nodes and "
                                f"{obj.get('relationships')} relationships; the file holds "
                                f"{nodes} and {relationships}"
                            )
                    else:
                        raise ValueError(f"unexpected {kind!r} line here")
                except ValueError as exc:
                    issues.append(f"{where}: {exc}")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            issues.append(f"the file cannot be read to the end ({exc})")
    if state == "header" and not issues:
        issues.append("the file is empty")
    elif state != "done" and not issues:
        issues.append("the file ends before its last line: the dump is incomplete")
    if issues:
        raise DumpRejected(path, issues)
    return _Checked(nodes, relationships)


async def _counts(tx: Tx) -> tuple[int, int]:
    row = await COUNTS.single(tx)
    assert row is not None
    return int(row["nodes"]), int(row["relationships"])


async def graph_counts(db: Database) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    return await db.read(_counts)


async def _create_nodes(tx: AsyncManagedTransaction, rows: list[dict[str, Any]]) -> list[str]:
    found = await CREATE_NODES.fetch(tx, rows=rows)
    ids = [""] * len(rows)
    for row in found:
        ids[row["i"]] = row["element_id"]
    return ids


async def _create_relationships(tx: AsyncManagedTransaction, rows: list[dict[str, Any]]) -> int:
    row = await CREATE_RELATIONSHIPS.single(tx, rows=rows)
    return int(row["created"]) if row else 0


async def restore(
    db: Database,
    path: Path,
    batch_size: int = 5000,
    progress: Progress | None = None,
    *,
    wipe_first: bool = False,
) -> DumpReport:
    """Recreate the dump at `path` in an empty database (constraints and indexes applied first).

    DumpRejected, before anything is touched, if the file is not a complete dump; Conflict if the
    database holds anything, unless `wipe_first` (then it is emptied once the file is checked).
    """
    checked = check_dump(path)
    await migrate(db)
    if wipe_first:
        await wipe(db)
    nodes, relationships = await graph_counts(db)
    if nodes or relationships:
        raise Conflict(
            f"the database {db.database!r} is not empty ({nodes:,} nodes, {relationships:,} "
            "relationships): a dump is restored only into an empty database, so nothing was "
            "written (`talentgraph restore --wipe` deletes everything first)"
        )
    report = DumpReport(path)
    element_ids: dict[str, str] = {}
    refs: list[str] = []
    batch: list[dict[str, Any]] = []

    async def flush_nodes() -> None:
        created = await db.write(_create_nodes, batch)
        element_ids.update(zip(refs, created, strict=True))
        report.nodes += len(batch)
        refs.clear()
        batch.clear()
        if progress:
            progress("nodes", report.nodes)

    async def flush_relationships() -> None:
        created = await db.write(_create_relationships, batch)
        if created != len(batch):
            raise Conflict(
                f"restore stopped: {len(batch) - created} relationship(s) of a batch found no end "
                "node; the database now holds part of the dump"
            )
        report.relationships += created
        batch.clear()
        if progress:
            progress("relationships", report.relationships)

    with _reader(path) as stream:
        for number, obj in _records(stream):
            if isinstance(obj, ValueError) or not isinstance(obj, dict):
                raise Conflict(
                    f"{path} changed during the restore (line {number}); the database now holds part of it"
                )
            kind = obj.get("kind")
            if kind == "node":
                ref, row = _node_row(obj)
                row["i"] = len(batch)
                for label in row["labels"]:
                    report.by_label[label] = report.by_label.get(label, 0) + 1
                refs.append(ref)
                batch.append(row)
                if len(batch) >= batch_size:
                    await flush_nodes()
            elif kind == "relationship":
                if refs:
                    await flush_nodes()
                start, end, row = _relationship_row(obj)
                row["source"], row["target"] = element_ids[start], element_ids[end]
                report.by_type[row["type"]] = report.by_type.get(row["type"], 0) + 1
                batch.append(row)
                if len(batch) >= batch_size:
                    await flush_relationships()
        if refs:
            await flush_nodes()
        elif batch:
            await flush_relationships()
    found = await graph_counts(db)
    if found != (checked.nodes, checked.relationships):
        raise Conflict(
            f"restore incomplete: the database holds {found[0]:,} nodes and {found[1]:,} "
            f"relationships; the dump has {checked.nodes:,} and {checked.relationships:,}"
        )
    return report
