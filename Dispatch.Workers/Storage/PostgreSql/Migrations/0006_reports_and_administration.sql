-- What the reports count and what administrators change. Twin of ../../SqlServer/Migrations/0006_reports_and_administration.sql.

-- Counters kept on the case in the transaction of the action they count (the audit rows stay the record;
-- these spare the monthly report a scan of the audit table).
alter table cases add column return_count int not null default 0;           -- 退单, by the department or automatically
alter table cases add column redispatch_count int not null default 0;       -- 改派
alter table cases add column extension_requests int not null default 0;     -- 延期申请
alter table cases add column extension_approvals int not null default 0;
alter table cases add column signoff_seconds bigint null;                   -- working time from dispatch to sign-off (last round)
alter table cases add column reply_seconds bigint null;                     -- working time from dispatch to reply, pauses excluded (last round)

-- Working time a clock spent paused, and the working time it ran when it stopped.
alter table case_clocks add column paused_seconds bigint not null default 0;
alter table case_clocks add column worked_seconds bigint null;

-- The live views: returns waiting for review, extension requests waiting.
create index ix_cases_returned on cases (updated_at) where status = 'returned';
create index ix_cases_pending_extension on cases (pending_extension_until) where pending_extension_until is not null;

-- Every administrative change (rules, policies, calendars, catalogue, users, tokens): who, what, when, before and after.
create table admin_changes (
    id          bigint        generated always as identity primary key,
    entity      varchar(32)   not null,   -- routing-rule, sla-policy, calendar, department, area, category, user, token
    entity_key  varchar(64)   not null,
    version     int           null,
    operation   varchar(32)   not null,   -- create, edit, enable, disable, reorder, issue, revoke, ...
    change      text          not null,   -- JSON {before, after}
    changed_by  varchar(64)   not null,
    changed_at  timestamptz   not null
);
create index ix_admin_changes_entity on admin_changes (entity, entity_key);

alter table departments add column version int not null default 1;
alter table areas add column version int not null default 1;
alter table categories add column version int not null default 1;
alter table categories add column active boolean not null default true;
alter table users add column version int not null default 1;
