-- The knowledge base's search index. Twin of ../../PostgreSql/Migrations/0014_knowledge_search_index.sql, where the reasons are.
-- The postings are clustered on (term, entry_id): a query reads its terms' postings, weight included, from one range each.
create table knowledge_terms (
    term     nvarchar(32)  not null primary key,
    entries  int           not null
);

create table knowledge_postings (
    term      nvarchar(32)  not null,
    entry_id  bigint        not null,
    weight    real          not null,
    constraint pk_knowledge_postings primary key clustered (term, entry_id)
);
create index ix_knowledge_postings_entry on knowledge_postings (entry_id);

alter table knowledge_entry_versions add reason nvarchar(500) null;
