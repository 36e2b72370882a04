"""Build `graph/data/onet_demo.json.gz`, the O*NET subset the demo organisation is made from.

    .venv/bin/python scripts/build_onet_subset.py [ONET_DIR] [--output PATH]

ONET_DIR holds the tab-separated O*NET 29.3 files (default: ../shared/data/onet next to the
repository). The output is deterministic: the same input gives byte-identical output, so the
committed file only changes when the selection rules or the source data change.

Selection: occupations with Skills, Knowledge and a Job Zone, titles without "All Other". A fixed
set is always kept (the chief executive, one manager per SOC major group to head its departments,
one first-line supervisor per major group to lead its teams); the rest of the ~150 are spread over
the major groups in proportion to their size (at least two each), evenly over the group's list
ordered by job zone then code, so every job zone 1-5 is represented.

Requirements of an occupation: the Skills and Knowledge elements not flagged Not Relevant, with
level (LV, 0-7) > 0 and importance (IM, 1-5) >= 3.0, most important first; the top 8 eligible by
importance when fewer pass; at most 20.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "onet"
DEFAULT_OUTPUT = REPO / "graph" / "data" / "onet_demo.json.gz"

TARGET = 150
MIN_PER_GROUP = 2
MIN_IMPORTANCE = 3.0
MIN_REQUIREMENTS = 8
MAX_REQUIREMENTS = 20

SOURCE = "O*NET 29.3 Database (May 2025), USDOL/ETA"
ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), modified: a subset of occupations "
    "and of their skill and knowledge ratings. Used under the CC BY 4.0 license. O*NET® is a "
    "trademark of USDOL/ETA."
)

CHIEF_EXECUTIVE = "11-1011.00"
GENERAL_MANAGER = "11-1021.00"
#: SOC major group -> the management occupation that heads its departments.
MANAGER_FOR_GROUP = {
    "11": GENERAL_MANAGER,
    "13": "11-3031.00",  # Financial Managers
    "15": "11-3021.00",  # Computer and Information Systems Managers
    "17": "11-9041.00",  # Architectural and Engineering Managers
    "19": "11-9121.00",  # Natural Sciences Managers
    "21": "11-9151.00",  # Social and Community Service Managers
    "23": "11-9199.02",  # Compliance Managers
    "25": "11-9032.00",  # Education Administrators, Kindergarten through Secondary
    "27": "11-2011.00",  # Advertising and Promotions Managers
    "29": "11-9111.00",  # Medical and Health Services Managers
    "31": "11-9111.00",
    "33": "11-3013.01",  # Security Managers
    "35": "11-9051.00",  # Food Service Managers
    "37": "11-3013.00",  # Facilities Managers
    "39": "11-9072.00",  # Entertainment and Recreation Managers, Except Gambling
    "41": "11-2022.00",  # Sales Managers
    "43": "11-3012.00",  # Administrative Services Managers
    "45": "11-9013.00",  # Farmers, Ranchers, and Other Agricultural Managers
    "47": "11-9021.00",  # Construction Managers
    "49": "11-3013.00",
    "51": "11-3051.00",  # Industrial Production Managers
    "53": "11-3071.00",  # Transportation, Storage, and Distribution Managers
}
#: Role titles the singular-noun rule gets wrong.
TITLE_OVERRIDES = {
    "Transit and Railroad Police": "Transit and Railroad Police Officer",
}
#: Plural words that name a field, not the people in it ("Financial Services Sales Agents").
KEEP_PLURAL = frozenset(
    [
        "Activities",
        "Affairs",
        "Animals",
        "Arts",
        "Benefits",
        "Claims",
        "Commodities",
        "Gas",
        "Goods",
        "Materials",
        "Operations",
        "Parts",
        "Products",
        "Relations",
        "Resources",
        "Sales",
        "Sciences",
        "Securities",
        "Services",
        "Sports",
        "Systems",
        "Tiles",
    ]
)


@dataclass
class Occupation:
    code: str
    title: str
    job_zone: int
    #: element id -> [importance, level, not relevant]
    ratings: dict[str, list[float | bool | None]] = field(default_factory=dict)

    @property
    def group(self) -> str:
        return self.code[:2]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _load(source: Path) -> tuple[dict[str, Occupation], dict[str, tuple[str, str]]]:
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in _read(source / "Job Zones.txt")}
    occupations = {
        r["O*NET-SOC Code"]: Occupation(r["O*NET-SOC Code"], r["Title"], zones[r["O*NET-SOC Code"]])
        for r in _read(source / "Occupation Data.txt")
        if r["O*NET-SOC Code"] in zones
    }
    catalogue: dict[str, tuple[str, str]] = {}
    seen_in: dict[str, set[str]] = {"SKILL": set(), "KNOWLEDGE": set()}
    for file, category in (("Skills.txt", "SKILL"), ("Knowledge.txt", "KNOWLEDGE")):
        for r in _read(source / file):
            occupation = occupations.get(r["O*NET-SOC Code"])
            if occupation is None:
                continue
            element = r["Element ID"]
            catalogue[element] = (r["Element Name"], category)
            seen_in[category].add(occupation.code)
            rating = occupation.ratings.setdefault(element, [None, None, False])
            if r["Scale ID"] == "IM":
                rating[0] = float(r["Data Value"])
            elif r["Scale ID"] == "LV":
                rating[1] = float(r["Data Value"])
                rating[2] = r["Not Relevant"] == "Y"
    rated = seen_in["SKILL"] & seen_in["KNOWLEDGE"]
    return {c: o for c, o in occupations.items() if c in rated}, catalogue


def _requirements(
    occupation: Occupation, catalogue: dict[str, tuple[str, str]]
) -> list[dict[str, object]]:
    eligible = sorted(
        (
            (float(im), float(lv), element)
            for element, (im, lv, not_relevant) in occupation.ratings.items()
            if im is not None and lv is not None and not not_relevant and float(lv) > 0
        ),
        key=lambda t: (-t[0], t[2]),
    )
    passing = [t for t in eligible if t[0] >= MIN_IMPORTANCE]
    chosen = passing if len(passing) >= MIN_REQUIREMENTS else eligible[:MIN_REQUIREMENTS]
    return [
        {
            "element_id": element,
            "name": catalogue[element][0],
            "category": catalogue[element][1],
            "importance": round(im, 2),
            "level": round(lv, 2),
        }
        for im, lv, element in chosen[:MAX_REQUIREMENTS]
    ]


def _singular_word(word: str) -> str:
    if word in KEEP_PLURAL or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]


def role_title(title: str) -> str:
    """A job title for one person: "Web Developers" -> "Web Developer".

    Words that end a name (before a comma, "and", "or" or the end) are made singular up to
    " of " or "Except"; what follows those stays as it is ("Supervisors of Production Workers" ->
    "Supervisor of Production Workers"). "Helpers--Electricians" -> "Electrician Helper".
    """
    if title in TITLE_OVERRIDES:
        return TITLE_OVERRIDES[title]
    if title.startswith("Helpers--"):
        return (role_title(title.removeprefix("Helpers--")) + " Helper").replace(
            " Worker Helper", " Helper"
        )
    cut = min(
        (
            i
            for i in (title.find(" of "), title.find(", Except"), title.find(", Including"))
            if i > 0
        ),
        default=len(title),
    )
    head, tail = title[:cut], title[cut:]
    words = head.split(" ")
    out = []
    for i, word in enumerate(words):
        bare = word.rstrip(",")
        following = words[i + 1] if i + 1 < len(words) else ""
        if word.endswith(",") or not following or following in {"and", "or"}:
            word = _singular_word(bare) + word[len(bare) :]
        out.append(word)
    return " ".join(out) + tail


def _spread(items: list[Occupation], k: int) -> list[Occupation]:
    """k items evenly spaced over the list (the list is ordered by job zone, then code)."""
    n = len(items)
    return [items[math.floor((i + 0.5) * n / k)] for i in range(min(k, n))]


def select(
    occupations: dict[str, Occupation],
) -> tuple[list[Occupation], dict[str, str], dict[str, str]]:
    usable = {c: o for c, o in sorted(occupations.items()) if "All Other" not in o.title}
    managers = {
        group: code if code in usable else GENERAL_MANAGER
        for group, code in sorted(MANAGER_FOR_GROUP.items())
    }
    supervisors: dict[str, str] = {}
    for code, occupation in usable.items():
        if occupation.title.startswith("First-Line Supervisors") and occupation.group != "11":
            supervisors.setdefault(occupation.group, code)
    pinned = {CHIEF_EXECUTIVE, GENERAL_MANAGER, *managers.values(), *supervisors.values()}
    pinned &= set(usable)

    groups: dict[str, list[Occupation]] = defaultdict(list)
    for code, occupation in usable.items():
        if code not in pinned:
            groups[occupation.group].append(occupation)
    budget = TARGET - len(pinned)
    total = sum(len(v) for v in groups.values())
    shares = {g: budget * len(v) / total for g, v in sorted(groups.items())}
    quota = {g: max(MIN_PER_GROUP, math.floor(s)) for g, s in shares.items()}
    by_remainder = sorted(shares, key=lambda g: (-(shares[g] - math.floor(shares[g])), g))
    for g in by_remainder[: max(0, budget - sum(quota.values()))]:
        quota[g] += 1

    chosen = [usable[c] for c in sorted(pinned)]
    for g, members in sorted(groups.items()):
        members.sort(key=lambda o: (o.job_zone, o.code))
        chosen.extend(_spread(members, quota[g]))
    chosen.sort(key=lambda o: o.code)
    return chosen, managers, supervisors


def build(source: Path) -> dict[str, object]:
    occupations, catalogue = _load(source)
    chosen, managers, supervisors = select(occupations)
    return {
        "source": SOURCE,
        "attribution": ATTRIBUTION,
        "skills": [
            {"element_id": element, "name": name, "category": category}
            for element, (name, category) in sorted(catalogue.items())
        ],
        "chief_executive": CHIEF_EXECUTIVE,
        "managers": managers,
        "supervisors": supervisors,
        "occupations": [
            {
                "code": o.code,
                "title": o.title,
                "role_title": role_title(o.title),
                "job_zone": o.job_zone,
                "requirements": _requirements(o, catalogue),
            }
            for o in chosen
        ],
    }


def write(data: dict[str, object], output: Path) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    missing = [
        name
        for name in ("Occupation Data.txt", "Skills.txt", "Knowledge.txt", "Job Zones.txt")
        if not (args.source / name).is_file()
    ]
    if missing:
        print(f"{args.source}: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    data = build(args.source)
    size = write(data, args.output)
    occupations = data["occupations"]
    assert isinstance(occupations, list)
    print(f"wrote {args.output} ({size:,} bytes, {len(occupations)} occupations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
