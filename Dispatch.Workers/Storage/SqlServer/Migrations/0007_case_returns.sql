-- Who returned a case (退单). Twin of ../../PostgreSql/Migrations/0007_case_returns.sql.
create table case_returns (
    id               bigint            identity(1, 1) not null primary key,
    case_id          uniqueidentifier  not null references cases (id),
    department_code  varchar(32)       not null,
    in_time          bit               not null,
    returned_at      datetimeoffset    not null
);
create index ix_case_returns_case on case_returns (case_id);
