"""Where things are, for tests that read the repository's own files."""

from __future__ import annotations

from pathlib import Path

#: The repository's root folder.
REPO = Path(__file__).resolve().parents[2]
#: The shared data folder beside the repository (CI has it too); never shipped.
SHARED = REPO.parent / "shared" / "data"
