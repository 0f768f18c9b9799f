-- Rectification photos (整改照片) as policy: an SLA policy may require the department's reply to name at least one photo of what
-- was put right, uploaded to the case (docs/attachments.md, "Rectification photos"). Twin of
-- ../../SqlServer/Migrations/0020_rectification_photos.sql. Expand-only: a column with a default; the running version ignores it.
alter table sla_policies add column rectification_photos boolean not null default false;
