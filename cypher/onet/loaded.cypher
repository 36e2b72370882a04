// The record of a completed reference import as {release, sources, importedAt}, or no row.
MATCH (m:ReferenceData {id: $id})
RETURN m.release AS release, m.sources AS sources, m.importedAt AS importedAt
