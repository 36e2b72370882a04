"""Skill levels and requirement weights as exact integers.

A level or weight of 3.25 is held as 32500 units (ten-thousandths). Products and sums of units are
exact integers, so a fit does not depend on the order its terms are added in, two code paths
(Python or numpy) give the same bits, and `minFit` compares against the exact quotient rounded
once. Values count to four decimal places; a value with more is rounded to four when scored.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

#: Units per level (and per weight): four decimal places.
SCALE = 10_000
#: The largest level or weight a file may hold. With it, every product and every sum over up to
#: 9,000 requirements stays below 2**53, so the float of a sum is exact and a fit is the correctly
#: rounded double of the true ratio.
MAX_VALUE = 100
DECIMALS = 4


def units(value: Any) -> int:
    """A level or weight as units; anything that is not a finite number above zero counts 0."""
    kind = type(value)
    if kind is float:  # the common case first: called for every skill of every person scored
        return round(value * SCALE) if value > 0 and value != math.inf else 0
    if kind is int:
        return value * SCALE if value > 0 else 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if not math.isfinite(value) or value <= 0:
        return 0
    return round(value * SCALE)


def amount(count: int) -> float:
    """Units back as the nearest float: 21800 -> 2.18 (never 2.1799999999999997)."""
    return count / SCALE


def too_precise(value: float) -> bool:
    """Whether a value has more decimal places than units keep (for import validation): judged
    on its shortest decimal form, so 3.32 has two although its double is not exactly 3.32."""
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return isinstance(exponent, int) and -exponent > DECIMALS
