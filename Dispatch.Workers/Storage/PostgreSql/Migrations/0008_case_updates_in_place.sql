-- contract: drops ix_cases_returned, an index only; no query names it, so the running release works on either schema.
-- Routine updates of a case (a deadline warning, a note, an urge) change no indexed column but updated_at. With updated_at
-- out of every index and room left on each page, PostgreSQL writes such an update as a heap-only tuple: the row's new
-- version goes on the same page and none of the case's indexes is touched. The live view's returns waiting for review are
-- few at any time; they are found by the partial index below and sorted by updated_at in memory.
-- Twin of ../../SqlServer/Migrations/0008_case_updates_in_place.sql.
create index ix_cases_returned_by_department on cases (lead_department_code) where status = 'returned';
drop index ix_cases_returned;
-- New pages keep 15 % free for in-place versions (existing pages are left as they are until rewritten).
alter table cases set (fillfactor = 85);
