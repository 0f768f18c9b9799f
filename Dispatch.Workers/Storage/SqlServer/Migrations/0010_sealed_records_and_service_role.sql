-- The audit records seal themselves, and the services stop running as the owner. Twin of
-- ../../PostgreSql/Migrations/0010_sealed_records_and_service_role.sql, where the reasons are.
alter table case_audit add key_id varchar(16) null;

alter table admin_changes add seq bigint null;
alter table admin_changes add key_id varchar(16) null;
alter table admin_changes add hash varchar(64) null;
GO
create unique index ux_admin_changes_seq on admin_changes (seq) where seq is not null;

create table audit_heads (
    chain  varchar(32)  not null primary key,
    seq    bigint       not null,
    head   varchar(64)  not null
);

create table audit_verifications (
    id              bigint          identity(1, 1) not null primary key,
    finished_at     datetimeoffset  not null,
    cases_checked   bigint          not null,
    cases_broken    bigint          not null,
    admin_intact    bit             not null,
    first_broken    nvarchar(max)   not null
);
GO
create trigger admin_changes_append_only on admin_changes instead of update, delete as
begin
    throw 50001, 'admin_changes is append-only: updates and deletes are not allowed', 1;
end;
GO
-- The services' database role: the login the services use is made a member of it (see docs), and owns nothing. A grant on the
-- schema covers the tables later migrations create; DENY outranks it for the audit records.
if database_principal_id('dispatch_service') is null
    create role dispatch_service;
GO
grant select, insert, update, delete on schema::dbo to dispatch_service;
deny update, delete, alter, references on object::case_audit to dispatch_service;
deny update, delete, alter, references on object::admin_changes to dispatch_service;
deny insert, update, delete on object::schema_versions to dispatch_service;
deny update, delete on object::audit_verifications to dispatch_service;
