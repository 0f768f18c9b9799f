-- Files on a case (attachments). Twin of ../../PostgreSql/Migrations/0018_case_attachments.sql, where the reasons are.
create table case_attachments (
    id                uniqueidentifier not null primary key nonclustered,
    case_id           uniqueidentifier null references cases (id),
    sha256            char(64)         null,
    media_type        varchar(64)      not null,
    kind              varchar(16)      not null,
    size_bytes        bigint           not null,
    width             int              null,
    height            int              null,
    thumbnail_sha256  char(64)         null,
    file_name         nvarchar(200)    null,
    recording_id      varchar(100)     null,
    origin            varchar(16)      not null,
    uploaded_by       nvarchar(64)     not null,
    uploaded_at       datetimeoffset   not null,
    attached_seq      int              null,
    cited_seq         int              null,
    cited_action      varchar(32)      null,
    released_at       datetimeoffset   null,
    released_by       nvarchar(64)     null
);
create clustered index ix_case_attachments_case on case_attachments (case_id, uploaded_at);
create index ix_case_attachments_sha256 on case_attachments (sha256);
create index ix_case_attachments_thumbnail on case_attachments (thumbnail_sha256) where thumbnail_sha256 is not null;
create index ix_case_attachments_staged on case_attachments (uploaded_at) where case_id is null;
