// Sets the "GPTs are GPTs" occupation-level exposure (occ_level.csv, shares of tasks in 0-1) on
// existing occupations, one property per rating; returns {code} of each occupation matched.
UNWIND $rows AS row
MATCH (o:Occupation {code: row.code})
SET o.exposureGptsHumanAlpha = row.human_alpha,
    o.exposureGptsHumanBeta = row.human_beta,
    o.exposureGptsHumanGamma = row.human_gamma,
    o.exposureGptsGpt4Alpha = row.gpt4_alpha,
    o.exposureGptsGpt4Beta = row.gpt4_beta,
    o.exposureGptsGpt4Gamma = row.gpt4_gamma
RETURN o.code AS code
