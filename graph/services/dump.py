"""`talentgraph dump` and `talentgraph restore`: the whole graph as JSON Lines, without loss;
admin only, each audited once it ends.

The dump reads everything in one read transaction on one server (read-committed, as every Neo4j
read: a write committed while it runs may be in it in part, so dump while nothing writes),
streaming, into a temporary file renamed when complete. Lines are in a stable order (nodes by labels then key;
relationships by type, start, end, then properties), property maps by name, and nothing in a dump
depends on the server's internal ids or on the time it was taken, so the same graph always gives
the same bytes: dump, restore, dump again and the two files are identical. The graph version
ledger (graph/version.py) is bookkeeping of this database's own transactions and is left out.

A restore checks the whole file first (graph/dump/fileformat.py) and writes nothing if any of it
is wrong; it then writes only into an empty database, in batches of `UNWIND` creates, and checks
the counts at the end. The format and the value codec: graph/dump/.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from graph.auth import Principal
from graph.db import Database, Tx
from graph.dump.codec import encode_value, line, properties
from graph.dump.fileformat import (
    DEFAULT_NODE_KEY,
    NODE_KEYS,
    DumpRejected,
    DumpReport,
    Progress,
    check_dump,
    compressed,
    header,
    node_row,
    open_for_writing,
    reader,
    records,
    ref,
    relationship_row,
)
from graph.errors import BadUserInput, Conflict
from graph.repositories import dump as dump_reads
from graph.repositories.schema import migrate, wipe
from graph.services import access, audit

__all__ = ["DumpRejected", "DumpReport", "dump", "restore"]


async def _dump(
    tx: Tx, raw: io.BufferedIOBase, path: Path, progress: Progress | None
) -> DumpReport:
    out: io.BufferedIOBase = (
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) if compressed(path) else raw
    )
    report = DumpReport(path)
    out.write(line(header()))
    seen: set[str] = set()
    async for record in dump_reads.nodes(tx, NODE_KEYS):
        labels, key, props = record["labels"], record["key"], record["props"]
        if key is None:
            raise BadUserInput(
                f"cannot dump a {':'.join(labels) or 'unlabelled'} node without a "
                f"{NODE_KEYS.get(labels[0] if labels else '', DEFAULT_NODE_KEY)!r} property: "
                "every node needs its label's key to be named in the dump"
            )
        name = json.dumps(ref(labels, key))
        if name in seen:
            raise BadUserInput(f"cannot dump: two nodes are named {name}")
        seen.add(name)
        entry = {
            "kind": "node",
            "labels": labels,
            "key": encode_value(key),
            "properties": properties(props),
        }
        out.write(line(entry))
        report.nodes += 1
        for label in labels:
            report.by_label[label] = report.by_label.get(label, 0) + 1
        if progress and report.nodes % 10_000 == 0:
            progress("nodes", report.nodes)
    async for record in dump_reads.relationships(tx, NODE_KEYS):
        entry = {
            "kind": "relationship",
            "type": record["type"],
            "start": [record["source"][0], encode_value(record["source"][1])],
            "end": [record["target"][0], encode_value(record["target"][1])],
            "properties": properties(record["props"]),
        }
        out.write(line(entry))
        report.relationships += 1
        report.by_type[record["type"]] = report.by_type.get(record["type"], 0) + 1
        if progress and report.relationships % 10_000 == 0:
            progress("relationships", report.relationships)
    out.write(line({"kind": "end", "nodes": report.nodes, "relationships": report.relationships}))
    if out is not raw:
        out.close()
    return report


async def dump(
    db: Database, path: Path, progress: Progress | None = None, *, principal: Principal
) -> DumpReport:
    """Write every node and relationship to `path` (atomically: a failed dump leaves nothing);
    admin only, audited (`dump`)."""
    async with audit.audited(db, principal, "dump", str(path)) as detail:
        access.require(principal, access.ADMIN_ONLY, "dumping the graph")
        with open_for_writing(path) as (target, raw):
            # One read transaction on one server; not retried (the file is on its way out).
            async with db.reading(one_transaction=True) as tx:
                report = await _dump(tx, raw, path, progress)
        report.path = target
        detail.update(nodes=report.nodes, relationships=report.relationships)
    return report


async def restore(
    db: Database,
    path: Path,
    batch_size: int = 5000,
    progress: Progress | None = None,
    *,
    wipe_first: bool = False,
    principal: Principal,
) -> DumpReport:
    """Recreate the dump at `path` in an empty database (constraints and indexes applied first);
    admin only, audited (`restore`).

    DumpRejected, before anything is touched, if the file is not a complete dump; Conflict if the
    database holds anything, unless `wipe_first` (then it is emptied once the file is checked).
    """
    async with audit.audited(db, principal, "restore", str(path), {"wipe": wipe_first}) as detail:
        access.require(principal, access.ADMIN_ONLY, "restoring a dump")
        report = await _restore(db, path, batch_size, progress, wipe_first)
        detail.update(nodes=report.nodes, relationships=report.relationships)
    return report


async def _restore(
    db: Database,
    path: Path,
    batch_size: int,
    progress: Progress | None,
    wipe_first: bool,
) -> DumpReport:
    checked = check_dump(path)
    await migrate(db)
    if wipe_first:
        await wipe(db)
    # Its own audit trail does not make a database "not empty": a refused restore records itself.
    async with db.reading() as tx:
        nodes, relationships, trail = await dump_reads.counts(tx)
    if nodes - trail or relationships:
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
        created = await db.write(dump_reads.create_nodes, batch)
        element_ids.update(zip(refs, created, strict=True))
        report.nodes += len(batch)
        refs.clear()
        batch.clear()
        if progress:
            progress("nodes", report.nodes)

    async def flush_relationships() -> None:
        created = await db.write(dump_reads.create_relationships, batch)
        if created != len(batch):
            raise Conflict(
                f"restore stopped: {len(batch) - created} relationship(s) of a batch found no end "
                "node; the database now holds part of the dump"
            )
        report.relationships += created
        batch.clear()
        if progress:
            progress("relationships", report.relationships)

    with reader(path) as stream:
        for number, obj in records(stream):
            if isinstance(obj, ValueError) or not isinstance(obj, dict):
                raise Conflict(
                    f"{path} changed during the restore (line {number}); the database now holds part of it"
                )
            kind = obj.get("kind")
            if kind == "node":
                name, row = node_row(obj)
                row["i"] = len(batch)
                for label in row["labels"]:
                    report.by_label[label] = report.by_label.get(label, 0) + 1
                refs.append(name)
                batch.append(row)
                if len(batch) >= batch_size:
                    await flush_nodes()
            elif kind == "relationship":
                if refs:
                    await flush_nodes()
                start, end, row = relationship_row(obj)
                row["source"], row["target"] = element_ids[start], element_ids[end]
                report.by_type[row["type"]] = report.by_type.get(row["type"], 0) + 1
                batch.append(row)
                if len(batch) >= batch_size:
                    await flush_relationships()
        if refs:
            await flush_nodes()
        elif batch:
            await flush_relationships()
    async with db.reading() as tx:
        found_nodes, found_relationships, found_trail = await dump_reads.counts(tx)
    # Audit events are written while a restore runs (by the API, by this process's read log):
    # compare everything else.
    restored_trail = report.by_label.get("AuditEvent", 0)
    found = found_nodes - found_trail
    wanted = checked.nodes - restored_trail
    if (found, found_relationships) != (wanted, checked.relationships):
        raise Conflict(
            f"restore incomplete: the database holds {found:,} nodes and "
            f"{found_relationships:,} relationships besides its audit trail; the dump has "
            f"{wanted:,} and {checked.relationships:,}"
        )
    return report
