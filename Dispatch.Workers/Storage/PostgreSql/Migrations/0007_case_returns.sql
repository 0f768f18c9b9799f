-- Who returned a case (退单), so the return rate and the response rate count against the department that returned it,
-- not the one the center re-dispatched it to. Twin of ../../SqlServer/Migrations/0007_case_returns.sql.
create table case_returns (
    id               bigint        generated always as identity primary key,
    case_id          uuid          not null references cases (id),
    department_code  varchar(32)   not null,   -- the lead department when it was returned
    in_time          boolean       not null,   -- before the sign-off deadline was breached
    returned_at      timestamptz   not null
);
create index ix_case_returns_case on case_returns (case_id);
