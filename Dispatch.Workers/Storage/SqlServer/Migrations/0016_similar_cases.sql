-- expand: a computed column and indexes; no query of an earlier release names them. Twin of
-- ../../PostgreSql/Migrations/0016_similar_cases.sql, where the reasons are.
create index ix_cases_open_by_category on cases (category_code, community_code, filed_at) where closed_at is null;
create index ix_cases_closed_by_category on cases (category_code, community_code, closed_at) where closed_at is not null;
-- Filtered on closed_at alone: the query names the community by a parameter, from which SQL Server need not infer "is not null".
create index ix_cases_open_by_community on cases (community_code, filed_at) where closed_at is null;
create index ix_cases_closed_by_community on cases (community_code, closed_at) where closed_at is not null;
-- SQL Server indexes an expression through a computed column; one computed from floats is imprecise and must be persisted to be
-- indexed. The query writes the expression (RepeatCalls/GeoCells.CellSql), which the optimizer matches to this column.
alter table cases add geo_cell as (cast(floor(latitude * 100) as bigint) * 100000 + cast(floor(longitude * 100) as bigint)) persisted;
GO
create index ix_cases_open_by_cell on cases (geo_cell, filed_at) where closed_at is null and latitude is not null;
create index ix_cases_closed_by_cell on cases (geo_cell, closed_at) where closed_at is not null and latitude is not null;
