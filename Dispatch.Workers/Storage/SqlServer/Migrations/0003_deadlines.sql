-- Working calendars, SLA policies, the clocks of each case and the alarms they set.
-- Twin of ../../PostgreSql/Migrations/0003_deadlines.sql.

create table calendars (
    code               varchar(32)    not null primary key,
    version            int            not null,
    name               nvarchar(100)  not null,
    time_zone          varchar(64)    not null,
    week               nvarchar(max)  not null,
    observes_holidays  bit            not null,
    changed_at         datetimeoffset not null,
    changed_by         nvarchar(64)   not null
);

create table calendar_days (
    calendar_code  varchar(32)    not null references calendars (code),
    day            date           not null,
    kind           varchar(16)    not null,
    name           nvarchar(100)  not null,
    source         nvarchar(300)  not null,
    primary key (calendar_code, day)
);

create table calendar_years (
    calendar_code  varchar(32)    not null references calendars (code),
    year           int            not null,
    source         nvarchar(300)  not null,
    primary key (calendar_code, year)
);

create table calendar_versions (
    calendar_code  varchar(32)    not null,
    version        int            not null,
    change         nvarchar(max)  not null,
    changed_at     datetimeoffset not null,
    changed_by     nvarchar(64)   not null,
    primary key (calendar_code, version)
);

alter table departments add calendar_code varchar(32) null references calendars (code);

create table sla_policies (
    id                       bigint         not null primary key,
    version                  int            not null,
    priority                 int            not null,
    name                     nvarchar(200)  not null,
    request_types            nvarchar(max)  not null,
    category_prefix          varchar(12)    null,
    urgency                  varchar(8)     null,
    signoff_amount           decimal(9,2)   not null,
    signoff_unit             varchar(16)    not null,
    reply_amount             decimal(9,2)   not null,
    reply_unit               varchar(16)    not null,
    warning_percents         nvarchar(max)  not null,
    auto_return              bit            not null,
    supervision_grace_hours  decimal(9,2)   not null,
    enabled                  bit            not null,
    changed_at               datetimeoffset not null,
    changed_by               nvarchar(64)   not null
);

create table sla_policy_versions (
    policy_id   bigint         not null,
    version     int            not null,
    definition  nvarchar(max)  not null,
    changed_at  datetimeoffset not null,
    changed_by  nvarchar(64)   not null,
    primary key (policy_id, version)
);

create table case_clocks (
    case_id           uniqueidentifier not null references cases (id),
    kind              varchar(16)      not null,
    generation        int              not null,
    state             varchar(16)      not null,
    started_at        datetimeoffset   not null,
    due_at            datetimeoffset   not null,
    limit_amount      decimal(9,2)     not null,
    limit_unit        varchar(16)      not null,
    policy_id         bigint           not null,
    policy_version    int              not null,
    calendar_code     varchar(32)      not null,
    calendar_version  int              not null,
    paused_at         datetimeoffset   null,
    stopped_at        datetimeoffset   null,
    overdue_at        datetimeoffset   null,
    primary key (case_id, kind)
);

create table case_alarms (
    id          bigint           identity(1, 1) not null primary key,
    case_id     uniqueidentifier not null references cases (id),
    clock_kind  varchar(16)      not null,
    generation  int              not null,
    kind        varchar(16)      not null,
    threshold   int              not null,
    due_at      datetimeoffset   not null,
    fired_at    datetimeoffset   null,
    constraint uq_case_alarms unique (case_id, clock_kind, generation, kind, threshold)
);
create index ix_case_alarms_due on case_alarms (due_at) where fired_at is null;

alter table cases add next_due_at datetimeoffset null;
alter table cases add signoff_overdue_at datetimeoffset null;
alter table cases add reply_overdue_at datetimeoffset null;
GO
create index ix_cases_next_due_at on cases (next_due_at) where next_due_at is not null;
