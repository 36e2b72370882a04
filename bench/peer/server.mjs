// The peer of TalentGraph's API for the side-by-side benchmark (bench/peer.py): the Neo4j GraphQL
// Library (@neo4j/graphql) with Apollo Server, over the same Neo4j, one @cypher field per query.
//
// Each field runs TalentGraph's own statement, read from cypher/ at start-up (not copied): the
// statement is a subquery (CALL () { ... }) whose parameters are renamed to the field's arguments,
// and the figures TalentGraph works out in Python (graph/scoring) are computed after it in Cypher,
// so only the API layer differs. The harness checks that both give the same answers.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PEER_PORT=4000 node server.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const CYPHER = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cypher");

/** TalentGraph's statement `name`, its parameters replaced as `rename` says ({old: new text}). */
function statement(name, rename) {
  const text = readFileSync(join(CYPHER, `${name}.cypher`), "utf8");
  const left = (text.match(/\$[A-Za-z_]+/g) ?? []).filter((p) => !(p.slice(1) in rename));
  if (left.length) throw new Error(`${name}: parameters left unmapped: ${left}`);
  return text.replace(/\$([A-Za-z_]+)/g, (_, param) => rename[param]);
}

// Levels and weights as integer units (graph/scoring/units.py: four decimal places).
const UNITS = (x) => `toInteger(round(${x} * 10000))`;

// successionCandidates: cypher/succession/candidates.cypher on the role's shortlist head, then
// fit = Σ w·min(h, l) / Σ w·l and the gaps (largest w·shortfall first, then skill id), fit desc, id;
// as TalentGraph's connection (the benchmark selects its edges' nodes only; the library reserves
// type names ending in "Connection", hence "...Page" here: the harness compares answers, not
// type names).
const CANDIDATES = `
CALL () {
${statement("succession/candidates", { role_ids: "[$roleId]", first: "$first", ids: "null" })}
}
WITH people, [q IN requirements WHERE q[2] > 0 AND q[3] > 0 |
  {id: q[0], name: q[1], l: ${UNITS("q[2]")}, w: ${UNITS("q[3]")}}] AS needs
WITH people, needs, reduce(t = 0, n IN needs | t + n.w * n.l) AS total
UNWIND people AS p
WITH p, total, [n IN needs | n {.*, h: reduce(m = 0, s IN p.skills |
  CASE WHEN s[0] = n.id AND s[1] > 0 AND ${UNITS("s[1]")} > m THEN ${UNITS("s[1]")} ELSE m END)}] AS terms
WITH p, terms, CASE WHEN total > 0
  THEN toFloat(reduce(c = 0, t IN terms | c + t.w * CASE WHEN t.h < t.l THEN t.h ELSE t.l END)) / toFloat(total)
  ELSE 0.0 END AS fit
WHERE fit > 0
WITH p, terms, fit ORDER BY fit DESC, p.employee.id LIMIT $first
WITH collect({node: {
  employee: p.employee, fit: fit, readiness: p.readiness,
  gaps: COLLECT {
    UNWIND terms AS t
    WITH t WHERE t.h < t.l
    RETURN {skill: {id: t.id, name: t.name}, shortfall: toFloat(t.l - t.h) / 10000.0}
    ORDER BY t.w * (t.l - t.h) DESC, t.id
  }
}}) AS edges
RETURN {edges: edges} AS candidates
`;

// employee(id) with skills and direct reports: cypher/employees/profiles.cypher for one id (every
// report); the connection shows the first 50, as TalentGraph's directReports by default.
const EMPLOYEE = `
CALL () {
${statement("employees/profiles", { ids: "[$id]", skills: "true", reports: "true" })}
}
RETURN employee {.*, skills: skills, directReports: {edges: [r IN reports[..50] | {node: r}]}} AS employee
`;

// benchStrength: cypher/succession/bench.cypher, then DESIGN §4's figures (graph/scoring/bench.py)
// with the default readiness weights, highest key-person risk first, then role id.
const BENCH = `
CALL () {
${statement("succession/bench", { role_ids: "null", org_unit_ids: "null", critical_only: "$criticalOnly" })}
}
UNWIND roles AS b
WITH b, [n IN b.nominees WHERE n[0] IN ['READY_NOW', 'READY_1_2_YEARS', 'READY_3_5_YEARS'] |
  {r: n[0], part: CASE n[0] WHEN 'READY_NOW' THEN 1.0 WHEN 'READY_1_2_YEARS' THEN 0.5 ELSE 0.25 END
                  / CASE WHEN n[1] > 1 THEN n[1] ELSE 1 END}] AS shares
WITH b, shares, 1.0 - reduce(miss = 1.0, s IN shares | miss * (1.0 - s.part)) AS cover
WITH b, shares, cover,
  reduce(worst = 0.0, i IN b.incumbents |
    CASE WHEN (CASE i[1] WHEN 'LOW' THEN 0.1 WHEN 'HIGH' THEN 0.6 ELSE 0.3 END)
            * (CASE i[2] WHEN 'LOW' THEN 1.0 / 3 WHEN 'HIGH' THEN 1.0 ELSE 2.0 / 3 END) > worst
      THEN (CASE i[1] WHEN 'LOW' THEN 0.1 WHEN 'HIGH' THEN 0.6 ELSE 0.3 END)
         * (CASE i[2] WHEN 'LOW' THEN 1.0 / 3 WHEN 'HIGH' THEN 1.0 ELSE 2.0 / 3 END)
      ELSE worst END) * (1.0 - cover) AS risk
WITH b, shares, cover, risk,
  size([s IN shares WHERE s.r = 'READY_NOW']) AS now,
  size([s IN shares WHERE s.r = 'READY_1_2_YEARS']) AS soon,
  size([s IN shares WHERE s.r = 'READY_3_5_YEARS']) AS later
WITH {
  role: b.role, readyNow: now, readyOneToTwoYears: soon, readyThreeToFiveYears: later,
  benchScore: reduce(t = 0.0, s IN shares | t + s.part), cover: cover, keyPersonRisk: risk,
  coverage: CASE WHEN now + soon + later = 0 THEN 'UNCOVERED' WHEN now > 0 THEN 'COVERED' ELSE 'NOT_READY' END
} AS item
// TalentGraph orders by the exact fractions; floats differ from them in the last bits, so ties
// are found on the value rounded to 12 places
ORDER BY round(item.keyPersonRisk, 12) DESC, item.role.id
// ORDER BY with LIMIT here makes Neo4j 5.26 plan the subquery so that it runs out of memory
WITH collect(item) AS items
RETURN {edges: [i IN items[..$first] | {node: i}]} AS bench
`;


const typeDefs = `
type Person {
  id: ID!
  name: String
  email: String
  title: String
  location: String
}
type SkillRef { id: ID! name: String }
type SkillLevel { skill: SkillRef! level: Float }
type Gap { skill: SkillRef! shortfall: Float }
type Candidate { employee: Person! fit: Float! readiness: String gaps: [Gap!]! }
type CandidatePageItem { node: Candidate! }
type CandidatePage { edges: [CandidatePageItem!]! }
type PersonPageItem { node: Person! }
type PersonPage { edges: [PersonPageItem!]! }
type EmployeePage {
  id: ID!
  name: String
  title: String
  skills: [SkillLevel!]!
  directReports: PersonPage!
}
type RoleRef { id: ID! title: String grade: Int critical: Boolean }
type BenchItem {
  role: RoleRef!
  readyNow: Int!
  readyOneToTwoYears: Int!
  readyThreeToFiveYears: Int!
  benchScore: Float!
  cover: Float!
  coverage: String!
  keyPersonRisk: Float
}
type BenchPageItem { node: BenchItem! }
type BenchPage { edges: [BenchPageItem!]! }
type Query {
  successionCandidates(roleId: ID!, first: Int = 10): CandidatePage!
    @cypher(statement: """${CANDIDATES}""", columnName: "candidates")
  employee(id: ID!): EmployeePage
    @cypher(statement: """${EMPLOYEE}""", columnName: "employee")
  benchStrength(criticalOnly: Boolean = true, first: Int = 200): BenchPage!
    @cypher(statement: """${BENCH}""", columnName: "bench")
}
`;

const auth = process.env.NEO4J_PASSWORD
  ? neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD)
  : undefined;
const driver = neo4j.driver(process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687", auth);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema, introspection: true });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PEER_PORT ?? 4000), host: "127.0.0.1" },
});
console.log(`peer ready at ${url}`);
