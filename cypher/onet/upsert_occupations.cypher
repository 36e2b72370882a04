// Upserts O*NET occupations by code (title; jobZone when the row has one); returns nothing.
UNWIND $rows AS row
MERGE (o:Occupation {code: row.code})
SET o.title = row.title, o.jobZone = coalesce(row.job_zone, o.jobZone)
