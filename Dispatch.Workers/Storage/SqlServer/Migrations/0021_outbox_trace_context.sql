-- An outbox row carries the W3C trace context of its writer. Twin of ../../PostgreSql/Migrations/0021_outbox_trace_context.sql,
-- where the reasons are.
alter table outbox add trace_parent varchar(55) null, trace_state varchar(512) null;
