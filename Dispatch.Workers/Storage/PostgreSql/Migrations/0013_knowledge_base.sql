-- The knowledge base (知识库): what agents answer on the call. Twin of ../../SqlServer/Migrations/0013_knowledge_base.sql.
-- knowledge_entries holds each entry as it is now; knowledge_entry_versions every state it has had (append-only: nothing
-- is deleted, every change has who and when). How entries are searched is the search's own migration.
create table knowledge_entries (
    id                    bigint         generated always as identity primary key,
    title                 varchar(128)   not null,
    content               text           not null,    -- the answer, at most 20,000 characters (checked by the API)
    keywords              text           not null,    -- a JSON array of strings, each at most 20 characters: the callers' words
    category_code         varchar(6)     not null,    -- a leaf of the catalogue
    material_type         varchar(16)    not null,    -- guide, policy, hot-qa, notice
    department_code       varchar(32)    not null,    -- the owning department
    valid_from            date           not null,
    valid_until           date           null,        -- null: until archived
    status                varchar(16)    not null,    -- draft, in-review, published, archived
    version               int            not null,
    created_at            timestamptz    not null,
    created_by            varchar(200)   not null,    -- as audit rows name people: role:username[@department]
    updated_at            timestamptz    not null,
    updated_by            varchar(200)   not null,
    published_at          timestamptz    null,
    expiry_announced_for  date           null,        -- the valid_until a KnowledgeEntryExpiring was published for: once per expiry
    constraint uq_knowledge_entries_title unique (title)
);
create index ix_knowledge_entries_department on knowledge_entries (department_code, status);
create index ix_knowledge_entries_expiring on knowledge_entries (valid_until) where status = 'published';

-- The areas an entry answers for (its scope): the district by default; an entry is in scope for a case's area when one of
-- these is that area or above it.
create table knowledge_entry_scopes (
    entry_id   bigint        not null references knowledge_entries (id),
    area_code  varchar(32)   not null,
    primary key (entry_id, area_code)
);

create table knowledge_entry_versions (
    entry_id     bigint         not null references knowledge_entries (id),
    version      int            not null,
    action       varchar(16)    not null,    -- created, edited, submitted, published, returned, archived, imported
    status       varchar(16)    not null,    -- the status after the change
    entry        text           not null,    -- the whole entry after the change, as JSON
    changed_at   timestamptz    not null,
    changed_by   varchar(200)   not null,
    primary key (entry_id, version)
);

-- The entries an agent cited when answering a case directly (the audit row names them too); what the usage report counts.
create table knowledge_citations (
    case_id    uuid           not null references cases (id),
    entry_id   bigint         not null references knowledge_entries (id),
    cited_at   timestamptz    not null,
    cited_by   varchar(200)   not null,
    primary key (case_id, entry_id)
);
create index ix_knowledge_citations_entry on knowledge_citations (entry_id, cited_at);
create index ix_knowledge_citations_cited_at on knowledge_citations (cited_at);

-- Searches as asked, with how many entries they found: the usage report lists the ones that found nothing. No caller data:
-- the query text is what the agent typed. Kept as long as Housekeeping:KnowledgeSearchesKeptFor says.
create table knowledge_searches (
    id             bigint         generated always as identity primary key,
    searched_at    timestamptz    not null,
    role           varchar(16)    not null,
    query          varchar(200)   not null,
    category_code  varchar(6)     null,
    area_code      varchar(32)    null,
    results        int            not null
);
create index ix_knowledge_searches_searched_at on knowledge_searches (searched_at);

create function knowledge_entry_versions_are_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'knowledge_entry_versions is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger knowledge_entry_versions_append_only
    before update or delete on knowledge_entry_versions
    for each row execute function knowledge_entry_versions_are_append_only();

create trigger knowledge_entry_versions_no_truncate
    before truncate on knowledge_entry_versions
    for each statement execute function knowledge_entry_versions_are_append_only();

-- Append-only for the services too (migration 0010 gives them the rest by default); nothing of the knowledge base is deleted.
revoke update, delete, truncate, references, trigger on knowledge_entry_versions from dispatch_service;
revoke delete, truncate on knowledge_entries, knowledge_citations from dispatch_service;
