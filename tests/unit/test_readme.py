"""The README stays a map of the product: its command table names every command the CLI has, its
contents list every section, its links to sections and files lead somewhere, every page under
docs/ is linked, and the Neo4j version it and the compose files name is the launcher's
(tests/unit/test_deployment_files.py checks the compose images themselves)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import typer.main
from typer.core import TyperGroup

from api.cli import app
from graph.settings import DEFAULT_NEO4J_VERSION
from tests.support.paths import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end >= 0 else None]


def _commands(group: TyperGroup, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command a user can run, as its words (`("import", "onet")`); groups by their leaves."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if isinstance(command, TyperGroup):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def _resolve(root: TyperGroup, words: list[str]) -> tuple[str, ...]:
    """The command that `words` (a code span of the table, `talentgraph ` removed) names: as many
    leading words as are (sub)commands."""
    found: list[str] = []
    node: object = root
    for word in words:
        if not isinstance(node, TyperGroup):
            break
        sub = node.commands.get(word)
        if sub is None:
            break
        found.append(word)
        node = sub
    return tuple(found)


def _table_commands(root: TyperGroup) -> set[tuple[str, ...]]:
    """The commands the first column of the README's command table names. A later span of the
    same cell without `talentgraph` is read within the group of the one before it, so that
    "`talentgraph neo4j stop` / `status`" names `neo4j stop` and `neo4j status`."""
    named: set[tuple[str, ...]] = set()
    for line in _section("The `talentgraph` command").splitlines():
        if not line.startswith("| `talentgraph"):
            continue
        cell = re.split(r"(?<!\\) \| ", line[2:], maxsplit=1)[0]
        group: tuple[str, ...] = ()
        for span in re.findall(r"`([^`]+)`", cell):
            words = span.replace("\\|", "|").split()
            if words[0] == "talentgraph":
                found = _resolve(root, words[1:])
            else:
                found = _resolve(root, words)
                within = _resolve(root, [*group, *words])
                if len(within) > len(group) and len(within) > len(found):
                    found = within
            if found:
                named.add(found)
                group = found[:-1]
    return named


def test_the_command_table_names_every_command() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    commands = set(_commands(root))
    # the groups people asked about by name are there, so the walk above sees the real CLI
    assert {
        ("reindex",),
        ("map-titles",),
        ("link-occupations",),
        ("apply-occupation-requirements",),
        ("import", "onet"),
        ("import", "role-tasks"),
        ("neo4j", "status"),
        ("export", "readiness"),
    } <= commands
    named = _table_commands(root)
    # `talentgraph import DIR` is `import csv DIR`: the group itself counts for its default
    missing = sorted(" ".join(c) for c in commands - named)
    assert not missing, f"README's command table leaves out: {missing}"
    unknown = sorted(" ".join(c) for c in named - commands - {("import",)})
    assert not unknown, f"README's command table names commands the CLI lacks: {unknown}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_the_contents_list_every_section_and_every_anchor_leads_somewhere() -> None:
    headings = re.findall(r"^(#{2,3}) (.+)$", README, flags=re.MULTILINE)
    anchors = {_slug(text) for _, text in headings}
    contents = _section("Contents")
    for level, text in headings:
        if level == "##" and text != "Contents":
            assert f"](#{_slug(text)})" in contents, f"Contents does not link {text!r}"
    for anchor in re.findall(r"\]\(#([^)]+)\)", README):
        assert anchor in anchors, f"README links #{anchor}, which is no heading"


def test_every_document_is_linked_and_every_linked_file_exists() -> None:
    for page in sorted((REPO / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in README, f"README does not link docs/{page.name}"
    for target in re.findall(r"\]\(((?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)", README):
        assert (REPO / target).exists(), f"README links {target}, which does not exist"


def test_the_neo4j_version_named_is_the_launchers() -> None:
    """Wherever a full 5.x.y version is written (README, compose files), it is the one
    `talentgraph neo4j start` runs; `5.26` alone stays right across patch releases."""
    major_minor = ".".join(DEFAULT_NEO4J_VERSION.split(".")[:2])
    for name in ("README.md", "docker-compose.yml", "docker-compose.cluster.yml", "Dockerfile"):
        text = (REPO / name).read_text(encoding="utf-8")
        for found in re.findall(rf"\b{re.escape(major_minor)}\.\d+\b", text):
            assert found == DEFAULT_NEO4J_VERSION, (name, found)


def test_the_graph_model_names_every_label_and_relationship_the_statements_use() -> None:
    """docs/graph-model.md keeps up with cypher/: a label or relationship type a statement names
    and the page does not is a change someone forgot to describe."""
    page = (REPO / "docs" / "graph-model.md").read_text(encoding="utf-8")
    labels: set[str] = set()
    types: set[str] = set()
    for path in (REPO / "cypher").rglob("*.cypher"):
        text = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("//")
        )
        labels.update(re.findall(r"\(\s*\w*\s*:\s*([A-Z][A-Za-z]+)", text))
        labels.update(re.findall(r"FOR \(n:([A-Z][A-Za-z]+)\)", text))
        types.update(re.findall(r"\[\s*\w*\s*:\s*([A-Z][A-Z_]+)", text))
    assert {"Employee", "CalibrationChange", "GraphVersion"} <= labels  # the patterns still match
    assert {"HOLDS", "MADE", "FILLED_BY"} <= types
    assert not {label for label in labels if f"`{label}" not in page}
    assert not {kind for kind in types if f"[:{kind}" not in page}
