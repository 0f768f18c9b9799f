-- Return visits (回访) as data: what the resolution and satisfaction rates count. Twin of ../../SqlServer/Migrations/0005_return_visits.sql.
create table case_visits (
    id            bigint        generated always as identity primary key,
    case_id       uuid          not null references cases (id),
    attempt       int           not null,   -- 1, 2, ... for this round of visits
    reached       boolean       not null,
    resolved      boolean       null,       -- null when not reached
    satisfaction  varchar(24)   null,       -- satisfied, basically-satisfied, dissatisfied; null when not reached
    comment       text          null,
    department    varchar(32)   null,       -- the lead department the visit judged
    visited_by    varchar(64)   not null,
    visited_at    timestamptz   not null
);
create index ix_case_visits_case on case_visits (case_id);
create index ix_case_visits_visited_at on case_visits (visited_at);
