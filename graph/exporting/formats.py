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
    #: The values' type (strings for an enumeration); `parquet_type` is how Parquet holds it.
    type: pa.DataType
    description: str
    #: A share in [0, 1] that CSV writes as a percentage with one decimal ("83.9%"), as people
    #: read it and spreadsheets take it (the value 0.839, shown as a percentage); other formats
    #: keep the number.
    percent: bool = False
    #: The values of an enumeration (readiness, coverage, ...), which Parquet holds
    #: dictionary-encoded: each value once per row group, and a small index per row.
    values: tuple[str, ...] = ()


Row = dict[str, Any]

#: An enumeration's Arrow type: read back as a categorical (pandas) or a dictionary column.
ENUM_TYPE = pa.dictionary(pa.int32(), pa.string())


def parquet_type(column: Column) -> pa.DataType:
    """The Arrow type of `column` in the Parquet file, exactly as a reader gets it back: lists
    with Parquet's own name for their items (`element`, the compliant nested type pyarrow writes),
    enumerations as dictionaries."""
    if column.values:
        return ENUM_TYPE
    if pa.types.is_list(column.type):
        return pa.list_(pa.field("element", column.type.value_type))
    return column.type


def parquet_schema(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, parquet_type(c)) for c in columns])


def _json_type(column: Column) -> dict[str, Any]:
    """A column's values in JSON Lines, in JSON Schema's words (every value may also be null)."""
    kind = column.type
    if pa.types.is_boolean(kind):
        return {"type": "boolean"}
    if pa.types.is_integer(kind):
        return {"type": "integer"}
    if pa.types.is_floating(kind):
        return {"type": "number"}
    if pa.types.is_timestamp(kind):
        return {"type": "string", "format": "date-time"}
    if pa.types.is_date(kind):
        return {"type": "string", "format": "date"}
    if pa.types.is_list(kind):
        return {"type": "array", "items": "string"}
    return {"type": "string"}


def _csv_type(column: Column) -> dict[str, Any]:
    """A column's cells in CSV: text as written (empty: no value), and how to read it."""
    kind = column.type
    written: str | None = None
    if column.percent:
        written = "a percentage with one decimal, e.g. 83.9% (the share 0.839)"
    elif pa.types.is_boolean(kind):
        written = "true or false"
    elif pa.types.is_integer(kind):
        written = "an integer"
    elif pa.types.is_floating(kind):
        written = "a decimal number"
    elif pa.types.is_timestamp(kind):
        written = "an ISO 8601 date-time with its UTC offset"
    elif pa.types.is_list(kind):
        written = "the list's values joined by ; (empty: none)"
    return {"type": "string"} | ({"written": written} if written else {})


def column_types(fmt: ExportFormat, columns: Sequence[Column]) -> list[dict[str, Any]]:
    """The manifest's description of each column as `fmt` holds it: the Arrow type a Parquet
    reader gets back, the JSON type of a JSON Lines value, or, for CSV, text and how it is
    written. Enumerations list their values."""
    out = []
    for column in columns:
        if fmt is ExportFormat.PARQUET:
            found: dict[str, Any] = {"type": str(parquet_type(column))}
        elif fmt is ExportFormat.JSONL:
            found = _json_type(column)
        else:
            found = _csv_type(column)
        if column.values:
            found["values"] = list(column.values)
        out.append({"name": column.name, **found, "description": column.description})
    return out


#: How the CSV is written, for its manifest.
CSV_DIALECT = {
    "encoding": "utf-8",
    "delimiter": ",",
    "quoteChar": '"',
    "lineTerminator": "\r\n",
    "header": True,
    "listSeparator": ";",
    "formulaGuard": "a text cell starting with = + - @, a tab or a carriage return has a leading '",
}


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
    """Parquet with typed columns (timestamps in UTC, floats, lists of strings, enumerations
    dictionary-encoded: `parquet_schema`); one row group per batch."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.schema = parquet_schema(columns)
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
