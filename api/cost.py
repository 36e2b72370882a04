"""What a GraphQL operation may cost, worked out from the document before anything runs.

The cost is the most fields the answer may hold: every field counts 1 on each object it is
selected on, and a list multiplies what is selected below it by the most items it may hold, so
list sizes multiply through nesting. How many items a list may hold (`SIZES`):

- a list with a `first` argument (or `maxDepth`): its value, literal or from a variable (the
  variable's default, else the argument's, when none is given), at most the field's maximum:
  beyond it the field refuses the value anyway;
- a connection (`edges { node cursor }`): its `first`, as above, sizing the `edges` inside it;
- a list without one (a list bounded by the data model): a documented fan-out, what such a
  list usually holds (the 2,000-person demo's longest, rounded up). Estimates, not bounds: a
  longer list is answered whole, and the answer size limit (api/router.py) stops what they
  underestimate.

Fragments count where they are spread, inline fragments too; aliases count each on its own, so
`a: similarRoles(first: 100) b: similarRoles(first: 100)` costs twice one of them. Fields whose
resolver reads the database and ranks every role for each parent object, rather than in one batch
for all of them, count `CALLS` more per call. Introspection fields count 1 each, whatever they
select (the schema is small, and GraphiQL's introspection must pass).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
)

#: Costs are counted up to this and no further (a hostile document could name astronomic ones).
CEILING = 10**15
#: Items of a list `SIZES` does not know (a test keeps every list of the schema in it).
UNKNOWN = 100
#: The list inside a connection or chain and the size its parent field's argument gave it.
Into = tuple[str, int] | None


@dataclass(frozen=True)
class Page:
    """A list sized by an argument of its field, at most `most` items; for a field returning a
    connection (`edges`) or a chain (`steps`), `into` names the list inside it that the
    argument sizes."""

    argument: str
    most: int
    into: str | None = None


@dataclass(frozen=True)
class FanOut:
    """A list without `first`: at most about `items` items (`why` says where that comes from)."""

    items: int
    why: str


#: How many items each list of the schema may hold ("Type.field"); a test checks every list
#: field is here, and that each maximum is the one the field's description states.
SIZES: dict[str, Page | FanOut] = {
    "Query.successionCandidates": Page("first", 100, into="edges"),
    "Query.successors": Page("first", 200, into="edges"),
    "Query.benchStrength": Page("first", 500, into="edges"),
    "Query.vacancyChain": Page("maxDepth", 10, into="steps"),
    "Query.talentMap": Page("first", 100, into="edges"),
    "Query.readinessChanges": Page("first", 200, into="edges"),
    "Query.nineBox": FanOut(9, "always the nine cells"),
    "Query.automationExposedRoles": Page("first", 500, into="edges"),
    "Query.auditLog": Page("first", 500, into="edges"),
    "Query.calibrationSessions": Page("first", 200, into="edges"),
    "CalibrationSession.changes": FanOut(100, "changes of one review meeting"),
    "CalibrationSession.participants": FanOut(10, "people in one meeting (at most 50)"),
    "CalibrationSession.notDiscussed": FanOut(50, "critical roles of one unit"),
    "Query.employees": Page("first", 200, into="edges"),
    "Query.roles": Page("first", 200, into="edges"),
    "Query.skills": Page("first", 200, into="edges"),
    "Query.orgUnits": Page("first", 200, into="edges"),
    "OrgUnit.children": Page("first", 200, into="edges"),
    "OrgUnit.roles": Page("first", 200, into="edges"),
    "OrgUnit.path": FanOut(8, "depth of the unit tree (demo: 4)"),
    "Employee.skills": FanOut(25, "skills of one person (demo: at most 23)"),
    "Employee.roles": FanOut(3, "seats one person holds (demo: 1)"),
    "Employee.directReports": Page("first", 100, into="edges"),
    "Employee.redeploymentTargets": Page("first", 50),
    "Role.incumbents": Page("first", 500, into="edges"),
    "Role.requirements": FanOut(20, "skills one role requires (O*NET imports keep 20)"),
    "Role.similarRoles": Page("first", 100),
    "BenchStrength.incumbents": Page("first", 500, into="edges"),
    "Candidate.gaps": FanOut(20, "at most the role's requirements"),
    "TalentMapEntry.gaps": FanOut(20, "at most the role's requirements"),
    "TalentGap.mentors": FanOut(3, "at most 3, by definition"),
    "PersonalRedeploymentTarget.gaps": FanOut(20, "at most the role's requirements"),
    "NineBoxCell.employees": Page("first", 500, into="edges"),
    "ExposedRole.topTasks": Page("first", 20),
    "ExposedRole.redeploymentTargets": Page("first", 10),
    "Query.mobilityFlows": Page("first", 500, into="edges"),
    "WorkforceFigures.groups": FanOut(500, "org units, grade bands or roles of the scope"),
    "WorkforceFigures.trend": FanOut(80, "quarters of a window of at most 20 years"),
    "WorkforceGroup.attritionByReason": FanOut(4, "the four exit reasons"),
    "VacancyForecast.roles": FanOut(500, "critical roles of the scope (10% of roles)"),
    "VacancyForecast.chains": FanOut(500, "one per named leaver's seat (at most 500 leavers)"),
    "ScenarioChain.moves": FanOut(10, "as vacancyChain: at most 10 steps"),
    "RoleForecast.leavers": FanOut(30, "as Role.incumbents"),
}

#: Extra cost of each call of a field that does its own database reads and ranks every role for
#: each parent object (measured: one call costs about what 50 ordinary fields cost).
CALLS: dict[str, int] = {
    "Role.similarRoles": 50,
    "Employee.redeploymentTargets": 50,
}


def _unwrap(kind: GraphQLType) -> GraphQLType:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def _times(a: int, b: int) -> int:
    return min(CEILING, a * b)


class Coster:
    """Costs the operations of one document with one set of variable values (see the module).

    Run only on documents that passed validation (fields exist, fragments resolve and do not
    cycle). `used_variables` says whether any size came from a variable, i.e. whether the cost
    may differ for other values.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.used_variables = False
        self._defaults: dict[str, ValueNode | None] = {}
        self._memo: dict[tuple[str, Into], int] = {}

    def cost(self, operation_name: str | None) -> int:
        """The cost of the named operation (of the only one, without a name); of the dearest
        when the name matches none, which execution then refuses anyway."""
        chosen = [
            o
            for o in self.operations
            if operation_name is None or (o.name is not None and o.name.value == operation_name)
        ]
        return max((self._operation(o) for o in chosen or self.operations), default=0)

    def _operation(self, operation: OperationDefinitionNode) -> int:
        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }[operation.operation]
        if root is None:
            return 0
        self._defaults = {
            v.variable.name.value: v.default_value for v in operation.variable_definitions or ()
        }
        self._memo = {}
        return self._selections(operation.selection_set, root, None)

    def _selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLType, into: Into
    ) -> int:
        """The cost of `selection_set` on one object of type `parent`; `into`, the list of
        that object that the parent field's argument sizes, and that size."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, into)
            elif isinstance(selection, InlineFragmentNode):
                kind = parent
                if selection.type_condition is not None:
                    kind = self.schema.get_type(selection.type_condition.name.value) or parent
                total += self._selections(selection.selection_set, kind, into)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._spread(selection.name.value, into)
            total = min(CEILING, total)
        return total

    def _spread(self, name: str, into: Into) -> int:
        key = (name, into)
        if key not in self._memo:
            fragment = self.fragments.get(name)
            if fragment is None:
                return 0
            self._memo[key] = 0  # a cycle (refused by validation) counts nothing more
            kind = self.schema.get_type(fragment.type_condition.name.value)
            self._memo[key] = (
                0 if kind is None else self._selections(fragment.selection_set, kind, into)
            )
        return self._memo[key]

    def _field(self, node: FieldNode, parent: GraphQLType, into: Into) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType):
            return 1
        definition = parent.fields.get(name)
        if definition is None:
            return 1
        key = f"{parent.name}.{name}"
        spec = SIZES.get(key)
        returned = _unwrap(definition.type)
        items = 1
        if isinstance(spec, Page) and not spec.into:
            items = self._argument(node, definition.args, spec)
        elif isinstance(spec, FanOut):
            items = spec.items
        elif into is not None and into[0] == name:
            items = into[1]
        elif isinstance(returned, GraphQLList):
            items = UNKNOWN
        inner: Into = None
        if isinstance(spec, Page) and spec.into:
            inner = (spec.into, self._argument(node, definition.args, spec))
        if node.selection_set is None:  # a scalar, or a list of them
            below = 1 if isinstance(returned, GraphQLList) else 0
        else:
            below = self._selections(node.selection_set, get_named_type(returned), inner)
        return min(CEILING, 1 + CALLS.get(key, 0) + _times(items, below))

    def _argument(self, node: FieldNode, args: Mapping[str, Any], spec: Page) -> int:
        """The value of the sizing argument, between 0 and its maximum."""
        value: Any = None
        given = next((a.value for a in node.arguments or () if a.name.value == spec.argument), None)
        if isinstance(given, VariableNode):
            self.used_variables = True
            variable = given.name.value
            if self.variables.get(variable) is not None:
                value = self.variables[variable]
            else:
                given = self._defaults.get(variable)
        if isinstance(given, IntValueNode):
            try:
                value = int(given.value)
            except ValueError:  # over 4,300 digits: far beyond any maximum
                value = spec.most
        if isinstance(value, float) and value.is_integer():  # an Int variable may be 100.0
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            argument = args.get(spec.argument)
            default = getattr(argument, "default_value", None)
            value = default if isinstance(default, int) else spec.most
        return max(0, min(int(value), spec.most))


def list_fields(schema: GraphQLSchema) -> set[str]:
    """Every "Type.field" of the schema's own object types that returns a list."""
    found = set()
    for kind in schema.type_map.values():
        if isinstance(kind, GraphQLObjectType) and not kind.name.startswith("__"):
            for name, field in kind.fields.items():
                if isinstance(_unwrap(field.type), GraphQLList):
                    found.add(f"{kind.name}.{name}")
    return found


def sized(schema: GraphQLSchema) -> set[str]:
    """Every "Type.field" whose size `SIZES` gives: its own entries, and the lists inside the
    connections and chains their `into` names."""
    found = set(SIZES)
    for key, spec in SIZES.items():
        if isinstance(spec, Page) and spec.into:
            kind, name = key.split(".")
            parent = schema.get_type(kind)
            assert isinstance(parent, GraphQLObjectType)
            returned = get_named_type(parent.fields[name].type)
            found.add(f"{returned.name}.{spec.into}")
    return found
