"""The dump file: its lines, how it is opened and written, and the check of a whole file before a
restore writes anything (graph/services/dump.py).

A dump is UTF-8 text, one JSON object per line (gzip-compressed when the path ends in `.gz`):

    {"kind":"header","format":"talentgraph-dump","version":1,"nodeKeys":{...},"defaultNodeKey":"id"}
    {"kind":"node","labels":["Employee"],"key":"E000001","properties":{...}}              (every node)
    {"kind":"relationship","type":"HOLDS","start":["Employee","E000001"],"end":["Role","R00001"],
     "properties":{...}}                                                           (every relationship)
    {"kind":"end","nodes":1234,"relationships":5678}

A node is named by its first label (labels sorted) and the value of that label's key property
(`nodeKeys`, `id` for every label without an entry: every TalentGraph label has a unique one);
relationships name their end nodes that way. Values: graph/dump/codec.py.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.dump.codec import encode_value, property_value
from graph.errors import BadUserInput
from graph.files import replaced_atomically

FORMAT = "talentgraph-dump"
VERSION = 1
#: The key property of each label that has one other than `id`.
NODE_KEYS: dict[str, str] = {"Occupation": "code"}
DEFAULT_NODE_KEY = "id"

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


def header() -> dict[str, Any]:
    return {
        "kind": "header",
        "format": FORMAT,
        "version": VERSION,
        "nodeKeys": dict(sorted(NODE_KEYS.items())),
        "defaultNodeKey": DEFAULT_NODE_KEY,
    }


def ref(labels: list[str], key: Any) -> list[Any]:
    """How relationship lines name a node: [first label, key]."""
    return [labels[0] if labels else None, encode_value(key)]


@contextmanager
def open_for_writing(path: Path) -> Iterator[tuple[Path, io.BufferedIOBase]]:
    """A temporary file beside `path`, renamed into place only if the block completes."""
    path = path.resolve()
    if not path.parent.is_dir():
        raise BadUserInput(f"no such folder: {path.parent}")
    with replaced_atomically(path) as raw:
        yield path, raw


def compressed(path: Path) -> bool:
    return path.name.endswith(".gz")


@contextmanager
def reader(path: Path) -> Iterator[io.BufferedIOBase]:
    if not path.is_file():
        raise BadUserInput(f"no such file: {path}")
    with path.open("rb") as raw:
        if compressed(path):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
        else:
            yield raw


@dataclass
class Checked:
    nodes: int
    relationships: int


def records(stream: io.BufferedIOBase) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) per line; a line that is not JSON gives (n, ValueError)."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield number, json.loads(raw)
        except (ValueError, RecursionError) as exc:
            yield number, ValueError(f"not JSON ({str(exc)[:80]})")


def node_row(obj: dict[str, Any]) -> tuple[str, dict[str, Any]]:
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
    decoded = {name: property_value(v) for name, v in props.items()}
    name = NODE_KEYS.get(labels[0], DEFAULT_NODE_KEY)
    if key is None or props.get(name) != key:
        raise ValueError(f"a node's key must equal its {name!r} property")
    return json.dumps([labels[0], key]), {"labels": labels, "props": decoded}


def relationship_row(obj: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
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
    decoded = {name: property_value(v) for name, v in props.items()}
    return json.dumps(start), json.dumps(end), {"type": kind, "props": decoded}


def check_dump(path: Path) -> Checked:
    """Pass one of a restore: the whole file is well formed, complete and self-consistent."""
    issues: list[str] = []
    refs: set[str] = set()
    nodes = relationships = 0
    state = "header"
    with reader(path) as stream:
        try:
            for number, obj in records(stream):
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
                        ref, _ = node_row(obj)
                        if ref in refs:
                            raise ValueError(f"a second node named {ref}")
                        refs.add(ref)
                        nodes += 1
                    elif kind == "relationship" and state in ("nodes", "relationships"):
                        state = "relationships"
                        start, end, _ = relationship_row(obj)
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
    return Checked(nodes, relationships)
