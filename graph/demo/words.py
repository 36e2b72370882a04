"""The demo's word lists (`graph/data/demo_words.json`: divisions and fields, names, places,
notes) and how names become ASCII e-mail addresses."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ı": "i"}
)


@dataclass(frozen=True)
class Words:
    #: division name -> the SOC major groups its departments work in
    divisions: tuple[tuple[str, tuple[str, ...]], ...]
    #: SOC major group -> what its departments are called
    fields: dict[str, str]
    companies: tuple[str, ...]
    cities: tuple[str, ...]
    team_names: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    notes: tuple[str, ...]
    skill_sources: tuple[str, ...]


@cache
def words() -> Words:
    """The bundled word lists, read once per process (their order is part of every seed)."""
    raw = resources.files("graph").joinpath("data", "demo_words.json").read_text("utf-8")
    data = json.loads(raw)
    return Words(
        divisions=tuple((d["name"], tuple(d["fields"])) for d in data["divisions"]),
        fields=dict(data["fields"]),
        companies=tuple(data["companies"]),
        cities=tuple(data["cities"]),
        team_names=tuple(data["team_names"]),
        first_names=tuple(data["first_names"]),
        last_names=tuple(data["last_names"]),
        notes=tuple(data["notes"]),
        skill_sources=tuple(data["skill_sources"]),
    )


def ascii_fold(text: str) -> str:
    """`Łukasz Wiśniewski` -> `Lukasz Wisniewski`: accents dropped, a few letters spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def domain_of(company: str) -> str:
    """`Kestrel & Vale` -> `kestrel-and-vale.example`."""
    name = ascii_fold(company).replace("&", "and").lower().replace(" ", "-")
    return "".join(c for c in name if c.isalnum() or c == "-") + ".example"


@cache
def email_local(first: str, last: str) -> str:
    """`Łukasz`, `Wiśniewski` -> `lukasz.wisniewski` (cached: names repeat)."""
    return ".".join(
        "".join(c for c in ascii_fold(part).lower() if c.isalnum()) for part in (first, last)
    )


def numbered(names: tuple[str, ...], k: int) -> str:
    """The k-th name of a list, then the list again with 2, 3, ...: `Atlas`, ..., `Atlas 2`."""
    return names[k % len(names)] + ("" if k < len(names) else f" {k // len(names) + 1}")


def roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in numerals:
        while n >= value:
            out += numeral
            n -= value
    return out
