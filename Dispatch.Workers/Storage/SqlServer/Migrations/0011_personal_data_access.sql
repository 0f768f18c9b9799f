-- Citizens' data and who saw it. Twin of ../../PostgreSql/Migrations/0011_personal_data_access.sql, where the reasons are.
create table personal_data_access (
    id           bigint          identity(1, 1) not null primary key,
    accessed_at  datetimeoffset  not null,
    actor        nvarchar(200)   not null,
    username     varchar(64)     not null,
    role         varchar(16)     not null,
    endpoint     varchar(64)     not null,
    case_number  varchar(20)     not null,
    cases_shown  int             null
);
create index ix_personal_data_access_accessed_at on personal_data_access (accessed_at);
create index ix_personal_data_access_case on personal_data_access (case_number, accessed_at);
create index ix_personal_data_access_username on personal_data_access (username, accessed_at);

alter table cases add caller_anonymised_at datetimeoffset null;
GO
create index ix_cases_caller_retention on cases (closed_at) where status = 'closed' and caller_anonymised_at is null;
GO
create trigger personal_data_access_append_only on personal_data_access instead of update, delete as
begin
    throw 50001, 'personal_data_access is append-only: updates and deletes are not allowed', 1;
end;
GO
-- Also refuse the statement-level escape hatches to the application's role.
deny alter on object::personal_data_access to public;

GO
-- Append-only for the services too (migration 0010's role).
deny update, delete, alter, references on object::personal_data_access to dispatch_service;
