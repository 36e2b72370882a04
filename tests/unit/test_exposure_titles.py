"""`talentgraph map-titles`: O*NET-SOC suggestions for an employer's job titles."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from graph.errors import BadUserInput
from graph.importing.title_mapping import TitleIndex, read_titles, words
from tests.support.cli import talentgraph
from tests.support.paths import REPO


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return TitleIndex.load()


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Sr. Software Engineer", "15-1252.00"),  # Software Developers
        ("Registered Nurse", "29-1141.00"),
        ("Staff Accountant", "13-2011.00"),  # Accountants and Auditors
        ("Customer Service Rep", "43-4051.00"),
        ("Forklift Driver", "53-7051.00"),  # Industrial Truck and Tractor Operators
        ("Payroll Specialist", "43-3051.00"),
        ("Mechanical Engineer II", "17-2141.00"),
        ("Data Scientist", "15-2051.00"),
    ],
)
def test_common_titles_find_their_occupation_first(
    index: TitleIndex, title: str, code: str
) -> None:
    found = index.match(title, top=3)
    assert found[0].code == code, [(m.code, m.occupation, m.score) for m in found]
    assert [m.rank for m in found] == [1, 2, 3]
    assert found[0].score >= found[1].score >= found[2].score
    assert 0 < found[0].score <= 1


def test_normalising_drops_levels_and_expands_abbreviations() -> None:
    assert words("Sr. HR Mgr II") == ["human", "resource", "manager"]
    assert words("Nurses") == ["nurse"]
    assert words("Senior") == ["senior"]  # nothing else left: keep what there is


def test_a_title_of_nothing_but_punctuation_has_no_suggestion(index: TitleIndex) -> None:
    assert index.match("???") == []


def test_titles_come_from_a_csv_column_or_lines(tmp_path: Path) -> None:
    with_header = tmp_path / "titles.csv"
    with_header.write_text('id,Title\n1,Cashier\n2,"Clerk, Senior"\n3,Cashier\n', encoding="utf-8")
    assert read_titles(with_header) == ["Cashier", "Clerk, Senior"]
    plain = tmp_path / "titles.txt"
    plain.write_text("Cashier\n\nWelder\n", encoding="utf-8")
    assert read_titles(plain) == ["Cashier", "Welder"]
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(BadUserInput):
        read_titles(empty)


def test_cli_prints_a_table_and_writes_csv(tmp_path: Path) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("Registered Nurse\nLine Cook\n", encoding="utf-8")
    out = tmp_path / "suggestions.csv"
    result = talentgraph("map-titles", str(titles), "--out", str(out), env=os.environ, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "29-1141.00" in result.stdout
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    assert rows[0]["title"] == "Registered Nurse"
    assert rows[0]["occupation_code"] == "29-1141.00"
    assert set(rows[0]) == {
        "title",
        "rank",
        "occupation_code",
        "occupation_title",
        "score",
        "matched_title",
    }
