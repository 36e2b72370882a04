"""How lists come in pages: the shapes the schema shares, built from `graph.pagination.Page`.

A page object (`ItemPage`: `items` and `pageInfo`) resolves straight from a `Page`; a list whose
items carry their own cursor derives its item type from the model with `Cursored` mixed in; a Relay
connection (`Connection`: `edges { node cursor }`, `pageInfo`, `totalCount`) resolves straight from
a `CountedPage`. All are read from the service's page as it is: a resolver returns the page and
names the shape with `graphql_type`.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import strawberry
from pydantic import Field

from graph import models
from graph.pagination import CountedPage, Page

T = TypeVar("T")
M = TypeVar("M", bound="Cursored")


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
    cursor: str


def _edges(parent: strawberry.Parent[CountedPage[Any]]) -> list[Edge[Any]]:
    return [Edge(node=n, cursor=c) for n, c in zip(parent.items, parent.cursors, strict=True)]


def _total_count(parent: strawberry.Parent[CountedPage[Any]]) -> int:
    return parent.total_count


CONNECTION = "A page of a list: its edges, where to resume, and how many items match in all."


@strawberry.type
class Connection(Generic[T]):
    """A Relay connection over a `CountedPage`: subclass it with the item type, a name and a
    description (`CONNECTION` says it for any list)."""

    edges = strawberry.field(resolver=_edges, graphql_type=list[Edge[T]])
    page_info = strawberry.field(resolver=_page_info, graphql_type=PageInfo)
    total_count = strawberry.field(
        resolver=_total_count, description="Items matching in all, every page together."
    )


@strawberry.type
class ItemPage(Generic[T]):
    """A page of a list: subclass it with the item type, a name and a description."""

    items: list[T]
    page_info = strawberry.field(resolver=_page_info, graphql_type=PageInfo)


class Cursored(models.Model):
    """Mixed into a model whose list carries, with each item, the cursor that resumes the list
    after it (see `with_cursors`)."""

    cursor: str = Field(description="Pass as `after` to continue after this item.")


def with_cursors(page: Page[Any], as_: type[M]) -> list[M]:
    """The items of `page` as `as_` (their model with `Cursored` mixed in), each with its cursor
    (the models they hold are taken as they are, not copied)."""
    return [
        as_(**dict(item), cursor=cursor)
        for item, cursor in zip(page.items, page.cursors, strict=True)
    ]
