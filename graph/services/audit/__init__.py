"""The audit trail (DESIGN §6): who did what, when, and how it ended, as `AuditEvent` nodes.

Bounded: target and actor are cut to a few hundred characters, failures are rate-limited per
caller, reads are written in batches, and events older than the retention period are deleted.

- `events`: recording an action's event (`record`, `failed`, `audited`), failures rate-limited;
- `reads`: the read log of sensitive data (`read`), written in batches (`flush_reads`);
- `kept`: events kept on disk while the database did not answer (`record_kept_events`);
- `query`: reading the trail (`audit_log`); `retention`: deleting old events (`purge`);
- `trail`: each database's policy and pending state (`configure`, `AuditPolicy`);
- `fields`: what an event holds, cut to size (`error_code`, `actor_of`, `new_event_id`).
"""

from graph.services.audit.events import audited, failed, record
from graph.services.audit.fields import (
    MAX_ACTOR,
    MAX_DETAIL,
    MAX_TARGET,
    actor_of,
    error_code,
    new_event_id,
)
from graph.services.audit.kept import record_kept_events
from graph.services.audit.query import MAX_PAGE, audit_log
from graph.services.audit.reads import MAX_IDS, MAX_PENDING, flush_reads, read
from graph.services.audit.retention import purge
from graph.services.audit.trail import AuditPolicy, configure

__all__ = [
    "MAX_ACTOR",
    "MAX_DETAIL",
    "MAX_IDS",
    "MAX_PAGE",
    "MAX_PENDING",
    "MAX_TARGET",
    "AuditPolicy",
    "actor_of",
    "audit_log",
    "audited",
    "configure",
    "error_code",
    "failed",
    "flush_reads",
    "new_event_id",
    "purge",
    "read",
    "record",
    "record_kept_events",
]
