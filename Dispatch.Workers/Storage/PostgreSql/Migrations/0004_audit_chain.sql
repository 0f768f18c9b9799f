-- The audit trail is append-only and tamper-evident. Twin of ../../SqlServer/Migrations/0004_audit_chain.sql.
-- Each row carries the SHA-256 of its content chained to the previous row of the same case (AuditChain.cs);
-- the case row keeps the last hash so appending needs no extra read. Rows written before this migration
-- have no hash; the chain starts at the first row that has one.

alter table case_audit add column hash varchar(64) null;
alter table cases add column audit_hash varchar(64) null;

create function case_audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'case_audit is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger case_audit_append_only
    before update or delete on case_audit
    for each row execute function case_audit_is_append_only();

create trigger case_audit_no_truncate
    before truncate on case_audit
    for each statement execute function case_audit_is_append_only();
