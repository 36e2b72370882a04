"""The committed SDL is the contract HR tools code against; it must match the code."""

from api.graphql.schema import build_schema
from tests.support.paths import REPO

SDL = REPO / "api" / "schema.graphql"


def test_committed_sdl_matches_code() -> None:
    assert SDL.read_text(encoding="utf-8").strip() == build_schema().as_str().strip(), (
        "api/schema.graphql is out of date: run `talentgraph schema > api/schema.graphql`"
    )


def test_descriptions_stand_alone() -> None:
    """An integrator has the SDL, not the design document: no description sends them to it."""
    sdl = build_schema().as_str()
    assert "DESIGN" not in sdl and "§" not in sdl
