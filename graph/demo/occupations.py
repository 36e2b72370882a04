"""The O*NET subset the demo is made from (`graph/data/onet_demo.json.gz`, built by
`scripts/build_onet_subset.py`) and how alike two occupations are."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    role_title: str
    job_zone: int
    requirements: tuple[tuple[str, float, float], ...]  # element id, importance, level

    @property
    def group(self) -> str:
        """The SOC major group (`51` for `51-4041.00`)."""
        return self.code[:2]


@dataclass(frozen=True)
class OnetSubset:
    attribution: str
    skills: tuple[tuple[str, str, str], ...]  # element id, name, category
    occupations: dict[str, Occupation]
    chief_executive: str
    managers: dict[str, str]
    supervisors: dict[str, str]


@cache
def onet_subset() -> OnetSubset:
    """The bundled O*NET subset, read once per process."""
    raw = resources.files("graph").joinpath("data", "onet_demo.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    occupations = {
        o["code"]: Occupation(
            o["code"],
            o["title"],
            o["role_title"],
            o["job_zone"],
            tuple((r["element_id"], r["importance"], r["level"]) for r in o["requirements"]),
        )
        for o in data["occupations"]
    }
    return OnetSubset(
        attribution=data["attribution"],
        skills=tuple((s["element_id"], s["name"], s["category"]) for s in data["skills"]),
        occupations=occupations,
        chief_executive=data["chief_executive"],
        managers=data["managers"],
        supervisors=data["supervisors"],
    )


@cache
def overlap(code_a: str, code_b: str, core: int) -> float:
    """Requirement overlap (DESIGN §4: weighted Jaccard of importance x level) of two
    occupations' `core` most important requirements."""
    occupations = onet_subset().occupations
    a, b = occupations[code_a], occupations[code_b]
    va = {element: importance * level for element, importance, level in a.requirements[:core]}
    vb = {element: importance * level for element, importance, level in b.requirements[:core]}
    low = sum(min(v, vb.get(element, 0.0)) for element, v in va.items())
    high = sum(max(v, vb.get(element, 0.0)) for element, v in va.items())
    high += sum(v for element, v in vb.items() if element not in va)
    return low / high if high else 0.0
