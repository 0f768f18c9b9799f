-- Dispatch schema, PostgreSQL dialect. Twin of ../../SqlServer/Migrations/0001_initial.sql: keep them in step.
-- Times are UTC instants (timestamptz). Lists inside a row (rule conditions) are JSON arrays as text.

create table departments (
    code         varchar(32)  primary key,
    name         varchar(100) not null,
    parent_code  varchar(32)  null references departments (code),
    kind         varchar(16)  not null,   -- center, department, street-office, community
    active       boolean      not null default true
);

create table areas (
    code         varchar(32)  primary key,
    name         varchar(100) not null,
    level        varchar(16)  not null,   -- district, street, community, grid
    parent_code  varchar(32)  null references areas (code)
);

create table categories (
    code         varchar(12)  primary key,
    name         varchar(100) not null,
    parent_code  varchar(12)  null references categories (code),
    level        smallint     not null
);

create sequence routing_rule_id_seq start with 1000;

create table routing_rules (
    id                          bigint        primary key,
    version                     int           not null,
    priority                    int           not null,
    name                        varchar(200)  not null,
    request_types               text          not null,   -- JSON array; [] = any
    category_prefix             varchar(12)   null,
    area_code                   varchar(32)   null references areas (code),
    keywords                    text          not null,   -- JSON array; [] = any
    lead_department_code        varchar(32)   not null references departments (code),
    assisting_department_codes  text          not null,   -- JSON array
    enabled                     boolean       not null,
    changed_at                  timestamptz   not null,
    changed_by                  varchar(64)   not null
);

-- Every version of every rule, as it was: an audit decision names (id, version) and this says what that was.
create table routing_rule_versions (
    rule_id     bigint       not null,
    version     int          not null,
    definition  text         not null,    -- JSON of the rule at that version
    changed_at  timestamptz  not null,
    changed_by  varchar(64)  not null,
    primary key (rule_id, version)
);

-- Case numbers are handed out per local day, in blocks, to API instances (see CaseNumber.cs).
create table case_number_blocks (
    day            int     primary key,   -- yyyymmdd, local date
    last_sequence  bigint  not null
);

create table cases (
    id                    uuid          primary key,
    number                varchar(20)   not null unique,
    status                varchar(16)   not null,
    version               int           not null,
    request_type          varchar(16)   not null,
    category_code         varchar(12)   not null references categories (code),
    channel               varchar(24)   not null,
    urgency               varchar(8)    not null,
    caller_name           varchar(50)   null,
    caller_phone          varchar(20)   null,
    caller_confidential   boolean       not null,
    district_code         varchar(32)   not null references areas (code),
    street_code           varchar(32)   null references areas (code),
    community_code        varchar(32)   null references areas (code),
    grid_code             varchar(32)   null references areas (code),
    address               varchar(200)  null,
    latitude              double precision null,
    longitude             double precision null,
    title                 varchar(100)  not null,
    content               text          not null,
    lead_department_code  varchar(32)   null references departments (code),
    filed_by              varchar(64)   not null,
    filed_at              timestamptz   not null,
    dispatched_at         timestamptz   null,
    closed_at             timestamptz   null,
    updated_at            timestamptz   not null
);
create index ix_cases_caller_phone on cases (caller_phone) where caller_phone is not null;
create index ix_cases_lead_department_status on cases (lead_department_code, status);
create index ix_cases_filed_at on cases (filed_at);

create table case_assisting_departments (
    case_id          uuid         not null references cases (id),
    department_code  varchar(32)  not null references departments (code),
    primary key (case_id, department_code)
);
create index ix_case_assisting_departments_department on case_assisting_departments (department_code);

-- One row per audited change of a case; seq equals the case's version after the change.
create table case_audit (
    id                  bigint        generated always as identity primary key,
    case_id             uuid          not null references cases (id),
    seq                 int           not null,
    action              varchar(32)   not null,
    from_state          varchar(16)   null,
    to_state            varchar(16)   not null,
    actor               varchar(64)   not null,
    reason              varchar(2000) null,
    decided_by          varchar(32)   null,    -- routing-rule, routing-fallback, sla-policy, ...
    decided_by_id       bigint        null,
    decided_by_version  int           null,
    occurred_at         timestamptz   not null,
    constraint uq_case_audit_case_seq unique (case_id, seq)
);

-- Transactional outbox: written with the change, published by the relay, marked when the broker confirmed.
create table outbox (
    id            bigint        generated always as identity primary key,
    message_id    uuid          not null unique,
    message_type  varchar(200)  not null,
    payload       text          not null,
    case_id       uuid          null,
    created_at    timestamptz   not null,
    sent_at       timestamptz   null,
    attempts      int           not null default 0,
    last_error    varchar(2000) null
);
create index ix_outbox_unsent on outbox (id) where sent_at is null;

-- Messages a consumer has already applied: a redelivery finds its row and changes nothing.
create table inbox (
    message_id    uuid          not null,
    consumer      varchar(100)  not null,
    processed_at  timestamptz   not null,
    primary key (message_id, consumer)
);

-- Idempotency-Key of API commands: a retried request returns what the first one produced.
create table idempotency_keys (
    operation     varchar(64)   not null,
    idempotency_key  varchar(100)  not null,
    request_hash  varchar(64)   not null,
    case_id       uuid          not null,
    created_at    timestamptz   not null,
    primary key (operation, idempotency_key)
);
