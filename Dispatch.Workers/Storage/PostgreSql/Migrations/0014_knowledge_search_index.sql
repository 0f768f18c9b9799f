-- The knowledge base's search index: an inverted index of our own (docs/knowledge.md says why not pg_trgm or a Chinese text
-- search parser: neither works here, nor on SQL Server). Twin of ../../SqlServer/Migrations/0014_knowledge_search_index.sql.
-- Derived data: written by the code (Knowledge/KnowledgeIndexWriter) in the same transaction as the entry's change, for published
-- entries only, and rebuilt from the entries whenever needed. Terms are Chinese words (jieba), character bigrams and single
-- characters, and Latin/digit tokens, folded to lower case and half width.

-- Each term with the number of indexed entries that have it (its document frequency, for the IDF of the score). The empty term ''
-- is had by every indexed entry, so its count is the number of entries searched.
create table knowledge_terms (
    term     varchar(32)   not null primary key,
    entries  int           not null
);

-- Which entries have a term, and how strongly: the weight sums the fields it occurs in (keywords and title weigh more than the
-- content), each saturating with repetition. The key leads with the term, so a query reads only its terms' postings, and
-- carries the weight, so it reads them from the index alone.
create table knowledge_postings (
    term      varchar(32)   not null,
    entry_id  bigint        not null,
    weight    real          not null,
    constraint pk_knowledge_postings primary key (term, entry_id) include (weight)
);
-- Re-indexing an entry removes its postings first.
create index ix_knowledge_postings_entry on knowledge_postings (entry_id);

-- Why an entry was returned to draft (or archived): the editor's words, shown with its versions.
alter table knowledge_entry_versions add column reason varchar(500) null;
