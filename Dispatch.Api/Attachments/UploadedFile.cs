using Dispatch.Api.Apis;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Api.Attachments;

/// <summary>
/// One upload made ready to attach, the same way for a case's file and for a file staged before its case is filed: the form read
/// within the size limit, its origin settled, a recording's link taken as it is, any other file checked and made safe (a photo
/// re-encoded) and its bytes stored. The bytes are stored before the row that names them commits: a change that fails leaves a
/// blob nothing names (housekeeping removes it after Attachments:OrphanGrace), never a row naming a missing blob.
/// </summary>
internal static class UploadedFile
{
    public static async Task<(NewAttachment? File, ProblemHttpResult? Problem)> ReceiveAsync(HttpContext http, Actor actor, IBlobStore blobs,
        PhotoEncodingGate photos, AttachmentOptions limits)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.MaxFileBytes + AttachmentsApi.FormOverheadBytes;
        }

        var read = await UploadForm.ReadAsync(http.Request, limits.MaxFileBytes, http.RequestAborted);
        if (read.FieldProblem is { } field)
        {
            return (null, AttachmentsApi.Invalid(field.Field, field.Problem,
                field.Field == UploadForm.ContentTypeField ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status400BadRequest));
        }

        if (read.FileProblem is { } formProblem)
        {
            return (null, AttachmentsApi.Refused(formProblem, limits));
        }

        var form = read.Form!;
        // A recording is the caller's voice, whoever links it.
        var origin = form.Origin ?? (actor.Role == Roles.Agent || form.RecordingId is not null ? AttachmentOrigins.Caller : AttachmentOrigins.Staff);
        if (!AttachmentOrigins.All.Contains(origin))
        {
            return (null, AttachmentsApi.Invalid(UploadForm.OriginField, $"'{origin}' is not one of: {string.Join(", ", AttachmentOrigins.All)}."));
        }

        if (form.RecordingId is { } recordingId)
        {
            // A link: the telephony system keeps the recording; nothing is stored here but its id.
            return (new NewAttachment(Guid.CreateVersion7(), null, AttachmentsApi.RecordingLinkMediaType, AttachmentKinds.RecordingLink, 0, null, null,
                null, null, recordingId, origin), null);
        }

        var prepared = await photos.PrepareAsync(form.File!, form.FileName, http.RequestAborted);
        if (prepared.Problem is { } fileProblem)
        {
            return (null, AttachmentsApi.Refused(fileProblem, limits));
        }

        var file = prepared.File!;
        var sha256 = await blobs.PutAsync(file.Bytes, http.RequestAborted);
        var thumbnail = file.Thumbnail is null ? null : await blobs.PutAsync(file.Thumbnail, http.RequestAborted);
        return (new NewAttachment(Guid.CreateVersion7(), sha256, file.Type.MediaType, file.Type.Kind, file.Bytes.LongLength, file.Width, file.Height,
            thumbnail, file.FileName, null, origin), null);
    }
}
