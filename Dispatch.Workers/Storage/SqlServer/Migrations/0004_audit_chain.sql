-- The audit trail is append-only and tamper-evident. Twin of ../../PostgreSql/Migrations/0004_audit_chain.sql.

alter table case_audit add hash varchar(64) null;
alter table cases add audit_hash varchar(64) null;
GO
create trigger case_audit_append_only on case_audit instead of update, delete as
begin
    throw 50001, 'case_audit is append-only: updates and deletes are not allowed', 1;
end;
GO
-- Also refuse the statement-level escape hatches to the application's role.
deny alter on object::case_audit to public;
