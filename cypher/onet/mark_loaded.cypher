// Records that a reference import completed (release, sources, time); returns nothing.
MERGE (m:ReferenceData {id: $id})
SET m.release = $release, m.sources = $sources, m.importedAt = datetime()
