// Index: roles by O*NET occupation code.
CREATE INDEX role_occupation IF NOT EXISTS FOR (n:Role) ON (n.occupationCode)
