// Index: roles by criticality, for bench and export scans.
CREATE INDEX role_critical IF NOT EXISTS FOR (n:Role) ON (n.critical)
