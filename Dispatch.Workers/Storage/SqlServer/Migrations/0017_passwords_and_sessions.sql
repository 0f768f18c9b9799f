-- Passwords and console sessions. Twin of ../../PostgreSql/Migrations/0017_passwords_and_sessions.sql, where the reasons are.
create table user_passwords (
    username       varchar(64)     not null primary key references users (username),
    password_hash  varchar(256)    not null,
    set_at         datetimeoffset  not null,
    set_by         nvarchar(200)   not null
);

create table user_sessions (
    session_hash   varchar(64)     not null primary key,
    username       varchar(64)     not null references users (username),
    started_at     datetimeoffset  not null,
    last_seen_at   datetimeoffset  not null,
    expires_at     datetimeoffset  not null,
    ended_at       datetimeoffset  null
);
create index ix_user_sessions_username on user_sessions (username);
