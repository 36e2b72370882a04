// Constraint: every Occupation has a unique O*NET-SOC code.
CREATE CONSTRAINT occupation_code IF NOT EXISTS FOR (n:Occupation) REQUIRE n.code IS UNIQUE
