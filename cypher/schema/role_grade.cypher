// Index: roles by grade, for grade ranges (roles(minGrade, maxGrade)).
CREATE INDEX role_grade IF NOT EXISTS FOR (n:Role) ON (n.grade)
