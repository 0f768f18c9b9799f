-- Direct answers cite knowledge entries, and 改派量 counts what its definition says. Twin of
-- ../../SqlServer/Migrations/0015_cited_entries_and_redispatches.sql.

-- The knowledge entries a direct answer (直接办结) cited, on its audit row: their ids joined by commas (at most 10), as the row was
-- sealed; null when none. Every row written before has none, and the chain seals this column only when it holds something
-- (Cases/AuditChain.cs), so their seals do not change. knowledge_citations (0013) keeps one row per cited entry for the report.
alter table case_audit add column knowledge_entry_ids varchar(200) null;

-- 改派量 (redispatch_count > 0) is "cases the center sent to another department at least once", but until now every re-dispatch
-- counted, one back to the department that returned the case too. CaseChangeWriter now counts a re-dispatch only when the lead
-- department changes. For the cases before, the returns tell: the lead changes only by a re-dispatch, which follows a return
-- recorded (case_returns) for the lead of the time, so a case was sent to another department at least once exactly when a
-- department that returned it is not the one leading it now. Only cases whose every return is recorded are corrected (returns
-- before migration 0007 were counted but not recorded); a count above 1 may still include a re-dispatch to the same department.
update cases set redispatch_count = 0
where redispatch_count > 0
  and return_count = (select count(*) from case_returns r where r.case_id = cases.id)
  and not exists (select 1 from case_returns r where r.case_id = cases.id and r.department_code <> cases.lead_department_code);
