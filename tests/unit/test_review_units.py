"""The org unit tree behind the review page's unit picker and a manager's scope (pure logic)."""

from __future__ import annotations

from api.review.filters import Filters
from graph.repositories.org_units import OrgUnitRow
from graph.services.org_units import UnitTree


def row(id: str, parent: str | None = None, roles: int = 0, name: str | None = None) -> OrgUnitRow:
    return OrgUnitRow(id=id, name=name or id, parent_id=parent, roles=roles)


def test_units_read_as_an_outline_with_roles_counted_below() -> None:
    tree = UnitTree(
        [
            row("ROOT", roles=1, name="Company"),
            row("B", "ROOT", roles=2, name="Beta"),
            row("A", "ROOT", roles=0, name="alpha"),
            row("A1", "A", roles=4, name="Alpha one"),
        ]
    )
    assert [(n.id, n.depth, n.roles) for n in tree.nodes] == [
        ("ROOT", 0, 7),
        ("A", 1, 4),  # by name, case-insensitively
        ("A1", 2, 4),
        ("B", 1, 2),
    ]
    assert tree.below(["A"]) == {"A", "A1"}
    assert tree.below(["ROOT"]) == {"ROOT", "A", "A1", "B"}
    assert tree.below(["NOPE"]) == set()
    assert "A1" in tree and "NOPE" not in tree


def test_a_part_of_cycle_loses_no_unit() -> None:
    tree = UnitTree([row("X", "Y", roles=1), row("Y", "X", roles=1), row("Z", roles=1)])
    assert sorted(n.id for n in tree.nodes) == ["X", "Y", "Z"]
    assert tree.below(["X"]) == {"X", "Y"}


def test_filters_round_trip_through_the_query_string() -> None:
    filters = Filters.parse({"unit": "U1", "roles": "all", "since": "2026-01-31", "page": "2"})
    assert filters.url() == "/review?unit=U1&roles=all&since=2026-01-31&page=2"
    assert filters.url(page=1) == "/review?unit=U1&roles=all&since=2026-01-31"
    assert Filters.parse({}).url() == "/review"
    assert Filters.parse({"unit": "", "since": "", "roles": "critical"}) == Filters()
    assert filters.export_url("csv") == (
        "/exports/readiness?format=csv&orgUnitId=U1&allRoles=true&since=2026-01-31T00%3A00%3A00Z"
    )
