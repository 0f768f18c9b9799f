-- contract: drops ix_outbox_unsent, an index only; no query names it, so a running release works on either schema.
-- Twin of ../../PostgreSql/Migrations/0009_outbox_without_unsent_index.sql, where the reasons are.
delete from outbox where sent_at is not null;
drop index ix_outbox_unsent on outbox;
