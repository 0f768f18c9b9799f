-- contract: drops ix_cases_returned, an index only; no query names it, so the running release works on either schema.
-- Routine updates of a case change no indexed column but updated_at: with updated_at out of every index they write the row
-- alone. The live view's returns waiting for review are few at any time; they are found by the filtered index below and
-- sorted by updated_at in memory. Twin of ../../PostgreSql/Migrations/0008_case_updates_in_place.sql.
create index ix_cases_returned_by_department on cases (lead_department_code) where status = 'returned';
drop index ix_cases_returned on cases;
