"""A role's automation exposure (DESIGN §4), in [0, 1], with where it comes from.

The weighted mean exposure of the role's own scored tasks (PERFORMS weight, 1 when unset) when it
has any; otherwise the exposure of the occupation it maps to in the configured dataset (the lowest,
should it map to several); otherwise none (null, never 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from graph.exposure import ExposureSource


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def role_exposure(
    tasks: Iterable[Sequence[Any]], occupational: Iterable[Any], dataset: ExposureSource
) -> tuple[float, ExposureSource] | None:
    """`tasks`: (task id, PERFORMS weight, task exposure) of the role's own tasks; `occupational`:
    the configured dataset's value of each occupation the role maps to."""
    scored = []
    for task_id, weight, value in tasks:
        exposure = _number(value)
        if exposure is not None:
            scored.append(
                (str(task_id), 1.0 if _number(weight) is None else float(weight), exposure)
            )
    scored.sort()  # summed in task-id order: the same float whatever order the graph lists them
    den = sum(weight for _, weight, _ in scored)
    if den > 0:
        return sum(
            weight * exposure for _, weight, exposure in scored
        ) / den, ExposureSource.ROLE_TASKS
    values = [v for v in (_number(x) for x in occupational) if v is not None]
    return (min(values), dataset) if values else None
