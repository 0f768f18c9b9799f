-- expand: indexes only; no query of an earlier release names them. Twin of ../../SqlServer/Migrations/0016_similar_cases.sql.
-- Repeat calls (重复来电): a call is compared with the open and the recently closed cases that share its category family (in its
-- community, and anywhere), its community, a coordinate cell around it or its caller's phone (RepeatCalls/SimilarCaseStore.cs),
-- each source read newest first and at most a few hundred rows. Each has two partial indexes: its open cases (closed_at is null)
-- by filing time, and its closed cases by closing time. So "the newest open cases of this community" and "the cases of this
-- family in this community closed since" are each one range read in order, and a lookup reads a few hundred rows of a million.
-- The category indexes hold the community second: the family in the community is a range of them, and the family anywhere is the
-- category's ranges with the time checked in the index.
-- Building them reads the whole table once per index, and intake waits while they build (the migration is one transaction, so
-- not concurrently): on a large database, migrate at a quiet hour.
-- A row version is in exactly one index of each pair, so the pair costs what one index over all cases would. None of their
-- columns changes without the status changing too (the status is indexed already), so a routine update of a case stays heap-only
-- (migration 0008).
create index ix_cases_open_by_category on cases (category_code, community_code, filed_at) where closed_at is null;
create index ix_cases_closed_by_category on cases (category_code, community_code, closed_at) where closed_at is not null;
create index ix_cases_open_by_community on cases (community_code, filed_at) where closed_at is null and community_code is not null;
create index ix_cases_closed_by_community on cases (community_code, closed_at) where closed_at is not null and community_code is not null;
-- The cell is a hundredth of a degree each way (RepeatCalls/GeoCells.cs): the query writes exactly this expression (GeoCells.CellSql).
create index ix_cases_open_by_cell on cases ((cast(floor(latitude * 100) as bigint) * 100000 + cast(floor(longitude * 100) as bigint)), filed_at)
    where closed_at is null and latitude is not null;
create index ix_cases_closed_by_cell on cases ((cast(floor(latitude * 100) as bigint) * 100000 + cast(floor(longitude * 100) as bigint)), closed_at)
    where closed_at is not null and latitude is not null;
