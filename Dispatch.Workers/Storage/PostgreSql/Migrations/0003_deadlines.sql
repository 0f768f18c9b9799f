-- Working calendars, SLA policies, the clocks of each case and the alarms they set.
-- Twin of ../../SqlServer/Migrations/0003_deadlines.sql.

create table calendars (
    code               varchar(32)  primary key,
    version            int          not null,
    name               varchar(100) not null,
    time_zone          varchar(64)  not null,
    week               text         not null,   -- JSON: {"Monday": [["09:00","12:00"], ["13:30","17:30"]], ...}
    observes_holidays  boolean      not null,
    changed_at         timestamptz  not null,
    changed_by         varchar(64)  not null
);

-- Dates that differ from the week: holidays and make-up working days (调休), each with the notice it comes from.
create table calendar_days (
    calendar_code  varchar(32)  not null references calendars (code),
    day            date         not null,
    kind           varchar(16)  not null,   -- holiday, make-up-workday
    name           varchar(100) not null,
    source         varchar(300) not null,
    primary key (calendar_code, day)
);

-- Years whose holidays are known. A year missing here is an explicit state, shown and warned about.
create table calendar_years (
    calendar_code  varchar(32)  not null references calendars (code),
    year           int          not null,
    source         varchar(300) not null,
    primary key (calendar_code, year)
);

create table calendar_versions (
    calendar_code  varchar(32)  not null,
    version        int          not null,
    change         text         not null,
    changed_at     timestamptz  not null,
    changed_by     varchar(64)  not null,
    primary key (calendar_code, version)
);

alter table departments add column calendar_code varchar(32) null references calendars (code);

create table sla_policies (
    id                       bigint        primary key,
    version                  int           not null,
    priority                 int           not null,
    name                     varchar(200)  not null,
    request_types            text          not null,   -- JSON array; [] = any
    category_prefix          varchar(12)   null,
    urgency                  varchar(8)    null,
    signoff_amount           numeric(9,2)  not null,
    signoff_unit             varchar(16)   not null,   -- working-hours, working-days, natural-hours
    reply_amount             numeric(9,2)  not null,
    reply_unit               varchar(16)   not null,
    warning_percents         text          not null,   -- JSON array, e.g. [50, 80]
    auto_return              boolean       not null,   -- on a sign-off breach, return the case to the center
    supervision_grace_hours  numeric(9,2)  not null,   -- after a reply breach, in the reply clock's kind of time
    enabled                  boolean       not null,
    changed_at               timestamptz   not null,
    changed_by               varchar(64)   not null
);

create table sla_policy_versions (
    policy_id   bigint       not null,
    version     int          not null,
    definition  text         not null,
    changed_at  timestamptz  not null,
    changed_by  varchar(64)  not null,
    primary key (policy_id, version)
);

-- The clocks of a case. A new generation each time a clock is (re)started or its deadline moves.
create table case_clocks (
    case_id           uuid          not null references cases (id),
    kind              varchar(16)   not null,   -- sign-off, reply
    generation        int           not null,
    state             varchar(16)   not null,   -- running, paused, stopped
    started_at        timestamptz   not null,
    due_at            timestamptz   not null,
    limit_amount      numeric(9,2)  not null,
    limit_unit        varchar(16)   not null,
    policy_id         bigint        not null,
    policy_version    int           not null,
    calendar_code     varchar(32)   not null,
    calendar_version  int           not null,
    paused_at         timestamptz   null,
    stopped_at        timestamptz   null,
    overdue_at        timestamptz   null,
    primary key (case_id, kind)
);

-- What the sweeper must do and when. Each row fires once: fired_at is set in the transaction that acts.
create table case_alarms (
    id          bigint       generated always as identity primary key,
    case_id     uuid         not null references cases (id),
    clock_kind  varchar(16)  not null,
    generation  int          not null,
    kind        varchar(16)  not null,   -- warning, overdue, supervise
    threshold   int          not null,   -- percent of the clock (100 = due; 101 = supervision after the grace)
    due_at      timestamptz  not null,
    fired_at    timestamptz  null,
    constraint uq_case_alarms unique (case_id, clock_kind, generation, kind, threshold)
);
create index ix_case_alarms_due on case_alarms (due_at) where fired_at is null;

alter table cases add column next_due_at timestamptz null;          -- the nearest running deadline (inbox order)
alter table cases add column signoff_overdue_at timestamptz null;   -- first breach of sign-off (overdue ever)
alter table cases add column reply_overdue_at timestamptz null;
create index ix_cases_next_due_at on cases (next_due_at) where next_due_at is not null;
