-- People sign in to the console with a password and hold a session in a cookie. Twin of
-- ../../SqlServer/Migrations/0017_passwords_and_sessions.sql.

-- A user's password, as ASP.NET Core Identity's PasswordHasher writes it (format V3: PBKDF2 with HMAC-SHA512, a random salt and
-- the iteration count inside the value): never the password. A user without a row cannot sign in with a password; bearer
-- tokens are unaffected. Set and reset by administrators (recorded in admin_changes without the password).
create table user_passwords (
    username       varchar(64)    primary key references users (username),
    password_hash  varchar(256)   not null,
    set_at         timestamptz    not null,
    set_by         varchar(200)   not null     -- as audit rows name people: role:username[@department], or the demo command
);

-- The console's sessions. The cookie holds a random secret; only its SHA-256 is stored, so the table cannot be turned back into
-- cookies. A session ends when signed out (ended_at), when idle past Session:IdleTimeout (now - last_seen_at, refreshed at
-- most once a minute) or at expires_at (Session:Lifetime after sign-in). Each sign-in deletes its user's sessions that expired,
-- which keeps the table to about one day's sign-ins.
create table user_sessions (
    session_hash   varchar(64)    primary key,
    username       varchar(64)    not null references users (username),
    started_at     timestamptz    not null,
    last_seen_at   timestamptz    not null,
    expires_at     timestamptz    not null,
    ended_at       timestamptz    null
);
create index ix_user_sessions_username on user_sessions (username);
