"""Every role's requirements, grade, unit and exposure, held in each process to compare roles with
each other and to score one person against every role quickly (talent maps, similar roles,
exposed roles, redeployment targets).

It is derived data like the candidate shortlists, under the same rule (graph/version.py): built
at a graph version, used only while the version is the same, rebuilt (once, whoever asks first)
when it has changed, whoever wrote. A request that uses it reads the version in its own first
statement, so it never sees an index older than its own start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph import version as graph_version
from graph.db import Database
from graph.exposure import ExposureSource
from graph.repositories import roles as role_reads
from graph.repositories import similarity as similarity_reads
from graph.scoring.exposure import role_exposure
from graph.scoring.fit import Needs, RolesBySkill
from graph.scoring.similarity import OccupationFeatures, RoleFeatures, SimilarityModel
from graph.settings import Settings

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class IndexedRole:
    id: str
    title: str
    grade: int | None
    critical: bool
    unit_id: str | None
    occupation_code: str | None
    exposure: float | None
    source: ExposureSource | None
    headcount: int
    needs: Needs


class RoleIndex:
    """The roles by id, with column forms for scoring a person against all of them, and (built
    on first use) the role similarity model over the same rows."""

    def __init__(
        self, stamp: str, roles: Sequence[IndexedRole], occupations: Sequence[OccupationFeatures]
    ) -> None:
        self.stamp = stamp
        self.occupations = occupations
        self._similarity: SimilarityModel | None = None
        self.roles = sorted(roles, key=lambda r: r.id)
        self.row = {r.id: i for i, r in enumerate(self.roles)}
        self.by_skill = RolesBySkill([r.needs for r in self.roles])
        self.grades: Floats = np.array(
            [np.nan if r.grade is None else r.grade for r in self.roles], dtype=np.float64
        )
        #: +inf where a role has no exposure, so "exposure <= x" leaves it out
        self.exposures: Floats = np.array(
            [np.inf if r.exposure is None else r.exposure for r in self.roles], dtype=np.float64
        )

    @property
    def similarity(self) -> SimilarityModel:
        """Role similarity (graph/scoring/similarity.py); its rows are these roles' rows."""
        if self._similarity is None:
            self._similarity = SimilarityModel(
                (RoleFeatures(r.id, r.grade, r.occupation_code, r.needs) for r in self.roles),
                self.occupations,
            )
        return self._similarity

    def get(self, role_id: str) -> IndexedRole | None:
        i = self.row.get(role_id)
        return None if i is None else self.roles[i]

    def ranked(self, scores: Floats, mask: npt.NDArray[np.bool_]) -> list[int]:
        """Rows where `mask` holds, by score desc, then role id (rows are in id order)."""
        rows = np.flatnonzero(mask)
        order = np.lexsort((rows, -scores[rows]))
        return [int(rows[k]) for k in order]


def _indexed(row: dict[str, Any], names: dict[str, str], dataset: ExposureSource) -> IndexedRole:
    mapped = row["occupations"]
    exposure = role_exposure(row["tasks"], [value for _, value in mapped], dataset)
    grade = row["grade"]
    return IndexedRole(
        id=row["id"],
        title=row["title"],
        grade=grade if isinstance(grade, int) and not isinstance(grade, bool) else None,
        critical=bool(row["critical"]),
        unit_id=row["unit_id"],
        occupation_code=min((str(code) for code, _ in mapped), default=None),
        exposure=None if exposure is None else exposure[0],
        source=None if exposure is None else exposure[1],
        headcount=int(row["headcount"]),
        needs=Needs(row["requirements"], names),
    )


_INDEX: graph_version.Derived[ExposureSource, RoleIndex] = graph_version.Derived()


async def role_index(
    db: Database, settings: Settings, seen: graph_version.Observation | None = None
) -> RoleIndex:
    """The index at the current graph version (`seen`: the ledger as the caller's own read saw
    it; read here when not given), built now if the cached one is older."""
    dataset = settings.exposure_dataset

    async def build(stamp: str) -> RoleIndex:
        async with db.reading() as tx:
            rows = await role_reads.index_rows(tx, dataset)
            names = await role_reads.skill_names(tx)
            occupations = await similarity_reads.occupation_features(tx)
        return RoleIndex(stamp, [_indexed(row, names, dataset) for row in rows], occupations)

    return await _INDEX.get(db, dataset, build, seen)
