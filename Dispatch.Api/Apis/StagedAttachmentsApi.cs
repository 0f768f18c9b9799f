using System.ComponentModel;
using Dispatch.Api.Access;
using Dispatch.Api.Attachments;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Limits;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Cases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// Files for a case not filed yet (docs/attachments.md, "Before the case exists"): the caller's photo while the agent is still
/// typing, a grid worker's patrol photos. Checked and made safe exactly as an upload to a case is, then kept for their uploader alone
/// until a filing names them in <c>attachmentIds</c> — the filing attaches them in its own transaction and its audit entry names
/// each — or, never named, removed after Attachments:OrphanGrace.
/// </summary>
public static class StagedAttachmentsApi
{
    public static IEndpointRouteBuilder MapStagedAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/attachments").WithTags(ApiTags.Attachments)
            .RequireAuthorization(p => p.RequireRole([.. CaseAccess.RolesFor(CaseAction.Attach)]));
        files.MapPost("", Stage).WithName("StageAttachment")
            .AcceptsUpload()
            .WithRequestTimeout(RequestLimits.ExportTimeout)
            .WithSummary("Uploads one file for a case you are about to file (multipart/form-data, as POST /api/cases/{number}/attachments): " +
                         "checked and made safe the same way, kept for you alone, and attached by the filing that names it in attachmentIds " +
                         "(POST /api/cases). Not named by a filing within Attachments:OrphanGrace (a day), it is removed.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        files.MapGet("/{id:guid}/content", Content).WithName("DownloadStagedAttachment")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The bytes of a file you uploaded that no filing has named yet (once filed, read it from its case).");
        files.MapGet("/{id:guid}/thumbnail", Thumbnail).WithName("DownloadStagedAttachmentThumbnail")
            .Produces<Stream>(StatusCodes.Status200OK, "image/jpeg")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The thumbnail of a photo you uploaded that no filing has named yet.");
        return app;
    }

    public static async Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> Stage(HttpContext http, IBlobStore blobs,
        StagedAttachments staged, PhotoEncodingGate photos, TimeProvider clock, IOptions<AttachmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        var limits = options.Value;
        var actor = http.User.ToActor();
        // Bounded per person, so a loop that never files cannot fill the volume for a day.
        var waiting = await staged.WaitingAsync(actor.ToString(), http.RequestAborted);
        if (waiting >= limits.MaxStagedPerPerson)
        {
            return AttachmentsApi.Invalid(UploadForm.FileField,
                $"{waiting} of your files wait for a filing already; at most {limits.MaxStagedPerPerson} (Attachments:MaxStagedPerPerson). " +
                "File the case that names them, or wait until they expire.", StatusCodes.Status422UnprocessableEntity);
        }

        var (received, problem) = await UploadedFile.ReceiveAsync(http, actor, blobs, photos, limits);
        if (problem is not null)
        {
            return problem;
        }

        var file = received!;
        await staged.StageAsync(file, actor.ToString(), clock.GetUtcNow(), http.RequestAborted);
        var stored = await staged.FindAsync(file.Id, actor.ToString(), http.RequestAborted);
        return TypedResults.Created($"/api/attachments/{file.Id}/content", StagedView(stored!));
    }

    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Content([Description("The file's id.")] Guid id, HttpContext http,
        StagedAttachments staged, IBlobStore blobs) => SendAsync(id, thumbnail: false, http, staged, blobs);

    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Thumbnail([Description("The file's id.")] Guid id, HttpContext http,
        StagedAttachments staged, IBlobStore blobs) => SendAsync(id, thumbnail: true, http, staged, blobs);

    /// <summary>
    /// Sends a staged file back to the person who uploaded it, and to no one else. Not a personal-data access: it shows its uploader
    /// only what they sent; once a case carries it, every download goes through the case and is logged there.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> SendAsync(Guid id, bool thumbnail, HttpContext http,
        StagedAttachments staged, IBlobStore blobs)
    {
        var file = await staged.FindAsync(id, http.User.ToActor().ToString(), http.RequestAborted);
        var sha256 = thumbnail ? file?.ThumbnailSha256 : file?.Sha256;
        if (file is null || sha256 is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file.",
                detail: file is null
                    ? $"You have no file {id} waiting for a filing (once a case names it, read it from the case)."
                    : thumbnail ? "Only a photo has a thumbnail." : "A recording's link has no bytes here.");
        }

        var content = await blobs.OpenAsync(sha256, http.RequestAborted)
                      ?? throw new InvalidOperationException($"The blob {sha256} of staged attachment {id} is missing from the store.");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, thumbnail ? FileTypes.Jpeg.MediaType : file.MediaType,
            thumbnail ? $"{id}-thumbnail.jpg" : AttachmentsApi.DownloadName(file));
    }

    /// <summary>A staged file as the API shows it: no case yet, read back through /api/attachments.</summary>
    public static AttachmentView StagedView(StoredAttachment file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var at = $"/api/attachments/{file.Id}";
        return new AttachmentView(file.Id, null, file.Kind, file.MediaType, file.SizeBytes, file.Sha256, file.Width, file.Height, file.FileName,
            file.Origin, file.UploadedBy, file.UploadedAt, file.Sha256 is null ? null : at + "/content",
            file.ThumbnailSha256 is null ? null : at + "/thumbnail", false, null, null);
    }
}
