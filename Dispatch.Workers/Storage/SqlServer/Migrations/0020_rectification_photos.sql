-- Rectification photos as policy. Twin of ../../PostgreSql/Migrations/0020_rectification_photos.sql, where the reasons are.
alter table sla_policies add rectification_photos bit not null constraint df_sla_policies_rectification_photos default 0;
