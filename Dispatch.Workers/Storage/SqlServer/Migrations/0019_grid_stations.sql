-- expand: nullable columns, a counter with a default and an index. Twin of ../../PostgreSql/Migrations/0019_grid_stations.sql,
-- where the reasons are.
alter table departments add area_code varchar(32) null references areas (code);
alter table cases add grid_station_code varchar(32) null references departments (code);
alter table cases add site_visits int not null constraint df_cases_site_visits default 0;
alter table cases add patrol_station_code varchar(32) null references departments (code);
GO
create index ix_cases_patrol on cases (patrol_station_code, filed_at) where patrol_station_code is not null;
