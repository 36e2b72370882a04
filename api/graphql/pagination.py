"""The one shape of every list that grows with the organisation: a Relay connection
(`edges { node cursor }`, `pageInfo { hasNextPage endCursor }`, `totalCount`), resolved straight
from a `graph.pagination.Page`. A resolver returns the service's page as it is and names the shape
with `graphql_type` (a subclass of `Connection` with the item type, a name and `CONNECTION` as its
description); its `first` and `after` arguments are described by `first_described` and `AFTER`.

Lists bounded by the data model (a person's skills, a role's requirements, gaps, a path, the nine
cells of a 9-box, a chain's steps, top-N rankings) stay plain lists.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import strawberry

from graph.pagination import Page

T = TypeVar("T")

CONNECTION = "A page of a list: its edges, where to resume, and how many items match in all."
AFTER = "pageInfo.endCursor (or an edge's cursor) of the last page."


def first_described(default: int, most: int) -> str:
    """The description of a connection's `first` argument."""
    return f"1 to {most:,} items per page ({default:,} when omitted)."


# A hand type: Page is a dataclass (graph/pagination.py), not a model to derive from.
@strawberry.type(description="Where to resume a list: pass endCursor as `after`.")
class PageInfo:
    end_cursor: str | None
    has_next_page: bool


def _page_info(parent: strawberry.Parent[Page[Any]]) -> Page[Any]:
    return parent  # a Page has `end_cursor` and `has_next_page`


@strawberry.type(description="An item of a list and the cursor that resumes the list after it.")
class Edge(Generic[T]):
    node: T
    page: strawberry.Private[Page[Any]]
    index: strawberry.Private[int]

    @strawberry.field
    def cursor(self) -> str:
        return self.page.cursor(self.index)  # encoded only when selected


def _edges(parent: strawberry.Parent[Page[Any]]) -> list[Edge[Any]]:
    return [Edge(node=n, page=parent, index=i) for i, n in enumerate(parent.items)]


def _total_count(parent: strawberry.Parent[Page[Any]]) -> int:
    return parent.total_count


@strawberry.type
class Connection(Generic[T]):
    """A Relay connection over a `Page`: subclass it with the item type, a name and a
    description (`CONNECTION` says it for any list)."""

    edges = strawberry.field(resolver=_edges, graphql_type=list[Edge[T]])
    page_info = strawberry.field(resolver=_page_info, graphql_type=PageInfo)
    total_count = strawberry.field(
        resolver=_total_count, description="Items matching in all, every page together."
    )
