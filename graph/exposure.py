"""Automation exposure: where a figure comes from, and the models the exposure queries return.

DESIGN §4: a role's exposure is the weighted mean exposure of its own scored tasks (source
`ROLE_TASKS`); otherwise that of the occupation it maps to, from one configured dataset (the
other sources). Each dataset is stored on `Occupation` as its own property, so switching the
configured dataset needs no re-import.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from graph.models import Gap, Model


class ExposureSource(StrEnum):
    ROLE_TASKS = "ROLE_TASKS"
    GPTS_HUMAN_ALPHA = "GPTS_HUMAN_ALPHA"
    GPTS_HUMAN_BETA = "GPTS_HUMAN_BETA"
    GPTS_HUMAN_GAMMA = "GPTS_HUMAN_GAMMA"
    GPTS_GPT4_ALPHA = "GPTS_GPT4_ALPHA"
    GPTS_GPT4_BETA = "GPTS_GPT4_BETA"
    GPTS_GPT4_GAMMA = "GPTS_GPT4_GAMMA"
    MICROSOFT_AI_APPLICABILITY = "MICROSOFT_AI_APPLICABILITY"


#: Occupation-level source -> the `Occupation` property that holds it.
OCCUPATION_PROPERTY: dict[ExposureSource, str] = {
    ExposureSource.GPTS_HUMAN_ALPHA: "exposureGptsHumanAlpha",
    ExposureSource.GPTS_HUMAN_BETA: "exposureGptsHumanBeta",
    ExposureSource.GPTS_HUMAN_GAMMA: "exposureGptsHumanGamma",
    ExposureSource.GPTS_GPT4_ALPHA: "exposureGptsGpt4Alpha",
    ExposureSource.GPTS_GPT4_BETA: "exposureGptsGpt4Beta",
    ExposureSource.GPTS_GPT4_GAMMA: "exposureGptsGpt4Gamma",
    ExposureSource.MICROSOFT_AI_APPLICABILITY: "exposureMicrosoftAiApplicability",
}

#: "GPTs are GPTs" `occ_level.csv` column -> source.
GPTS_COLUMNS: dict[str, ExposureSource] = {
    "human_rating_alpha": ExposureSource.GPTS_HUMAN_ALPHA,
    "human_rating_beta": ExposureSource.GPTS_HUMAN_BETA,
    "human_rating_gamma": ExposureSource.GPTS_HUMAN_GAMMA,
    "dv_rating_alpha": ExposureSource.GPTS_GPT4_ALPHA,
    "dv_rating_beta": ExposureSource.GPTS_GPT4_BETA,
    "dv_rating_gamma": ExposureSource.GPTS_GPT4_GAMMA,
}

#: Task-level label -> beta exposure (DESIGN §4: E1 = 1, E2 = 0.5, E0 = 0).
TASK_LABEL_BETA: dict[str, float] = {"E0": 0.0, "E1": 1.0, "E2": 0.5}


class RoleRef(Model):
    id: str
    title: str


class Exposure(Model):
    value: float
    source: ExposureSource


class RoleExposure(Model):
    role_id: str
    exposure: float
    source: ExposureSource


class TaskExposure(Model):
    id: str
    statement: str
    exposure: float | None = Field(None, description="0 to 1; null when unscored.")


class ExposedRole(Model):
    role: RoleRef
    exposure: float = Field(
        description="Automation exposure, 0 to 1: as Role.exposure, from `source`."
    )
    source: ExposureSource
    headcount: int = Field(description="Active incumbents.")


class RedeploymentTarget(Model):
    """A lower-exposure role for the incumbents of an exposed role."""

    role: RoleRef
    exposure: float = Field(description="The target role's exposure, 0 to 1.")
    source: ExposureSource
    similarity: float = Field(
        description="Role similarity of the two roles, 0 to 1 (as on SimilarRole)."
    )
    mean_fit: float | None = Field(
        description=(
            "Mean skill fit of the exposed role's active incumbents for this role; null without "
            "incumbents."
        )
    )
    thin_bench: bool = Field(
        description="A critical role whose benchScore is below the configured threshold."
    )


class PersonalTarget(Model):
    """A lower-exposure role for one person, scored by their own fit."""

    role: RoleRef
    exposure: float = Field(description="The target role's exposure, 0 to 1.")
    source: ExposureSource
    fit: float = Field(description="The person's skill fit for the role, 0 to 1.")
    thin_bench: bool = Field(
        description="A critical role whose benchScore is below the configured threshold."
    )
    gaps: list[Gap] = Field(description="Largest weight × shortfall first.")


class SimilarRole(Model):
    role: RoleRef
    similarity: float = Field(
        description=(
            "Role similarity, 0 to 1: what the list is ranked by. A blend of requirement "
            "overlap, the two roles' occupations (O*NET skills, knowledge, tasks, related "
            "occupations) and their grades; see docs/similarity.md."
        )
    )
    requirement_overlap: float = Field(
        description=(
            "How much the two roles' requirements overlap, exactly: Σ min(w·l) / Σ max(w·l) "
            "over the union of required skills (weighted Jaccard), 0 to 1."
        )
    )
