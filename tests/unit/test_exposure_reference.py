"""The reference data shipped in the package: lean, attributed, reproducible, and licence-clean."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from graph.importing.reference_files import SHIPPED_DIR
from tests.support.paths import REPO, SHARED

#: Data without a licence that allows shipping it (SOURCES.md): tests may read it, never ship it.
UNLICENSED = ("frey", "osborne", "aioe", "felten")


def _shipped() -> list[Path]:
    return sorted(p for p in SHIPPED_DIR.rglob("*") if p.is_file())


def test_shipped_data_is_lean_and_attributed() -> None:
    files = _shipped()
    data = [p for p in files if p.name.endswith(".gz")]
    assert len(data) == 11
    assert sum(p.stat().st_size for p in data) < 3_000_000
    attribution = (SHIPPED_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needed in (
        "O*NET 29.3 Database",
        "CC BY 4.0",
        "O*NET® is a trademark of USDOL/ETA",
        "Copyright (c) 2024 OpenAI",
        "Permission is hereby granted",
        "Working with AI",
        "modified",
    ):
        assert needed in attribution, needed


def test_no_unlicensed_data_in_the_package() -> None:
    for folder in ("graph", "api", "cypher"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix in {".gz", ".csv", ".tsv", ".txt", ".json"}:
                assert not any(word in path.name.lower() for word in UNLICENSED), path


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="the shared data folder is not beside the repository"
)
def test_build_script_reproduces_the_shipped_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_reference_data.py"),
            str(SHARED),
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.gz"))
    shipped = sorted(p.relative_to(SHIPPED_DIR) for p in SHIPPED_DIR.rglob("*.gz"))
    assert built == shipped
    for relative in built:
        assert filecmp.cmp(tmp_path / relative, SHIPPED_DIR / relative, shallow=False), relative
