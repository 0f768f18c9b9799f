-- Direct answers cite knowledge entries, and 改派量 counts what its definition says. Twin of
-- ../../PostgreSql/Migrations/0015_cited_entries_and_redispatches.sql, where the reasons are.
alter table case_audit add knowledge_entry_ids varchar(200) null;

update cases set redispatch_count = 0
where redispatch_count > 0
  and return_count = (select count(*) from case_returns r where r.case_id = cases.id)
  and not exists (select 1 from case_returns r where r.case_id = cases.id and r.department_code <> cases.lead_department_code);
