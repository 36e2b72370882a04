// Index: employment events by time, for the workforce figures of a window.
CREATE INDEX employment_event_at IF NOT EXISTS FOR (n:EmploymentEvent) ON (n.at)
