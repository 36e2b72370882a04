"""Each employee's skills, made lazily and again from `(seed, employee)` alone (rules in the
`graph.demo` docstring)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from graph.demo.people import People, cumulative, pick
from graph.demo.structure import CHIEF, EVP, HEAD, SENIOR, Params, Role, Structure
from graph.scoring.fit import held_units

#: Added to a person's proficiency in their own role's skills, by performance.
PERFORMANCE_SHIFT = {"HIGH": 0.05, "MODERATE": 0.0, "LOW": -0.07, None: -0.03}
#: Chance of holding each skill of the next role up that one's own role does not ask for.
STRETCH_CHANCE = {"HIGH": 0.7, "MODERATE": 0.5, "LOW": 0.25, None: 0.35}
SOURCE_WEIGHTS = cumulative(45, 35, 10, 10)
NOISE = 0.25
SECONDARY_SOURCE = "self-assessment"

Skill = tuple[str, float, str]  # skill id, level, source


class Skills:
    def __init__(self, seed: int, structure: Structure, people: People, sources: tuple[str, ...]):
        self.seed = seed
        self.structure = structure
        self.people = people
        self.reference = people.reference
        self._sources = sources

    def rows(self) -> Iterator[Params]:
        for index, row in enumerate(self.people.rows):
            employee_id = row["id"]
            assessed_on, skills = self.of(index)
            for skill, level, source in skills:
                yield {
                    "employee_id": employee_id,
                    "skill_id": skill,
                    "level": level,
                    "source": source,
                    "assessed_on": assessed_on,
                }

    def held(self, index: int) -> dict[str, int]:
        """The employee's skills as `graph.scoring.fit` scores them."""
        return held_units((skill, level) for skill, level, _ in self.of(index)[1])

    def of(self, index: int) -> tuple[date, list[Skill]]:
        """(assessed on, skills) of one employee: their own role's skills near its levels, some
        of the next role up's, one or two of a related family's."""
        rng = random.Random(f"{self.seed}:skills:{index}")
        rand = rng.random
        person = self.people.people[index]
        roles = self.structure.roles
        role = roles[person.role]
        source = pick(rng, self._sources, SOURCE_WEIGHTS)
        assessed_on = self.reference - timedelta(days=rng.randrange(30, 1095))
        proficiency = rng.gauss(0.97, 0.07) + PERFORMANCE_SHIFT[person.performance]
        if person.in_role_days < 365:
            proficiency -= 0.04
        proficiency = min(1.2, max(0.75, proficiency))
        skills: list[Skill] = []
        held: set[str] = set()
        missed = False  # at most one of the role's minor skills not on record
        for skill, required, weight in role.requirements:
            if not missed and weight < 3.5 and rand() < 0.05:
                missed = True
                continue
            # triangular noise of +-25% (sd about 10%): cheaper than a normal draw per skill
            level = required * proficiency * (1.0 + NOISE * (rand() + rand() - 1.0))
            skills.append((skill, _tenths(min(7.0, max(0.5, level))), source))
            held.add(skill)
        if role.above >= 0:
            chance = STRETCH_CHANCE[person.potential]
            for skill, required, _ in roles[role.above].requirements:
                if skill not in held and rand() < chance:
                    level = _tenths(min(7.0, required * (0.45 + 0.4 * rand())))
                    if level >= 0.5:
                        skills.append((skill, level, SECONDARY_SOURCE))
                        held.add(skill)
        background = self._background(rng, role)
        if background is not None:
            extra = [r for r in background.requirements if r[0] not in held]
            for skill, required, _ in rng.sample(extra, min(len(extra), rng.randint(1, 2))):
                level = _tenths(min(7.0, required * (0.4 + 0.4 * rand())))
                if level >= 0.5:
                    skills.append((skill, level, SECONDARY_SOURCE))
        return assessed_on, skills

    def _background(self, rng: random.Random, role: Role) -> Role | None:
        """The role a person's other skills come from: for a family's people (60%) a related
        family's role at their rung or the nearest; for a head the department's principal
        family's senior role; for an executive vice president a head of their division."""
        structure = self.structure
        roles = structure.roles
        if role.rung == CHIEF:
            return None
        if role.rung == EVP:
            division = structure.divisions[role.division]
            return roles[structure.departments[rng.choice(division.departments)].head]
        if role.rung == HEAD:
            principal = structure.families[structure.departments[role.department].families[0]]
            return roles[principal.roles[SENIOR]]
        family = structure.families[role.family]
        if not family.related or rng.random() >= 0.6:
            return None
        other = structure.families[rng.choices(family.related, weights=family.weights)[0]]
        rung = min(other.roles, key=lambda r: (abs(r - role.rung), r))
        return roles[other.roles[rung]]


def _tenths(value: float) -> float:
    """A positive level rounded to one decimal (the double `round(value, 1)` gives, faster)."""
    return int(value * 10.0 + 0.5) / 10.0
