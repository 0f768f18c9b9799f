-- The audit records seal themselves, and the services stop running as the owner. Twin of
-- ../../SqlServer/Migrations/0010_sealed_records_and_service_role.sql.
--
-- Keyed chains (Audit/SealedChain.cs): every row names the key it was sealed with (Audit:ChainKeys, held by the hosts, never
-- here). A case's head stays on the case (cases.audit_hash); the administrative record's head lives in audit_heads, whose row
-- also serialises appends to it. Rows written before this migration are sealed once by the migrator right after it, which
-- writes the first row of the sealed administrative record to say so (Audit/AuditSealing.cs).
do $$
begin
    if not exists (select from pg_roles where rolname = 'dispatch_service') then
        raise exception 'The role dispatch_service does not exist. Create it before migrating: create role dispatch_service nologin; '
            'then make the services'' login a member of it (docs/deployment.md).';
    end if;
end;
$$;

alter table case_audit add column key_id varchar(16) null;

alter table admin_changes add column seq bigint null;
alter table admin_changes add column key_id varchar(16) null;
alter table admin_changes add column hash varchar(64) null;
create unique index ux_admin_changes_seq on admin_changes (seq);

create table audit_heads (
    chain  varchar(32)  primary key,   -- 'admin': the administrative record
    seq    bigint       not null,
    head   varchar(64)  not null
);

-- What the last `audit verify` run found, for the metrics (the command exits; the hosts sample this).
create table audit_verifications (
    id              bigint        generated always as identity primary key,
    finished_at     timestamptz   not null,
    cases_checked   bigint        not null,
    cases_broken    bigint        not null,
    admin_intact    boolean       not null,
    first_broken    text          not null    -- JSON: the first few broken cases, with the row and why
);

create function admin_changes_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'admin_changes is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger admin_changes_append_only
    before update or delete on admin_changes
    for each row execute function admin_changes_is_append_only();

create trigger admin_changes_no_truncate
    before truncate on admin_changes
    for each statement execute function admin_changes_is_append_only();

-- The services' role (dispatch_service, created with the cluster by whoever runs it: deploy/local, compose's init script, or the
-- operator; see docs) owns nothing and may read and write rows, but only read and append the audit records. Tables created by
-- later migrations get the same by default; an append-only one revokes what it must in its own migration.
grant select, insert, update, delete on all tables in schema public to dispatch_service;
grant usage, select on all sequences in schema public to dispatch_service;
alter default privileges in schema public grant select, insert, update, delete on tables to dispatch_service;
alter default privileges in schema public grant usage, select on sequences to dispatch_service;
revoke update, delete, truncate, references, trigger on case_audit, admin_changes from dispatch_service;
-- The migrations' own bookkeeping and the record of verifications are not the services' to rewrite.
revoke insert, update, delete on schema_versions from dispatch_service;
revoke update, delete on audit_verifications from dispatch_service;
