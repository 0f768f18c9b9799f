-- Follow a case across processes (docs/telemetry.md): an outbox row carries the W3C trace context of the unit of work that
-- wrote it (traceparent, and tracestate when there is one), so a message its writer publishes at once, or a relay much later,
-- joins the trace of the request, consumer or sweep that committed it. Null when nothing was traced. Twin of
-- ../../SqlServer/Migrations/0021_outbox_trace_context.sql. Expand-only: nullable columns; the running version ignores them.
alter table outbox add column trace_parent varchar(55) null;
alter table outbox add column trace_state varchar(512) null;
