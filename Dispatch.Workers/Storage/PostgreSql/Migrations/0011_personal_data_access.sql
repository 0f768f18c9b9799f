-- Citizens' data and who saw it. Twin of ../../SqlServer/Migrations/0011_personal_data_access.sql.
-- personal_data_access: one row per case per answer that showed its caller's name or phone unmasked (Privacy/PersonalDataAccessLog.cs),
-- written before the answer is given. It holds no caller data itself: who, when, through which endpoint, which case. Append-only,
-- as case_audit is (0004_audit_chain.sql).
create table personal_data_access (
    id           bigint        generated always as identity primary key,
    accessed_at  timestamptz   not null,
    actor        varchar(200)  not null,   -- as audit rows name people: role:username[@department]
    username     varchar(64)   not null,
    role         varchar(16)   not null,
    endpoint     varchar(64)   not null,   -- GetCase, LookUpCaller, CaseAction:sign, ...
    case_number  varchar(20)   not null,
    cases_shown  int           null        -- a caller lookup: how many cases its answer listed
);
create index ix_personal_data_access_accessed_at on personal_data_access (accessed_at);
create index ix_personal_data_access_case on personal_data_access (case_number, accessed_at);
create index ix_personal_data_access_username on personal_data_access (username, accessed_at);

create function personal_data_access_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'personal_data_access is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger personal_data_access_append_only
    before update or delete on personal_data_access
    for each row execute function personal_data_access_is_append_only();

create trigger personal_data_access_no_truncate
    before truncate on personal_data_access
    for each statement execute function personal_data_access_is_append_only();

-- Retention (Privacy/CallerDataRetention.cs): when a closed case's caller name, phone and visit comments were removed. The partial
-- index holds the closed cases still waiting for it, oldest closing first; a case leaves it once anonymised, so the job's claim
-- reads only what is due.
alter table cases add column caller_anonymised_at timestamptz null;
create index ix_cases_caller_retention on cases (closed_at) where status = 'closed' and caller_anonymised_at is null;

-- Append-only for the services too: no privilege to rewrite it (migration 0010 gives them the rest by default).
revoke update, delete, truncate, references, trigger on personal_data_access from dispatch_service;
