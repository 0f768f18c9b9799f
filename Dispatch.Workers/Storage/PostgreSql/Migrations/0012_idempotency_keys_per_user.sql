-- contract: replaces idempotency_keys' primary key. Twin of ../../SqlServer/Migrations/0012_idempotency_keys_per_user.sql.
-- An Idempotency-Key belongs to the user who sent it: another user's key of the same text is another request, and can neither
-- replay nor block theirs. A release before this one keeps working during the upgrade (its rows get actor '' and its insert
-- ignores any conflict), except that its lookup after a clash may see two users' rows for one key: finish the rollout before
-- users start reusing each other's keys.
alter table idempotency_keys add column actor varchar(100) not null default '';
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (operation, actor, idempotency_key);
