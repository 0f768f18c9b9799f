-- What the reports count and what administrators change. Twin of ../../PostgreSql/Migrations/0006_reports_and_administration.sql.
alter table cases add return_count int not null constraint df_cases_return_count default 0;
alter table cases add redispatch_count int not null constraint df_cases_redispatch_count default 0;
alter table cases add extension_requests int not null constraint df_cases_extension_requests default 0;
alter table cases add extension_approvals int not null constraint df_cases_extension_approvals default 0;
alter table cases add signoff_seconds bigint null;
alter table cases add reply_seconds bigint null;

alter table case_clocks add paused_seconds bigint not null constraint df_case_clocks_paused_seconds default 0;
alter table case_clocks add worked_seconds bigint null;

create index ix_cases_returned on cases (updated_at) where status = 'returned';
create index ix_cases_pending_extension on cases (pending_extension_until) where pending_extension_until is not null;

create table admin_changes (
    id          bigint          identity(1, 1) not null primary key,
    entity      varchar(32)     not null,
    entity_key  nvarchar(64)    not null,
    version     int             null,
    operation   varchar(32)     not null,
    change      nvarchar(max)   not null,
    changed_by  nvarchar(64)    not null,
    changed_at  datetimeoffset  not null
);
create index ix_admin_changes_entity on admin_changes (entity, entity_key);

alter table departments add version int not null constraint df_departments_version default 1;
alter table areas add version int not null constraint df_areas_version default 1;
alter table categories add version int not null constraint df_categories_version default 1;
alter table categories add active bit not null constraint df_categories_active default 1;
alter table users add version int not null constraint df_users_version default 1;
