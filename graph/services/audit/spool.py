"""Audit events kept on local disk until the database has them (the CLI's imports).

An import's audit event is written once the import ends. When the database is what failed, it
may not answer then either: the event is kept as a JSON file in a folder (for the CLI,
`TALENTGRAPH_HOME/audit-pending/`), and the next `talentgraph` command that reaches the same
database records it (graph/services/audit/kept.py, `record_kept_events`), then deletes the file.

The file is written before the database is tried (write-ahead), so the event outlives a command
killed while recording it; events are recorded by their id, so one recorded but not yet deleted
(or recorded by two commands at once) is never recorded twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.files import replaced_atomically

log = logging.getLogger("talentgraph.audit")


@dataclass(frozen=True)
class KeptEvent:
    id: str
    #: when it happened (this machine's clock)
    at: datetime
    actor: str
    action: str
    target: str | None
    outcome: str
    code: str | None
    #: the detail fields (JSON values), before they are written as text
    detail: dict[str, Any]
    #: which database it belongs to (`AuditSpool.database`)
    database: str

    def to_json(self) -> bytes:
        return json.dumps({**asdict(self), "at": self.at.isoformat()}, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> KeptEvent:
        fields = json.loads(raw)
        return cls(**{**fields, "at": datetime.fromisoformat(fields["at"])})


class AuditSpool:
    """A folder of audit events waiting for `database` (its URI and name, as the settings say)."""

    def __init__(self, folder: Path, database: str) -> None:
        self.folder = folder
        self.database = database
        #: files of this process's events that are still waiting
        self.kept: list[Path] = []

    def keep(self, event: KeptEvent) -> Path | None:
        """Write `event` to the folder; None (and a logged error) if it cannot be written."""
        path = self.folder / f"{event.id}.json"
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with replaced_atomically(path) as handle:
                handle.write(event.to_json())
        except OSError as exc:
            log.error("audit: could not keep %s %s in %s: %s", event.action, event.id, path, exc)
            return None
        return path

    def done(self, path: Path) -> None:
        """The event in `path` is recorded: forget it."""
        path.unlink(missing_ok=True)
        self.kept = [kept for kept in self.kept if kept != path]

    def pending(self) -> list[tuple[Path, KeptEvent]]:
        """Events waiting for this spool's database, oldest first (unreadable files are left be,
        with a warning)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("ae-*.json")):
            try:
                event = KeptEvent.from_json(path.read_bytes())
            except (OSError, ValueError, TypeError, KeyError) as exc:
                log.warning("audit: %s is not a kept audit event (%s); left as it is", path, exc)
                continue
            if event.database == self.database:
                found.append((path, event))
        found.sort(key=lambda item: item[1].at)
        return found

    @staticmethod
    def default_folder(home: Path) -> Path:
        return home / "audit-pending"
