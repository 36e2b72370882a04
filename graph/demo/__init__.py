"""The demo organisation behind `talentgraph demo`: a plausible company of 50 to 100,000 people.

Everything follows from `(employees, seed)`: the same pair gives the same rows in every process
(one `random.Random(seed)` for structure, people and assessments, one
`random.Random("<seed>:skills:<n>")` per employee for their skills, so those can be produced
lazily and again; dates are counted back from the reference, the start of the quarter the demo
is generated in unless given: graph/demo/clock.py).

Made from real O*NET data (`graph/data/onet_demo.json.gz`, built by
`scripts/build_onet_subset.py`, ~150 occupations); its attribution is `DemoOrg.attribution`.
Divisions, field names, people's names, cities and notes are in `graph/data/demo_words.json`.
Modules: `structure` (units, families, roles, seats), `people`, `skills`, `assessments`, `org`
(`DemoOrg`: the rows of each file), `loading` (into the graph, recorded so an interrupted load is
known and completed by the next; or CSV files).

Structure
    company (U0001) -> divisions -> departments -> teams. Each department works in one SOC major
    group (its *field*: "Manufacturing", "Clinical Services", ...) and sits in a city.
    Reporting lines follow it: team members -> team lead -> head of department -> division head
    (an executive vice president) -> chief executive, who reports to no one.
Job families and career ladders
    A department's people work in job families, one O*NET occupation each: the principal family
    from the department's field, the others drawn with weight overlap^2 + 0.01 (requirement
    overlap with the principal, DESIGN §4), 75% from the field while it has any left, else from
    the division's other fields. A family is a ladder: Junior X ("Associate X" from job zone 4;
    none for management occupations) -> X -> Senior X -> Lead X, then the head of the
    department, the division's executive vice president (EVP), the chief executive (CEO). Each
    team is one family's: its leader holds Lead X, its members the family's other rungs (30%
    junior, 45% mid, 25% senior, each at least one). First-line supervisor occupations are
    not families.
Roles (about employees / 20)
    round(employees / 20) minus the CEO, EVPs and heads, split over departments by size (at
    least 3 each); a department has ceil(budget / 4) families (fewer if small), each with mid,
    senior and lead roles, the first ones also a junior role while the budget lasts. Roles sit
    in their department's unit (EVPs in the division's, the CEO in the company's). Occupation:
    the family's (its lead too), the field's manager occupation for a head, General and
    Operations Managers for an EVP, Chief Executives.
Grade (higher = more senior)
    Family: 2 * job_zone + (0 junior, 1 mid, 2 senior, 3 lead). Head: the department's highest
    lead + 2. Every EVP: the highest head + 2. CEO: EVP + 2. So a rung up a ladder is one or
    two grades.
Critical
    10% of roles (rounded), the chief executive always; the others drawn without replacement
    with weight 2 ** ((grade - 8) / 2), so senior roles are far more likely.
Requirements (role -> skill): weight = O*NET importance (1-5), level = O*NET level (0-7) x scale
    A family's roles: its occupation's 12 most important requirements at scale 0.7 junior,
    0.85 mid, 1.0 senior, 1.1 lead; a lead adds the 3 most important requirements it lacks of
    the field's first-line supervisor occupation (else its manager occupation), scale 1.
    Head: the manager occupation's 12 (scale 1) and 2 more of the principal family's; EVP:
    General and Operations Managers' 12 (1.05) and 2 more of the head of the division's first
    department's; CEO: Chief Executives' 12 (1). Levels at most 7, 2 decimals.
Employees
    Each holds one role; every role has at least one incumbent. ~2% of individual contributors
    are inactive (leaders never). Years with the company ~ exponential, mean 2 / 5 / 8 / 9 /
    10 / 11 by rung (junior, mid, senior, lead, head, EVP and CEO), in the role mean 2.5.
    Performance unrated in the first six months, else LOW/MODERATE/HIGH 15/60/25; potential
    follows performance (HIGH: 10/45/45, LOW: 55/40/5, else 25/55/20; unrated: none half the
    time). Risk of loss LOW/MEDIUM/HIGH 40/35/25 in the first two years, 55/30/15 to ten,
    70/22/8 after; high potential moves 10 points from LOW to HIGH, low performance 5. Impact
    of loss by rung, 65/30/5 junior to 5/35/60 for leaders, at least 50 HIGH on a critical
    role; high performance moves 10 points up, low performance 10 down.
Employee skills (~13 per employee, produced lazily)
    Own role: each requirement at level x proficiency x (1 +- up to 25%, triangular), at most
    one minor one (importance < 3.5, 5% each) left out; proficiency ~ N(0.97, 0.07), +0.05 for
    high performers, -0.07 low, -0.03 not rated, -0.04 in the first year in the role, within
    0.75-1.2. Stretch: each requirement of the next role up the ladder that their own lacks,
    with chance 0.7 / 0.5 / 0.25 / 0.35 for potential HIGH / MODERATE / LOW / none, at 45-85%
    of its level. Background: one or two requirements they lack of another role, at 40-80%
    of its level: for a family's people (60% of them) a related family's role at their rung
    or the nearest (related: the department's other families, else the division's families
    of other occupations; weight overlap^2 + 0.01); for a head the principal family's senior
    role; for an EVP a head of their division. Levels 0.5-7, 1 decimal.
Readiness assessments
    min(employees, clamp(round(0.12 * employees), 150, 4000)) rows, 75% for critical roles,
    of active people who do not hold the role, from the roles that feed it: one grade below in
    its family (weight 1), two below (0.5), the same rung of a related family (0.15); for a
    head the department's leads (1) and seniors (0.4), the division's other heads (0.15); for
    an EVP the division's heads (1), other heads (0.15), other EVPs (0.1), the division's
    leads (0.05); for the CEO the EVPs (1) and heads (0.2); times potential HIGH 4, MODERATE
    2, LOW 0.7, none 1, and performance HIGH 2, MODERATE 1, LOW 0.4, none 0.6. Readiness: the
    nominee's fit for the role (`graph.scoring.fit`) + 0.04 high / -0.06 low performance,
    +-0.03 high / low potential, + N(0, 0.04): READY_NOW from 0.86, READY_1_2_YEARS from 0.68,
    else READY_3_5_YEARS. 20% of pairs are assessed two or three times (history), an earlier
    assessment mostly a step less ready. Assessed by the candidate's manager (by email) or
    hr@<company domain>, at business hours over the two years before the reference.
Workforce history (graph/demo/history.py, its own `random.Random("<seed>:history")`)
    Three years before the reference. A current person whose time in their role began then
    arrived in it: hired (a HIRE, if hired then) or moved up from a rung below on the ladder
    (PROMOTION; a MOVE from another role of the department when the role has no rung below),
    after a HIRE into that one if hired in the three years. Each arrival filled a requisition
    (60% of seats that did not replace a leaver were never advertised) opened 30 + 5 x grade
    days before (median; lognormal, sigma 0.5), INTERNAL for a promotion or move, EXTERNAL for
    a hire. The seat's previous holder left the company (an EXIT 0-30 days after the opening)
    with chance 0.55 x the month's season (more in January and the summer) x the department's
    own factor (lognormal, sigma 0.35), capped at 0.95: a leaver (ids X000001...), inactive,
    holding nothing, who had stayed ~ exponential(mean 1.8 years) (so early tenure leaves most),
    for VOLUNTARY / INVOLUNTARY / OTHER reasons 72/20/8 (RETIREMENT 40% after ten years), and
    reported to the seat's manager. 3% of external hires had worked in the role before and
    left (leave and return). 3% of roles have an OPEN requisition now, 1% a CANCELLED one.
"""

from graph.demo.clock import ASSESSMENT_WINDOW_DAYS, quarter_start
from graph.demo.loading import DemoState, demo_state, load_demo, write_csv_dir
from graph.demo.occupations import onet_subset
from graph.demo.org import MAX_EMPLOYEES, MIN_EMPLOYEES, DemoOrg, generate_demo

__all__ = [
    "ASSESSMENT_WINDOW_DAYS",
    "MAX_EMPLOYEES",
    "MIN_EMPLOYEES",
    "DemoOrg",
    "DemoState",
    "demo_state",
    "generate_demo",
    "load_demo",
    "onet_subset",
    "quarter_start",
    "write_csv_dir",
]
