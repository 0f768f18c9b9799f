-- Dispatch schema, SQL Server dialect. Twin of ../../PostgreSql/Migrations/0001_initial.sql: keep them in step.
-- Times are UTC instants (datetimeoffset). Text a citizen or an official writes is nvarchar.

create table departments (
    code         varchar(32)   not null primary key,
    name         nvarchar(100) not null,
    parent_code  varchar(32)   null references departments (code),
    kind         varchar(16)   not null,
    active       bit           not null default 1
);

create table areas (
    code         varchar(32)   not null primary key,
    name         nvarchar(100) not null,
    level        varchar(16)   not null,
    parent_code  varchar(32)   null references areas (code)
);

create table categories (
    code         varchar(12)   not null primary key,
    name         nvarchar(100) not null,
    parent_code  varchar(12)   null references categories (code),
    level        smallint      not null
);

create sequence routing_rule_id_seq as bigint start with 1000;

create table routing_rules (
    id                          bigint         not null primary key,
    version                     int            not null,
    priority                    int            not null,
    name                        nvarchar(200)  not null,
    request_types               nvarchar(max)  not null,
    category_prefix             varchar(12)    null,
    area_code                   varchar(32)    null references areas (code),
    keywords                    nvarchar(max)  not null,
    lead_department_code        varchar(32)    not null references departments (code),
    assisting_department_codes  nvarchar(max)  not null,
    enabled                     bit            not null,
    changed_at                  datetimeoffset not null,
    changed_by                  nvarchar(64)   not null
);

create table routing_rule_versions (
    rule_id     bigint         not null,
    version     int            not null,
    definition  nvarchar(max)  not null,
    changed_at  datetimeoffset not null,
    changed_by  nvarchar(64)   not null,
    primary key (rule_id, version)
);

create table case_number_blocks (
    day            int     not null primary key,
    last_sequence  bigint  not null
);

create table cases (
    id                    uniqueidentifier not null primary key nonclustered,
    number                varchar(20)    not null unique,
    status                varchar(16)    not null,
    version               int            not null,
    request_type          varchar(16)    not null,
    category_code         varchar(12)    not null references categories (code),
    channel               varchar(24)    not null,
    urgency               varchar(8)     not null,
    caller_name           nvarchar(50)   null,
    caller_phone          varchar(20)    null,
    caller_confidential   bit            not null,
    district_code         varchar(32)    not null references areas (code),
    street_code           varchar(32)    null references areas (code),
    community_code        varchar(32)    null references areas (code),
    grid_code             varchar(32)    null references areas (code),
    address               nvarchar(200)  null,
    latitude              float          null,
    longitude             float          null,
    title                 nvarchar(100)  not null,
    content               nvarchar(max)  not null,
    lead_department_code  varchar(32)    null references departments (code),
    filed_by              nvarchar(64)   not null,
    filed_at              datetimeoffset not null,
    dispatched_at         datetimeoffset null,
    closed_at             datetimeoffset null,
    updated_at            datetimeoffset not null
);
create clustered index cx_cases_filed_at on cases (filed_at);
create index ix_cases_caller_phone on cases (caller_phone) where caller_phone is not null;
create index ix_cases_lead_department_status on cases (lead_department_code, status);

create table case_assisting_departments (
    case_id          uniqueidentifier not null references cases (id),
    department_code  varchar(32)      not null references departments (code),
    primary key (case_id, department_code)
);
create index ix_case_assisting_departments_department on case_assisting_departments (department_code);

create table case_audit (
    id                  bigint           identity(1, 1) not null primary key,
    case_id             uniqueidentifier not null references cases (id),
    seq                 int              not null,
    action              varchar(32)      not null,
    from_state          varchar(16)      null,
    to_state            varchar(16)      not null,
    actor               nvarchar(64)     not null,
    reason              nvarchar(2000)   null,
    decided_by          varchar(32)      null,
    decided_by_id       bigint           null,
    decided_by_version  int              null,
    occurred_at         datetimeoffset   not null,
    constraint uq_case_audit_case_seq unique (case_id, seq)
);

create table outbox (
    id            bigint           identity(1, 1) not null primary key,
    message_id    uniqueidentifier not null unique,
    message_type  varchar(200)     not null,
    payload       nvarchar(max)    not null,
    case_id       uniqueidentifier null,
    created_at    datetimeoffset   not null,
    sent_at       datetimeoffset   null,
    attempts      int              not null default 0,
    last_error    nvarchar(2000)   null
);
create index ix_outbox_unsent on outbox (id) where sent_at is null;

create table inbox (
    message_id    uniqueidentifier not null,
    consumer      varchar(100)     not null,
    processed_at  datetimeoffset   not null,
    primary key (message_id, consumer)
);

create table idempotency_keys (
    operation     varchar(64)      not null,
    idempotency_key  varchar(100)   not null,
    request_hash  varchar(64)      not null,
    case_id       uniqueidentifier not null,
    created_at    datetimeoffset   not null,
    primary key (operation, idempotency_key)
);
