-- contract: replaces idempotency_keys' primary key. Twin of ../../PostgreSql/Migrations/0012_idempotency_keys_per_user.sql, where
-- the reasons are. The key was declared without a name: look it up to replace it.
declare @pk sysname = (select name from sys.key_constraints where parent_object_id = object_id('idempotency_keys') and type = 'PK');
exec ('alter table idempotency_keys drop constraint ' + @pk);
alter table idempotency_keys add actor varchar(100) not null constraint df_idempotency_keys_actor default '';
GO
alter table idempotency_keys add constraint pk_idempotency_keys primary key (operation, actor, idempotency_key);
