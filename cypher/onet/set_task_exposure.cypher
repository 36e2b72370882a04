// Sets task-level exposure ("GPTs are GPTs" labels as beta: E1 = 1, E2 = 0.5, E0 = 0) on existing
// tasks: exposure from the human labels, exposureGpt4 from GPT-4's. Returns {id} of each task matched.
UNWIND $rows AS row
MATCH (t:Task {id: row.id})
SET t.exposure = row.exposure, t.exposureGpt4 = row.exposure_gpt4
RETURN row.id AS id
