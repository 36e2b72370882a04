"""The scoring core: every figure DESIGN §4 defines, written once.

- `units`: skill levels and weights as exact integers (ten-thousandths), so that every sum is
  exact whatever its order and every quotient is the correctly rounded double of the true ratio.
- `fit`: skill fit, gaps, and their vectorised form for scoring many people or many roles at once.
- `bench`: bench score, coverage, cover and key-person risk.
- `similarity`: requirement overlap and role similarity.
- `exposure`: a role's automation exposure from its tasks or its occupation.

Nothing here reads the graph: repositories read raw values (levels, weights, readiness, ratings)
and services hand them to these functions, so GraphQL, the review page, exports and the CLI give
the same numbers by construction. Cypher never computes one of these figures.
"""
