"""Exposure, similarity and redeployment figures (DESIGN §4), checked against sums done by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.auth import LOCAL_DEVELOPER
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.exposure import ExposureSource
from graph.importing.csv_import import ImportRejected
from graph.importing.onet import import_onet
from graph.importing.role_tasks import import_role_tasks
from graph.services import exposure
from graph.settings import Settings
from tests.support.exposure_data import give_tasks, synthetic_reference, write_tasks_csv
from tests.support.factories import Org

SETTINGS = Settings()
OCC_A = "11-0001.00"  # human beta 0.6, GPT-4 beta 0.3, Microsoft 0.45
OCC_B = "11-0002.00"  # human beta 0.2


async def _reference(db: Database, folder: Path) -> None:
    synthetic_reference(
        folder,
        {
            OCC_A: {"human_rating_beta": 0.6, "dv_rating_beta": 0.3},
            OCC_B: {"human_rating_beta": 0.2, "dv_rating_beta": 0.1},
        },
        tasks=[
            (OCC_A, 1001, "Draft reports", "E1"),
            (OCC_A, 1002, "Meet clients", "E0"),
            (OCC_A, 1003, "Answer letters", "E2"),
        ],
        microsoft={"11-0001": 0.45},
    )
    await import_onet(db, folder)


async def _exposures(db: Database, settings: Settings = SETTINGS) -> dict[str, tuple[float, str]]:
    found = await exposure.role_exposures(
        db, settings, ["TASKS", "ONET_TASKS", "OCC", "NONE", "UNSCORED", "UNSCORED_OCC"]
    )
    return {role_id: (e.exposure, e.source.value) for role_id, e in found.items()}


async def test_exposure_from_own_tasks_then_occupation_else_none(
    db: Database, tmp_path: Path
) -> None:
    await _reference(db, tmp_path / "ref")
    await (
        Org()
        .unit("U")
        .role("TASKS", "U", occupation=OCC_A)
        .role("ONET_TASKS", "U")
        .role("OCC", "U", occupation=OCC_A)
        .role("NONE", "U")
        .role("UNSCORED", "U")
        .role("UNSCORED_OCC", "U", occupation=OCC_B)
        .save(db)
    )
    await give_tasks(
        db,
        tmp_path / "tasks",
        [
            {
                "role_id": "TASKS",
                "task_id": "t1",
                "weight": 2,
                "statement": "Enter data",
                "exposure": 1.0,
            },
            {
                "role_id": "TASKS",
                "task_id": "t2",
                "weight": 1,
                "statement": "Greet",
                "exposure": 0.5,
            },
            {"role_id": "TASKS", "task_id": "t3", "weight": 5, "statement": "Repair machines"},
            {"role_id": "ONET_TASKS", "task_id": "onet:1001", "weight": 1},  # E1 -> 1.0
            {"role_id": "ONET_TASKS", "task_id": "onet:1002", "weight": 3},  # E0 -> 0.0
            {"role_id": "UNSCORED", "task_id": "t3"},
            {"role_id": "UNSCORED_OCC", "task_id": "t3"},
        ],
    )
    found = await _exposures(db)
    # Own tasks win over the occupation; the unscored task (weight 5) takes no part.
    assert found["TASKS"][0] == pytest.approx((2 * 1.0 + 1 * 0.5) / 3)
    assert found["TASKS"][1] == "ROLE_TASKS"
    assert found["ONET_TASKS"] == (pytest.approx((1 * 1.0 + 3 * 0.0) / 4), "ROLE_TASKS")
    assert found["OCC"] == (pytest.approx(0.6), "GPTS_HUMAN_BETA")
    assert found["UNSCORED_OCC"] == (pytest.approx(0.2), "GPTS_HUMAN_BETA")
    assert "NONE" not in found  # no task, no occupation: no exposure, not 0
    assert "UNSCORED" not in found  # tasks without a score count as none

    gpt4 = await _exposures(db, Settings(exposure_dataset=ExposureSource.GPTS_GPT4_BETA))
    assert gpt4["OCC"] == (pytest.approx(0.3), "GPTS_GPT4_BETA")
    assert gpt4["TASKS"][1] == "ROLE_TASKS"
    microsoft = await _exposures(
        db, Settings(exposure_dataset=ExposureSource.MICROSOFT_AI_APPLICABILITY)
    )
    assert microsoft["OCC"] == (pytest.approx(0.45), "MICROSOFT_AI_APPLICABILITY")
    assert "UNSCORED_OCC" not in microsoft  # its occupation has no Microsoft score

    # The list of exposed roles agrees with the single-role figures.
    listed = await exposure.automation_exposed_roles(
        db, SETTINGS, 0.0, 50, principal=LOCAL_DEVELOPER
    )
    assert {r.role.id: (pytest.approx(r.exposure), r.source.value) for r in listed.items} == found


def test_settings_refuse_role_tasks_as_the_occupation_dataset() -> None:
    with pytest.raises(ValueError, match="occupation-level dataset"):
        Settings(exposure_dataset=ExposureSource.ROLE_TASKS)


async def test_top_tasks_are_the_roles_own_or_its_occupations(db: Database, tmp_path: Path) -> None:
    await _reference(db, tmp_path / "ref")
    await Org().unit("U").role("OWN", "U").role("OCC", "U", occupation=OCC_A).save(db)
    await give_tasks(
        db,
        tmp_path / "tasks",
        [
            {"role_id": "OWN", "task_id": "a", "weight": 1, "statement": "A", "exposure": 0.2},
            {"role_id": "OWN", "task_id": "b", "weight": 1, "statement": "B", "exposure": 0.9},
            {"role_id": "OWN", "task_id": "c", "weight": 1, "statement": "C"},
        ],
    )
    found = await exposure.top_tasks(
        db, [("OWN", ExposureSource.ROLE_TASKS), ("OCC", ExposureSource.GPTS_HUMAN_BETA)], 2
    )
    assert [(t.id, t.exposure) for t in found["OWN"]] == [("b", 0.9), ("a", 0.2)]
    assert [(t.statement, t.exposure) for t in found["OCC"]] == [
        ("Draft reports", 1.0),
        ("Answer letters", 0.5),
    ]


async def test_similarity_is_weighted_jaccard(db: Database) -> None:
    await (
        Org()
        .unit("U")
        .skill("s1")
        .skill("s2")
        .skill("s3")
        # w·l: A = {s1: 1·2, s2: 2·3}, B = {s2: 2·2, s3: 1·1}, C = {s3: 1·1}
        .role("A", "U", requires={"s1": (2, 1), "s2": (3, 2)})
        .role("B", "U", requires={"s2": (2, 2), "s3": (1, 1)})
        .role("C", "U", requires={"s3": (1, 1)})
        .role("D", "U")
        .save(db)
    )
    a = await exposure.similar_roles(db, SETTINGS, "A", 10, principal=LOCAL_DEVELOPER)
    # Σ min = min(6, 4) = 4; Σ max = 2 + 6 + 1 = 9.
    assert [(s.role.id, s.similarity) for s in a] == [("B", pytest.approx(4 / 9))]
    b = await exposure.similar_roles(db, SETTINGS, "B", 10, principal=LOCAL_DEVELOPER)
    assert [(s.role.id, s.similarity) for s in b] == [
        ("A", pytest.approx(4 / 9)),
        ("C", pytest.approx(1 / 5)),
    ]
    assert await exposure.similar_roles(db, SETTINGS, "D", 10, principal=LOCAL_DEVELOPER) == []
    assert [
        s.role.id
        for s in await exposure.similar_roles(db, SETTINGS, "B", 1, principal=LOCAL_DEVELOPER)
    ] == ["A"]
    with pytest.raises(BadUserInput):
        await exposure.similar_roles(db, SETTINGS, "A", 0, principal=LOCAL_DEVELOPER)


async def _margin_org(db: Database, tmp_path: Path) -> None:
    """SRC has exposure 0.8 (its own task); targets at 0.6, 0.61, 0.3 and none, all needing s1."""
    await (
        Org()
        .unit("U")
        .skill("s1")
        .skill("s2")
        .role("SRC", "U", requires={"s1": (2, 1), "s2": (2, 1)})
        .role("T_EQ", "U", requires={"s1": (2, 1)})
        .role("T_NEAR", "U", requires={"s1": (2, 1)})
        .role("T_LOW", "U", requires={"s1": (4, 1)})
        .role("T_NONE", "U", requires={"s1": (2, 1)})
        .employee("E1", holds=("SRC",), skills={"s1": 2, "s2": 1})
        .employee("E2", holds=("SRC",), skills={"s1": 4})
        .employee("E3", holds=("SRC",), skills={"s1": 7}, active=False)
        .save(db)
    )
    tasks = [
        ("SRC", 0.8),
        ("T_EQ", 0.6),  # exactly the margin lower: a target
        ("T_NEAR", 0.61),  # not lower enough
        ("T_LOW", 0.3),
    ]
    await give_tasks(
        db,
        tmp_path,
        [
            {"role_id": r, "task_id": f"task-{r}", "statement": f"Work of {r}", "exposure": x}
            for r, x in tasks
        ],
    )


async def test_employee_targets_respect_the_margin_and_order_by_fit(
    db: Database, tmp_path: Path
) -> None:
    await _margin_org(db, tmp_path)
    found = await exposure.employee_redeployment_targets(
        db, SETTINGS, "E1", 10, principal=LOCAL_DEVELOPER
    )
    # E1 has s1 = 2: fit 1.0 for T_EQ (needs 2), 2/4 for T_LOW (needs 4).
    assert [(t.role.id, t.fit, t.exposure, t.source.value) for t in found] == [
        ("T_EQ", 1.0, pytest.approx(0.6), "ROLE_TASKS"),
        ("T_LOW", 0.5, pytest.approx(0.3), "ROLE_TASKS"),
    ]
    assert found[1].gaps[0].skill.id == "s1"
    assert found[1].gaps[0].shortfall == 2.0
    wider = await exposure.employee_redeployment_targets(
        db, Settings(exposure_margin=0.5), "E1", 10, principal=LOCAL_DEVELOPER
    )
    assert [t.role.id for t in wider] == ["T_LOW"]  # 0.8 - 0.5 = 0.3, still "at least" lower
    assert (
        await exposure.employee_redeployment_targets(
            db, SETTINGS, "E3", 10, principal=LOCAL_DEVELOPER
        )
        == []
    )
    with pytest.raises(NotFound):
        await exposure.employee_redeployment_targets(
            db, SETTINGS, "NOBODY", 10, principal=LOCAL_DEVELOPER
        )


async def test_role_targets_respect_the_margin_and_order_by_mean_fit(
    db: Database, tmp_path: Path
) -> None:
    await _margin_org(db, tmp_path)
    found = await exposure.role_redeployment_targets(
        db, SETTINGS, [("SRC", 0.8)], 10, principal=LOCAL_DEVELOPER
    )
    # Active incumbents E1 (s1 = 2) and E2 (s1 = 4); E3 is inactive.
    # T_EQ needs s1 = 2: both fit 1.0. T_LOW needs s1 = 4: 0.5 and 1.0, mean 0.75.
    # Similarity to SRC (w·l: s1 2, s2 2): T_EQ 2 / 4 = 0.5, T_LOW 2 / (4 + 4 - 2) = 1/3.
    assert [(t.role.id, t.mean_fit, t.similarity) for t in found["SRC"]] == [
        ("T_EQ", pytest.approx(1.0), pytest.approx(0.5)),
        ("T_LOW", pytest.approx(0.75), pytest.approx(1 / 3)),
    ]
    only_one = await exposure.role_redeployment_targets(
        db, SETTINGS, [("SRC", 0.8)], 1, principal=LOCAL_DEVELOPER
    )
    assert [t.role.id for t in only_one["SRC"]] == ["T_EQ"]
    with pytest.raises(BadUserInput):
        await exposure.role_redeployment_targets(
            db, SETTINGS, [("SRC", 0.8)], 11, principal=LOCAL_DEVELOPER
        )


async def test_thin_benches_of_critical_roles_come_first_among_equals(
    db: Database, tmp_path: Path
) -> None:
    await (
        Org()
        .unit("U")
        .skill("s1")
        .role("SRC", "U", requires={"s1": (3, 1)})
        .role("A_PLAIN", "U", requires={"s1": (2, 1)})
        .role("M_COVERED", "U", requires={"s1": (2, 1)}, critical=True)
        .role("Z_THIN", "U", requires={"s1": (2, 1)}, critical=True)
        .role("B_BETTER", "U", requires={"s1": (1, 1)})
        .employee("E1", holds=("SRC",), skills={"s1": 1})
        .employee("S1", skills={"s1": 2})
        .assess("S1", "M_COVERED", "READY_NOW")  # benchScore 1.0: not thin
        .save(db)
    )
    await give_tasks(
        db,
        tmp_path,
        [{"role_id": "SRC", "task_id": "x", "statement": "X", "exposure": 0.9}]
        + [
            {"role_id": r, "task_id": f"y-{r}", "statement": f"Y {r}", "exposure": 0.1}
            for r in ("A_PLAIN", "M_COVERED", "Z_THIN", "B_BETTER")
        ],
    )
    personal = await exposure.employee_redeployment_targets(
        db, SETTINGS, "E1", 10, principal=LOCAL_DEVELOPER
    )
    # Fit 1.0 for B_BETTER (needs 1); 0.5 for the three that need 2: the thin critical one first.
    assert [(t.role.id, t.fit, t.thin_bench) for t in personal] == [
        ("B_BETTER", 1.0, False),
        ("Z_THIN", 0.5, True),
        ("A_PLAIN", 0.5, False),
        ("M_COVERED", 0.5, False),
    ]
    by_role = await exposure.role_redeployment_targets(
        db, SETTINGS, [("SRC", 0.9)], 10, principal=LOCAL_DEVELOPER
    )
    assert [t.role.id for t in by_role["SRC"]] == ["B_BETTER", "Z_THIN", "A_PLAIN", "M_COVERED"]


async def test_exposed_roles_by_exposure_times_active_headcount(
    db: Database, tmp_path: Path
) -> None:
    org = Org().unit("U")
    for role in ("R_HIGH", "R_MANY", "R_EMPTY", "R_LOW", "R_TIE_A", "R_TIE_B"):
        org.role(role, "U")
    org.employee("E1", holds=("R_HIGH",))
    for i in range(3):
        org.employee(f"M{i}", holds=("R_MANY",))
    org.employee("M_GONE", holds=("R_MANY",), active=False)
    org.employee("A1", holds=("R_TIE_A",)).employee("B1", holds=("R_TIE_B",))
    await org.save(db)
    values = {
        "R_HIGH": 0.9,  # 0.9 x 1
        "R_MANY": 0.6,  # 0.6 x 3 (the inactive one does not count)
        "R_EMPTY": 0.95,  # 0.95 x 0
        "R_LOW": 0.4,
        "R_TIE_A": 0.7,
        "R_TIE_B": 0.7,
    }
    await give_tasks(
        db,
        tmp_path,
        [
            {"role_id": r, "task_id": f"t-{r}", "statement": r, "exposure": x}
            for r, x in values.items()
        ],
    )
    found = await exposure.automation_exposed_roles(
        db, SETTINGS, 0.5, 50, principal=LOCAL_DEVELOPER
    )
    assert [(r.role.id, r.headcount) for r in found.items] == [
        ("R_MANY", 3),
        ("R_HIGH", 1),
        ("R_TIE_A", 1),
        ("R_TIE_B", 1),
        ("R_EMPTY", 0),
    ]
    assert [
        r.role.id
        for r in (
            await exposure.automation_exposed_roles(db, SETTINGS, 0.5, 2, principal=LOCAL_DEVELOPER)
        ).items
    ] == [
        "R_MANY",
        "R_HIGH",
    ]
    with pytest.raises(BadUserInput, match="minExposure"):
        await exposure.automation_exposed_roles(db, SETTINGS, 1.5, 50, principal=LOCAL_DEVELOPER)
    with pytest.raises(BadUserInput, match="first"):
        await exposure.automation_exposed_roles(db, SETTINGS, 0.5, 0, principal=LOCAL_DEVELOPER)


async def test_figures_follow_every_write(db: Database, tmp_path: Path) -> None:
    """The role snapshot behind the lists is rebuilt after any write: never a stale answer."""
    await Org().unit("U").role("R1", "U").employee("E1", holds=("R1",)).save(db)
    assert (
        await exposure.automation_exposed_roles(db, SETTINGS, 0.0, 50, principal=LOCAL_DEVELOPER)
    ).items == []
    await give_tasks(
        db, tmp_path / "a", [{"role_id": "R1", "task_id": "t", "statement": "T", "exposure": 0.7}]
    )
    first = await exposure.automation_exposed_roles(
        db, SETTINGS, 0.0, 50, principal=LOCAL_DEVELOPER
    )
    assert [(r.role.id, r.exposure, r.headcount) for r in first.items] == [("R1", 0.7, 1)]
    await give_tasks(
        db, tmp_path / "b", [{"role_id": "R1", "task_id": "t", "statement": "T", "exposure": 0.2}]
    )
    await Org().unit("U").employee("E2", holds=("R1",)).save(db)
    second = await exposure.automation_exposed_roles(
        db, SETTINGS, 0.0, 50, principal=LOCAL_DEVELOPER
    )
    assert [(r.role.id, r.exposure, r.headcount) for r in second.items] == [("R1", 0.2, 2)]


async def test_role_task_import_checks_every_row_first(db: Database, tmp_path: Path) -> None:
    await _reference(db, tmp_path / "ref")
    await Org().unit("U").role("R1", "U").save(db)
    bad = write_tasks_csv(
        tmp_path / "bad",
        [
            {"role_id": "R1", "task_id": "new", "statement": "Fine", "exposure": 0.5},
            {"role_id": "NOPE", "task_id": "new"},
            {"role_id": "R1", "task_id": "ghost"},
            {"role_id": "R1", "task_id": "onet:1001", "exposure": 0.1},
            {"role_id": "R1", "task_id": "x", "statement": "Too much", "exposure": 1.5},
            {"role_id": "R1", "task_id": "new", "statement": "Twice"},
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        await import_role_tasks(db, bad)
    issues = {(i.line, i.column) for i in caught.value.issues}
    assert issues == {
        (3, "role_id"),  # unknown role
        (4, "task_id"),  # unknown task without a statement
        (5, "statement"),  # O*NET tasks are read-only
        (6, "exposure"),  # out of 0-1
        (7, "task_id"),  # duplicate role/task
    }
    assert await exposure.role_exposures(db, SETTINGS, ["R1"]) == {}  # nothing was written
