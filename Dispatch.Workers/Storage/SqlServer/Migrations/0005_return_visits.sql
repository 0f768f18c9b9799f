-- Return visits (回访) as data. Twin of ../../PostgreSql/Migrations/0005_return_visits.sql.
create table case_visits (
    id            bigint           identity(1, 1) not null primary key,
    case_id       uniqueidentifier not null references cases (id),
    attempt       int              not null,
    reached       bit              not null,
    resolved      bit              null,
    satisfaction  varchar(24)      null,
    comment       nvarchar(max)    null,
    department    varchar(32)      null,
    visited_by    nvarchar(64)     not null,
    visited_at    datetimeoffset   not null
);
create index ix_case_visits_case on case_visits (case_id);
create index ix_case_visits_visited_at on case_visits (visited_at);
