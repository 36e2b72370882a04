"""Words and number formats for the review page: every coloured mark also says what it means."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from graph.models import Coverage

READINESS = {
    "READY_NOW": "Ready now",
    "READY_1_2_YEARS": "Ready in 1–2 years",
    "READY_3_5_YEARS": "Ready in 3–5 years",
}
COVERAGE = {
    "COVERED": "Covered",
    "NOT_READY": "Not ready",
    "UNCOVERED": "Uncovered",
}
COVERAGE_HELP = {
    "COVERED": "at least one successor ready now",
    "NOT_READY": "successors, none ready now",
    "UNCOVERED": "no nominated successor",
}
LEVEL = {"LOW": "Low", "MEDIUM": "Medium", "HIGH": "High", "MODERATE": "Moderate"}
CHAIN_END = {
    "EXTERNAL_HIRE": "and the last role vacated needs an external hire",
    "DEPTH_LIMIT": "and the chain goes on (shown to its depth limit)",
    "NO_BACKFILL": "and the last mover held no role: nothing is left open",
}
MOVE = {"UPWARD": "Upward", "LATERAL": "Lateral", "PIVOT": "Pivot"}
EXPOSURE_SOURCE = {
    "ROLE_TASKS": "the role's own tasks",
    "GPTS_HUMAN_ALPHA": "GPTs are GPTs, human rating α",
    "GPTS_HUMAN_BETA": "GPTs are GPTs, human rating β",
    "GPTS_HUMAN_GAMMA": "GPTs are GPTs, human rating γ",
    "GPTS_GPT4_ALPHA": "GPTs are GPTs, GPT-4 rating α",
    "GPTS_GPT4_BETA": "GPTs are GPTs, GPT-4 rating β",
    "GPTS_GPT4_GAMMA": "GPTs are GPTs, GPT-4 rating γ",
    "MICROSOFT_AI_APPLICABILITY": "Microsoft AI applicability",
}


def _value(x: Any) -> str:
    return str(getattr(x, "value", x)) if x is not None else ""


def readiness(x: Any) -> str:
    return READINESS.get(_value(x), _value(x) or "Not assessed")


def coverage(x: Any) -> str:
    return COVERAGE.get(_value(x), _value(x))


def level(x: Any) -> str:
    return LEVEL.get(_value(x), _value(x) or "Unknown")


def cell(x: Any) -> str:
    """A 9-box cell as recorded by a session ("HIGH/MODERATE"), in words."""
    text = _value(x)
    if "/" not in text:
        return text or "no rating"
    performance, potential = text.split("/", 1)
    return f"performance {level(performance).lower()}, potential {level(potential).lower()}"


def number(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def percent(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def day(x: date | datetime | None) -> str:
    if x is None:
        return "—"
    return x.strftime("%Y-%m-%d")


def moment(x: datetime | None) -> str:
    if x is None:
        return "—"
    return x.strftime("%Y-%m-%d %H:%M UTC")


def token(x: Any) -> str:
    """A CSS class fragment for an enum value (lower case, dashes)."""
    return _value(x).lower().replace("_", "-")


FILTERS: dict[str, Callable[..., str]] = {
    "readiness": readiness,
    "coverage": coverage,
    "level": level,
    "number": number,
    "cell": cell,
    "percent": percent,
    "day": day,
    "moment": moment,
    "token": token,
    "chain_end": lambda x: CHAIN_END.get(_value(x), _value(x)),
    "move": lambda x: MOVE.get(_value(x), _value(x)),
    "source": lambda x: EXPOSURE_SOURCE.get(_value(x), _value(x)),
}
GLOBALS: dict[str, Any] = {
    "READINESS_CHOICES": list(READINESS.items()),
    "COVERAGES": list(Coverage),
    "COVERAGE_HELP": COVERAGE_HELP,
}
