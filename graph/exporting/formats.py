"""Row encoders for the export formats; each turns batches of rows into bytes as they arrive.

The same encoders serve files (`talentgraph export`) and HTTP responses (`GET /exports/...`),
so both carry byte-for-byte the same content.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from operator import itemgetter
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    PARQUET = "parquet"

    @property
    def media_type(self) -> str:
        return {
            ExportFormat.CSV: "text/csv; charset=utf-8",
            ExportFormat.JSONL: "application/x-ndjson",
            ExportFormat.PARQUET: "application/vnd.apache.parquet",
        }[self]


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    #: A share in [0, 1] that CSV writes as a percentage with one decimal ("83.9%"), as people
    #: read it and spreadsheets take it (the value 0.839, shown as a percentage); other formats
    #: keep the number.
    percent: bool = False


Row = dict[str, Any]


class Encoder(Protocol):
    def header(self) -> bytes: ...
    def encode(self, rows: Sequence[Row]) -> bytes: ...
    def footer(self) -> bytes: ...


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(_text(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _bool_text(value: Any) -> Any:
    return value if value is None else ("true" if value else "false")


#: What a spreadsheet takes for the start of a formula (OWASP "CSV injection"): a text cell that
#: starts with one of these gets a leading apostrophe, so it stays text when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _string_text(value: Any) -> Any:
    return neutralised(value) if isinstance(value, str) else value


def _list_text(value: Any) -> Any:
    if value is None:
        return value
    try:
        joined = ";".join(value)  # lists of ids and names: strings only, joined as they are
    except TypeError:
        joined = ";".join(_text(v) for v in value)
    return neutralised(joined)


def _time_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _percent_text(value: Any) -> Any:
    return value if value is None else f"{value * 100:.1f}%"


def _converter(column: Column) -> Callable[[Any], Any] | None:
    """What a column's values need before `csv.writer` sees them (None: nothing). The writer
    already writes None as empty, str as is, int with str and float with repr, as `_text` does."""
    kind = column.type
    if column.percent:
        return _percent_text
    if pa.types.is_boolean(kind):
        return _bool_text
    if pa.types.is_list(kind):
        return _list_text
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        return _time_text
    if pa.types.is_string(kind):
        return _string_text
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return None
    return _text


def _one(name: str) -> Callable[[Row], tuple[Any]]:
    return lambda row: (row[name],)


class CsvEncoder:
    """RFC 4180: comma, double quotes, CRLF line ends, UTF-8, one header line; lists joined by `;`;
    text that a spreadsheet would run as a formula neutralised (`neutralised`)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.names = [c.name for c in columns]
        #: A row's values in column order, in one call (a C loop, not one lookup per column).
        self.values = itemgetter(*self.names) if len(self.names) > 1 else _one(self.names[0])
        self.convert = [(i, f) for i, c in enumerate(columns) if (f := _converter(c)) is not None]
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def _take(self) -> bytes:
        data = self.buffer.getvalue().encode("utf-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        return data

    def header(self) -> bytes:
        self.writer.writerow(self.names)
        return self._take()

    def encode(self, rows: Sequence[Row]) -> bytes:
        values, convert = self.values, self.convert
        out = []
        for row in rows:
            line = list(values(row))
            for i, f in convert:
                line[i] = f(line[i])
            out.append(line)
        self.writer.writerows(out)
        return self._take()

    def footer(self) -> bytes:
        return b""


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class JsonlEncoder:
    """One JSON object per line, keys in column order, UTF-8 (non-ASCII kept as is)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.names = [c.name for c in columns]

    def header(self) -> bytes:
        return b""

    def encode(self, rows: Sequence[Row]) -> bytes:
        return b"".join(
            json.dumps(
                {name: row[name] for name in self.names}, ensure_ascii=False, default=_json
            ).encode("utf-8")
            + b"\n"
            for row in rows
        )

    def footer(self) -> bytes:
        return b""


class _Sink(io.RawIOBase):
    """A write-only stream that hands over what pyarrow wrote so far."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        return len(chunk)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


class ParquetEncoder:
    """Parquet with typed columns (timestamps in UTC, floats, lists of strings); one row group per batch."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.schema = pa.schema([pa.field(c.name, c.type) for c in columns])
        self.sink = _Sink()
        self.writer = pq.ParquetWriter(self.sink, self.schema, compression="zstd")

    def header(self) -> bytes:
        return self.sink.take()

    def encode(self, rows: Sequence[Row]) -> bytes:
        if rows:
            self.writer.write_table(pa.Table.from_pylist(list(rows), schema=self.schema))
        return self.sink.take()

    def footer(self) -> bytes:
        self.writer.close()
        return self.sink.take()


def encoder(fmt: ExportFormat, columns: Sequence[Column]) -> Encoder:
    if fmt is ExportFormat.CSV:
        return CsvEncoder(columns)
    if fmt is ExportFormat.JSONL:
        return JsonlEncoder(columns)
    return ParquetEncoder(columns)
