"""Automation exposure over GraphQL, through a real HTTP server."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db import Database
from tests.support.exposure_data import give_tasks
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes

EXPOSED = """
query ($min: Float, $first: Int) {
  automationExposedRoles(minExposure: $min, first: $first) {
    edges {
      node {
        role { id title }
        exposure
        source
        headcount
        topTasks { statement exposure }
        redeploymentTargets { role { id title } exposure meanFit }
      }
    }
  }
}
"""


async def _org(db: Database, tmp_path: Path) -> None:
    await (
        Org()
        .unit("U")
        .skill("s1", "Writing")
        .skill("s2", "Welding")
        .role("CLERK", "U", requires={"s1": (3, 2), "s2": (1, 1)}, title="Records Clerk")
        .role("EDITOR", "U", requires={"s1": (4, 2)}, title="Editor")
        .role("WELDER", "U", requires={"s2": (3, 1)}, title="Welder")
        .role("NEW", "U", title="Unscored Role")
        .employee("E1", holds=("CLERK",), skills={"s1": 3, "s2": 1})
        .employee("E2", holds=("CLERK",), skills={"s1": 2})
        .employee("E3", holds=("EDITOR",), skills={"s1": 4})
        .save(db)
    )
    await give_tasks(
        db,
        tmp_path,
        [
            {"role_id": "CLERK", "task_id": "c1", "statement": "File records", "exposure": 1.0},
            {"role_id": "CLERK", "task_id": "c2", "statement": "Sort mail", "exposure": 0.5},
            {"role_id": "EDITOR", "task_id": "e1", "statement": "Edit copy", "exposure": 0.5},
            {"role_id": "WELDER", "task_id": "w1", "statement": "Weld seams", "exposure": 0.0},
        ],
    )


async def test_automation_exposed_roles(db: Database, api: ApiClient, tmp_path: Path) -> None:
    await _org(db, tmp_path)
    data = api.data(EXPOSED, {"min": 0.5})
    assert nodes(data["automationExposedRoles"]) == [
        {
            "role": {"id": "CLERK", "title": "Records Clerk"},
            "exposure": 0.75,
            "source": "ROLE_TASKS",
            "headcount": 2,
            "topTasks": [
                {"statement": "File records", "exposure": 1.0},
                {"statement": "Sort mail", "exposure": 0.5},
            ],
            # Both at least 0.2 less exposed. EDITOR (s1 at 4, w 2): E1 fits 6/8, E2 4/8.
            # WELDER (s2 at 3): E1 fits 1/3, E2 0.
            "redeploymentTargets": [
                {"role": {"id": "EDITOR", "title": "Editor"}, "exposure": 0.5, "meanFit": 0.625},
                {
                    "role": {"id": "WELDER", "title": "Welder"},
                    "exposure": 0.0,
                    "meanFit": pytest.approx(1 / 6),
                },
            ],
        },
        {
            "role": {"id": "EDITOR", "title": "Editor"},
            "exposure": 0.5,
            "source": "ROLE_TASKS",
            "headcount": 1,
            "topTasks": [{"statement": "Edit copy", "exposure": 0.5}],
            "redeploymentTargets": [],  # WELDER shares no skill with EDITOR: not similar at all
        },
    ]
    defaults = api.data("{ automationExposedRoles { totalCount edges { node { role { id } } } } }")
    listed = defaults["automationExposedRoles"]
    assert [r["role"]["id"] for r in nodes(listed)] == ["CLERK", "EDITOR"]
    assert listed["totalCount"] == 2
    paged = "query($after: String) { automationExposedRoles(first: 1, after: $after) { "
    paged += "pageInfo { hasNextPage endCursor } edges { cursor node { role { id } } } } }"
    pages = api.walk(paged, "automationExposedRoles")
    assert [[r["role"]["id"] for r in page] for page in pages] == [["CLERK"], ["EDITOR"]]


async def test_role_exposure_and_similar_roles(
    db: Database, api: ApiClient, tmp_path: Path
) -> None:
    await _org(db, tmp_path)
    query = """
    query ($id: ID!) {
      role(id: $id) {
        exposure
        exposureSource
        similarRoles(first: 5) { role { id } similarity }
      }
    }
    """
    clerk = api.data(query, {"id": "CLERK"})["role"]
    assert clerk["exposure"] == 0.75
    assert clerk["exposureSource"] == "ROLE_TASKS"
    # w·l: CLERK {s1: 6, s2: 1}, EDITOR {s1: 8}, WELDER {s2: 3}.
    assert clerk["similarRoles"] == [
        {"role": {"id": "EDITOR"}, "similarity": pytest.approx(6 / 9)},
        {"role": {"id": "WELDER"}, "similarity": pytest.approx(1 / 9)},
    ]
    unscored = api.data(query, {"id": "NEW"})["role"]
    assert unscored == {"exposure": None, "exposureSource": None, "similarRoles": []}


async def test_employee_redeployment_targets(db: Database, api: ApiClient, tmp_path: Path) -> None:
    await _org(db, tmp_path)
    query = """
    query ($id: ID!) {
      employee(id: $id) {
        redeploymentTargets(first: 5) {
          role { id } exposure exposureSource fit thinBench gaps { skill { id name } shortfall }
        }
      }
    }
    """
    found = api.data(query, {"id": "E2"})["employee"]["redeploymentTargets"]
    assert found == [
        {
            "role": {"id": "EDITOR"},
            "exposure": 0.5,
            "exposureSource": "ROLE_TASKS",
            "fit": 0.5,
            "thinBench": False,
            "gaps": [{"skill": {"id": "s1", "name": "Writing"}, "shortfall": 2.0}],
        }
    ]
    # E3 (EDITOR, 0.5) could only move to WELDER (0.0), but has none of its skills: fit 0.
    assert api.data(query, {"id": "E3"})["employee"]["redeploymentTargets"] == []


@pytest.mark.parametrize(
    "query",
    [
        "{ automationExposedRoles(minExposure: 1.5) { totalCount } }",
        "{ automationExposedRoles(minExposure: -0.1) { totalCount } }",
        "{ automationExposedRoles(first: 0) { totalCount } }",
        "{ automationExposedRoles(first: 501) { totalCount } }",
        '{ automationExposedRoles(after: "bm9wZQ") { totalCount } }',
        "{ automationExposedRoles(minExposure: 0) "
        "{ edges { node { topTasks(first: 21) { statement } } } } }",
        "{ automationExposedRoles(minExposure: 0) "
        "{ edges { node { redeploymentTargets(first: 11) { meanFit } } } } }",
        '{ role(id: "CLERK") { similarRoles(first: 0) { similarity } } }',
        '{ employee(id: "E1") { redeploymentTargets(first: 51) { fit } } }',
    ],
)
async def test_arguments_out_of_range_are_bad_user_input(
    db: Database, api: ApiClient, tmp_path: Path, query: str
) -> None:
    await _org(db, tmp_path)
    assert "BAD_USER_INPUT" in api.error_codes(query)
