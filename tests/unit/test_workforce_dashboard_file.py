"""The workforce dashboard's download (graph/services/workforce_dashboard.py encode): one table of
COLUMNS through the one export encoder; CSV text cells neutralised, Parquet typed, missing cells
empty or null."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pyarrow.parquet as pq

from graph.services.export import ExportFormat
from graph.services.workforce_dashboard import COLUMN_NAMES, encode

ROWS = [
    {
        "section": "GROUP",
        "group": "R1",
        "label": '=HYPERLINK("http://x")',
        "start": datetime(2025, 1, 1, tzinfo=UTC),
        "end": datetime(2026, 1, 1, tzinfo=UTC),
        "suppressed": False,
        "headcount_start": 7,
        "attrition_rate": 0.25,
    },
    {"section": "FLOW", "suppressed": True, "from_unit": "U1", "to_unit": "U2", "moves": None},
]


def test_csv_has_every_column_and_neutralised_text() -> None:
    text = encode(ROWS, ExportFormat.CSV).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMN_NAMES
    assert rows[0]["label"] == '\'=HYPERLINK("http://x")'
    assert (rows[0]["headcount_start"], rows[0]["attrition_rate"]) == ("7", "0.25")
    assert rows[0]["start"].startswith("2025-01-01T00:00:00")
    assert (rows[1]["suppressed"], rows[1]["moves"], rows[1]["label"]) == ("true", "", "")


def test_parquet_is_typed_with_nulls() -> None:
    table = pq.read_table(io.BytesIO(encode(ROWS, ExportFormat.PARQUET)))
    assert tuple(table.column_names) == COLUMN_NAMES
    first, second = table.to_pylist()
    assert first["headcount_start"] == 7 and first["attrition_rate"] == 0.25
    assert first["label"] == '=HYPERLINK("http://x")'  # data, not a spreadsheet's text
    assert second["moves"] is None and second["suppressed"] is True
