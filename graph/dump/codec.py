"""The value codec of dumps: every Neo4j property type as JSON, and back, without loss.

Property values are JSON strings, booleans, integers and finite floats (a float is always written
with a `.` or an exponent, so it reads back as a float), lists of these, and single-key objects
for the types JSON lacks (see `encode_value`): `{"$date": "2026-01-05"}`, `{"$datetime":
"2026-01-05T09:00:00.000000000+00:00"}` (an offset, or an offset and a zone:
`...+01:00[Europe/Paris]`), `{"$localdatetime": ...}`, `{"$time": "09:00:00.000000000+01:00"}`,
`{"$localtime": ...}`, `{"$duration": [months, days, seconds, nanoseconds]}`, `{"$point": [srid,
x, y(, z)]}`, `{"$float": "NaN" | "Infinity" | "-Infinity"}`, `{"$bytes": base64}`. Nanoseconds and
zones are kept; the one value the Neo4j driver cannot tell apart is a zone named `UTC` from the
offset `+00:00`, so both are written (and restored) as the offset.
"""

from __future__ import annotations

import base64
import json
import math
import re
from datetime import timedelta, tzinfo
from typing import Any

import pytz  # type: ignore[import-untyped]  # the driver's own time-zone library
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time


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


def property_value(value: Any) -> Any:
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


def properties(props: dict[str, Any]) -> dict[str, Any]:
    return {name: encode_value(props[name]) for name in sorted(props)}


#: Characters some line readers (Python's str.splitlines, for one) take as line breaks that JSON
#: leaves as they are: escaped, so a dump has exactly one record per line for every reader.


_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def line(obj: dict[str, Any]) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.translate(_LINE_BREAKS) + "\n").encode("utf-8")
