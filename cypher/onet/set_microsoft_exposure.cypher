// Sets Microsoft's AI applicability score (reached through the BLS NEM crosswalk) on existing
// occupations; returns {code} of each occupation matched.
UNWIND $rows AS row
MATCH (o:Occupation {code: row.code})
SET o.exposureMicrosoftAiApplicability = row.value
RETURN o.code AS code
