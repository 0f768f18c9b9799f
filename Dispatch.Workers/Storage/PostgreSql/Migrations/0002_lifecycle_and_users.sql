-- The whole closed loop, and who may act. Twin of ../../SqlServer/Migrations/0002_lifecycle_and_users.sql.

alter table cases add column handling_department_code varchar(32) null references departments (code);  -- a sub-unit after 二级派单
alter table cases add column master_case_id uuid null references cases (id);                            -- 并单
alter table cases add column reply text null;                                                           -- 办结反馈
alter table cases add column pending_extension_until timestamptz null;                                  -- 延期申请 waiting for review
alter table cases add column extended_until timestamptz null;                                           -- the last approved extension
alter table cases add column visit_attempts int not null default 0;
alter table cases add column redo_count int not null default 0;                                         -- 重办
alter table cases add column close_outcome varchar(16) null;                                            -- direct, satisfied, unreachable, merged
alter table cases add column signed_at timestamptz null;
alter table cases add column resolved_at timestamptz null;
create index ix_cases_master on cases (master_case_id) where master_case_id is not null;
create index ix_cases_handling_department_status on cases (handling_department_code, status);

create table users (
    username         varchar(64)  primary key,
    display_name     varchar(100) not null,
    role             varchar(16)  not null,    -- agent, dispatcher, handler, visitor, supervisor, admin
    department_code  varchar(32)  null references departments (code),
    active           boolean      not null default true,
    created_at       timestamptz  not null
);

-- Bearer tokens, stored as the SHA-256 of the token: the token itself is shown once, when issued.
create table user_tokens (
    token_hash   varchar(64)  primary key,
    username     varchar(64)  not null references users (username),
    label        varchar(100) not null,
    created_at   timestamptz  not null,
    expires_at   timestamptz  null,
    revoked_at   timestamptz  null
);
create index ix_user_tokens_username on user_tokens (username);
