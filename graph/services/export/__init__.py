"""The readiness export: every in-scope role's succession picture, one row per (role, person).

Rows are read a page of roles at a time inside one read transaction: one query per page
(export/readiness_page: what bench, exposure, slate and candidates of 500 roles are worked out
from, with the skills of the page's people, in one record); the next page is asked for before the
current one is turned into rows, so the server reads while this process writes, and memory stays
flat whatever the size of the organisation. Every figure comes from the scoring core, as in
GraphQL: bench, cover and key-person risk as `benchStrength`, nominated fit as `successors`,
candidate fit as `successionCandidates`, exposure as `Role.exposure` (tests compare them).
Candidates come from the head of each role's shortlist when it was built at the graph version
read before the export started (graph/services/shortlists.py), else are scored live for that
role. The same generator feeds files (`talentgraph export readiness`) and HTTP (`GET
/exports/readiness`). Exports are for admin, hr and service callers (graph/services/access.py),
and each one is audited once it ends.

Modules: `columns` (the columns, filters and what a run records), `rows` (reading and scoring
the rows, audited), `delivery` (to a file, or streamed over HTTP), `manifest` (an HTTP export's
manifest, from its audit event).
"""

from graph.exporting.files import ExportResult
from graph.exporting.formats import ExportFormat
from graph.services.export.columns import (
    COLUMN_NAMES,
    COLUMNS,
    MAX_CANDIDATES,
    ExportFilters,
    ExportRun,
)
from graph.services.export.delivery import ExportStream, readiness_file, readiness_stream
from graph.services.export.manifest import MANIFEST_ACTION, MANIFEST_KEPT, readiness_manifest
from graph.services.export.rows import ACTION, ROLE_PAGE, instant, readiness_rows

__all__ = [
    "ACTION",
    "COLUMNS",
    "COLUMN_NAMES",
    "MANIFEST_ACTION",
    "MANIFEST_KEPT",
    "MAX_CANDIDATES",
    "ROLE_PAGE",
    "ExportFilters",
    "ExportFormat",
    "ExportResult",
    "ExportRun",
    "ExportStream",
    "instant",
    "readiness_file",
    "readiness_manifest",
    "readiness_rows",
    "readiness_stream",
]
