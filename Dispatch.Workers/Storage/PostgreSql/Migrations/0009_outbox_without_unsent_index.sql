-- contract: drops ix_outbox_unsent, an index only; no query names it, so a running release works on either schema.
-- Twin of ../../SqlServer/Migrations/0009_outbox_without_unsent_index.sql.
-- Since relays and publishers delete a row once the broker confirmed its message, every row left is unsent, and the
-- partial index on unsent ids held what the primary key holds: a third index entry for every message. The relay's
-- claim (id <= @UpTo and sent_at is null, in id order) now walks the primary key. The rows relays of earlier releases
-- marked sent (kept by housekeeping for Housekeeping:KeepSentOutboxFor) would lie at its low end and be walked past on
-- every poll, so they go now; they were published and confirmed. A relay of such a release still running during the
-- upgrade marks only the few rows it claims until it stops, and housekeeping deletes those.
delete from outbox where sent_at is not null;
drop index ix_outbox_unsent;
