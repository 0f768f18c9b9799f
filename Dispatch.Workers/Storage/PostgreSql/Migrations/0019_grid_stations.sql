-- expand: nullable columns, a counter with a default and an index; no query of an earlier release names them. Twin of
-- ../../SqlServer/Migrations/0019_grid_stations.sql.
-- The last mile (网格): a grid station (网格工作站, department kind 'grid-station') sits under its community and is tied to one area
-- of level 'grid'; its handlers are the grid workers (网格员). A patrol report is filed in that grid.
alter table departments add column area_code varchar(32) null references areas (code);
-- What the grid report counts, kept on the case row by the step that makes it (CaseChangeWriter), never recomputed from the audit:
-- the grid station a case was forwarded to last (二级派单 by its community), how often it was verified on site (上门核实), and the grid
-- station whose worker filed it from a patrol (巡查上报; written once, with the filing). None of the three that an update writes is
-- indexed, so a routine update of a case stays heap-only (migration 0008).
alter table cases add column grid_station_code varchar(32) null references departments (code);
alter table cases add column site_visits int not null default 0;
alter table cases add column patrol_station_code varchar(32) null references departments (code);
-- A grid worker's own patrol reports, newest first (GET /api/grid/patrol-reports); the center's list reads the same index.
create index ix_cases_patrol on cases (patrol_station_code, filed_at) where patrol_station_code is not null;
