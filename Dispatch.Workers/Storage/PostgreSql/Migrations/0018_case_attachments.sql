-- Files on a case (attachments): photos, PDFs, call recordings, a link to the telephony system's recording. Twin of
-- ../../SqlServer/Migrations/0018_case_attachments.sql. Expand-only: a new table; the running version ignores it.
-- The bytes live outside the database, in a content-addressed blob store (Attachments/IBlobStore.cs, a filesystem volume by
-- default): a row names its file by the SHA-256 of the bytes stored (a photo's re-encoded bytes, its metadata stripped) and its
-- thumbnail's. The blob is written before the transaction that inserts the row commits, so no committed row names a missing file;
-- a blob no row names (a rolled-back upload) is removed by the Api's housekeeping after Attachments:OrphanGrace.
-- Each row is inserted by the case change that attaches it (action 'attach', CaseChangeWriter), with the audit row of that change
-- (attached_seq), whose reason names the file's id and SHA-256 and is sealed onto the case's chain.
create table case_attachments (
    id                uuid          primary key,
    -- null: uploaded before the intake that will name it (kept Attachments:OrphanGrace, then removed by housekeeping).
    case_id           uuid          null references cases (id),
    sha256            char(64)      null,       -- null only for a link to a recording the telephony system keeps
    media_type        varchar(64)   not null,   -- as decided from the bytes: image/jpeg, image/png, image/webp, application/pdf, audio/...
    kind              varchar(16)   not null,   -- photo, document, audio, recording-link
    size_bytes        bigint        not null,   -- of the stored bytes
    width             int           null,       -- a photo's, as stored
    height            int           null,
    thumbnail_sha256  char(64)      null,       -- a photo's thumbnail (JPEG)
    file_name         varchar(200)  null,       -- as sent, a name without a path; shown, never used to find the file
    recording_id      varchar(100)  null,       -- the telephony system's id of a call recording
    origin            varchar(16)   not null,   -- caller (a citizen's file: its downloads are personal-data accesses) or staff
    uploaded_by       varchar(64)   not null,   -- as audit rows name people
    uploaded_at       timestamptz   not null,
    attached_seq      int           null,       -- the case_audit row (seq) that attached it
    cited_seq         int           null,       -- the action (a note, a reply, a return visit...) whose evidence it is
    cited_action      varchar(32)   null,
    released_at       timestamptz   null,       -- a confidential caller's file the center released to the departments
    released_by       varchar(64)   null
);
create index ix_case_attachments_case on case_attachments (case_id, uploaded_at);
-- Housekeeping asks, per blob it found on the volume, whether any row names it.
create index ix_case_attachments_sha256 on case_attachments (sha256);
create index ix_case_attachments_thumbnail on case_attachments (thumbnail_sha256) where thumbnail_sha256 is not null;
create index ix_case_attachments_staged on case_attachments (uploaded_at) where case_id is null;
