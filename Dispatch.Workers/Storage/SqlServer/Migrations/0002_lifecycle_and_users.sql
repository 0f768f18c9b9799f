-- The whole closed loop, and who may act. Twin of ../../PostgreSql/Migrations/0002_lifecycle_and_users.sql.

alter table cases add handling_department_code varchar(32) null references departments (code);
alter table cases add master_case_id uniqueidentifier null references cases (id);
alter table cases add reply nvarchar(max) null;
alter table cases add pending_extension_until datetimeoffset null;
alter table cases add extended_until datetimeoffset null;
alter table cases add visit_attempts int not null default 0;
alter table cases add redo_count int not null default 0;
alter table cases add close_outcome varchar(16) null;
alter table cases add signed_at datetimeoffset null;
alter table cases add resolved_at datetimeoffset null;
GO
create index ix_cases_master on cases (master_case_id) where master_case_id is not null;
create index ix_cases_handling_department_status on cases (handling_department_code, status);

create table users (
    username         varchar(64)   not null primary key,
    display_name     nvarchar(100) not null,
    role             varchar(16)   not null,
    department_code  varchar(32)   null references departments (code),
    active           bit           not null default 1,
    created_at       datetimeoffset not null
);

create table user_tokens (
    token_hash   varchar(64)    not null primary key,
    username     varchar(64)    not null references users (username),
    label        nvarchar(100)  not null,
    created_at   datetimeoffset not null,
    expires_at   datetimeoffset null,
    revoked_at   datetimeoffset null
);
create index ix_user_tokens_username on user_tokens (username);
