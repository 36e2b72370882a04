"""GraphQL types and argument defaults, taken from the domain rather than written again.

Output types derive from the domain models (graph/models.py, graph/exposure.py) with Strawberry's
pydantic integration: a `strawberry.auto` field takes its type and description from the model, and
resolvers return the models themselves (a derived type takes its model as a value), so no field is
copied. A resolver of a derived type reads the model as its `strawberry.Parent`; where it returns a
model, `graphql_type` names the GraphQL type. An argument's default is the service's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import strawberry
from pydantic import BaseModel
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField

T = TypeVar("T")
C = TypeVar("C")


def derived(
    model: type[BaseModel], *, name: str | None = None, description: str | None = None
) -> Callable[[type[C]], type[C]]:
    """`strawberry.experimental.pydantic.type(model)` with its fields in the order the class
    declares them (annotated ones, then resolvers), as for any Strawberry type: the integration
    alone lists the fields the model lacks first."""

    def derive(cls: type[C]) -> type[C]:
        declared = list(cls.__annotations__)
        declared += [n for n, v in vars(cls).items() if isinstance(v, StrawberryField)]
        made = strawberry.experimental.pydantic.type(model, name=name, description=description)(cls)
        get_object_definition(made, strict=True).fields.sort(
            key=lambda f: declared.index(f.python_name)
        )
        return cast(type[C], made)

    return derive


def or_default(value: T | None, default: T) -> T:
    """An argument's value; its default where the caller sent null."""
    return default if value is None else value
