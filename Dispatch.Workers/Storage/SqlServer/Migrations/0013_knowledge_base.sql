-- The knowledge base (知识库). Twin of ../../PostgreSql/Migrations/0013_knowledge_base.sql, where the reasons are.
create table knowledge_entries (
    id                    bigint          identity(1, 1) not null primary key,
    title                 nvarchar(128)   not null,
    content               nvarchar(max)   not null,
    keywords              nvarchar(max)   not null,
    category_code         varchar(6)      not null,
    material_type         varchar(16)     not null,
    department_code       varchar(32)     not null,
    valid_from            date            not null,
    valid_until           date            null,
    status                varchar(16)     not null,
    version               int             not null,
    created_at            datetimeoffset  not null,
    created_by            nvarchar(200)   not null,
    updated_at            datetimeoffset  not null,
    updated_by            nvarchar(200)   not null,
    published_at          datetimeoffset  null,
    expiry_announced_for  date            null,
    constraint uq_knowledge_entries_title unique (title)
);
create index ix_knowledge_entries_department on knowledge_entries (department_code, status);
create index ix_knowledge_entries_expiring on knowledge_entries (valid_until) where status = 'published';

create table knowledge_entry_scopes (
    entry_id   bigint        not null references knowledge_entries (id),
    area_code  varchar(32)   not null,
    primary key (entry_id, area_code)
);

create table knowledge_entry_versions (
    entry_id     bigint          not null references knowledge_entries (id),
    version      int             not null,
    action       varchar(16)     not null,
    status       varchar(16)     not null,
    entry        nvarchar(max)   not null,
    changed_at   datetimeoffset  not null,
    changed_by   nvarchar(200)   not null,
    primary key (entry_id, version)
);

create table knowledge_citations (
    case_id    uniqueidentifier  not null references cases (id),
    entry_id   bigint            not null references knowledge_entries (id),
    cited_at   datetimeoffset    not null,
    cited_by   nvarchar(200)     not null,
    primary key (case_id, entry_id)
);
create index ix_knowledge_citations_entry on knowledge_citations (entry_id, cited_at);
create index ix_knowledge_citations_cited_at on knowledge_citations (cited_at);

create table knowledge_searches (
    id             bigint          identity(1, 1) not null primary key,
    searched_at    datetimeoffset  not null,
    role           varchar(16)     not null,
    query          nvarchar(200)   not null,
    category_code  varchar(6)      null,
    area_code      varchar(32)     null,
    results        int             not null
);
create index ix_knowledge_searches_searched_at on knowledge_searches (searched_at);
GO
create trigger knowledge_entry_versions_append_only on knowledge_entry_versions instead of update, delete as
begin
    throw 50001, 'knowledge_entry_versions is append-only: updates and deletes are not allowed', 1;
end;
GO
deny alter on object::knowledge_entry_versions to public;
GO
-- Append-only for the services too (migration 0010's role); nothing of the knowledge base is deleted.
deny update, delete, alter, references on object::knowledge_entry_versions to dispatch_service;
deny delete on object::knowledge_entries to dispatch_service;
deny delete on object::knowledge_citations to dispatch_service;
