using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Dispatch.Api.Access;
using Dispatch.Api.Attachments;
using Dispatch.Api.Limits;
using Dispatch.Api.OpenApi;
using Dispatch.Api.Privacy;
using Dispatch.Api.Validation;
using Dispatch.Workers.Access;
using Dispatch.Workers.Attachments;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dispatch.Api.Apis;

/// <summary>
/// Files on a case (docs/attachments.md): one file per upload, multipart, checked and made safe before anything is stored (type from
/// the bytes, a photo re-encoded without its metadata and thumbnailed), its bytes put in the blob store, then attached by an audited
/// action of its own (<c>attach</c>) through the one path every change of a case takes. Downloads go through here only, under the
/// case's visibility, and a citizen's file downloaded is a personal-data access.
/// </summary>
public static class AttachmentsApi
{
    public const string AttachOperation = "attachments";

    /// <summary>What a multipart body may add around its file: boundaries, part headers, the short fields.</summary>
    internal const long FormOverheadBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/cases/{number}/attachments").WithTags(ApiTags.Attachments).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        files.MapPost("", Upload).WithName("UploadAttachment")
            .AcceptsUpload()
            .WithRequestTimeout(RequestLimits.ExportTimeout)
            .WithSummary("Attaches one file to the case (multipart/form-data, the part 'file'; 'origin' caller or staff): a JPEG, PNG, WebP or " +
                         "(where decodable) HEIC photo — stored re-encoded, its metadata stripped, with a thumbnail —, a PDF, or an MP3, WAV, AMR or " +
                         "M4A recording, its type read from its bytes. An audited action ('attach'); answers the file's id, type, size and SHA-256. " +
                         "Name it in a note, a reply or a return visit with attachmentIds.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        files.MapGet("", List).WithName("ListAttachments")
            .WithSummary("The files on the case you may see, oldest first (a department does not see a confidential caller's own files unless the " +
                         "center released them).");
        files.MapGet("/{id:guid}/content", Content).WithName("DownloadAttachment")
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .WithSummary("The file's bytes (a photo as stored: re-encoded, without metadata). A citizen's file is recorded in the personal-data access log.");
        files.MapPost("/{id:guid}/release", Release).WithName("ReleaseAttachment")
            .RequireAuthorization(p => p.RequireRole([.. CaseAccess.RolesFor(CaseAction.ReleaseAttachment)]))
            .WithSummary("Releases a confidential caller's own file (a photo they sent, their recording) to the departments that see the case, " +
                         "which otherwise never see it: an audited action ('release-attachment'), with an optional {\"note\"} saying why. " +
                         "A file offers it where mayRelease is true.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        files.MapGet("/{id:guid}/thumbnail", Thumbnail).WithName("DownloadAttachmentThumbnail")
            .Produces<Stream>(StatusCodes.Status200OK, "image/jpeg")
            .WithSummary("A photo's thumbnail (JPEG, at most Attachments:ThumbnailSize pixels a side). A citizen's is recorded in the personal-data access log.");
        return app;
    }

    public static async Task<Results<Created<AttachmentView>, Ok<AttachmentView>, ValidationProblem, ProblemHttpResult>> Upload(
        [AsParameters] CaseActionTarget target, HttpContext http, ActionContext actions, IBlobStore blobs, CaseAttachments attachments,
        CaseQueries cases, CatalogueStore catalogues, PhotoEncodingGate photos, IOptions<AttachmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(http);
        var limits = options.Value;
        var number = target.Number;
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        var key = target.IdempotencyKey ?? "";
        if (key.Length > 0 && !CasesApi.IsValidIdempotencyKey(key))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [CasesApi.IdempotencyKeyHeader] = ["1 to 100 visible ASCII characters, e.g. a UUID."] },
                title: "Nothing was stored: some fields are invalid.");
        }

        var actor = http.User.ToActor();
        // Whether the file could be attached at all, before it is read or stored: a refused upload stores nothing.
        var current = await cases.FindByNumberAsync(number, http.RequestAborted);
        var catalogue = await catalogues.GetAsync(http.RequestAborted);
        if (current is null || !CaseAccess.CanSee(actor, current, catalogue))
        {
            return CasesApi.UnknownNumber(number);
        }

        if (Refusal(actor, current, catalogue) is { } early)
        {
            return await actions.RefusalAsync(early, actor, number);
        }

        if (await attachments.CountAsync(current.Id, http.RequestAborted) is var count && count >= limits.MaxPerCase)
        {
            // The same answer the change itself gives (CaseChanges), which counts again under the case's version check.
            return await actions.RefusalAsync(new ActOutcome.Invalid(UploadForm.FileField,
                $"The case carries {count} files already; at most {limits.MaxPerCase} (Attachments:MaxPerCase)."), actor, number);
        }

        var (attachment, problem) = await UploadedFile.ReceiveAsync(http, actor, blobs, photos, limits);
        if (problem is not null)
        {
            return problem;
        }

        return await AttachAsync(http, actions, attachments, number, actor, key, limits, attachment!);
    }

    /// <summary>The media type a link to a recording is listed with: not a file's, since no bytes are kept.</summary>
    public const string RecordingLinkMediaType = "application/vnd.dispatch.recording-link";

    /// <summary>Runs the attach change for <paramref name="attachment"/> (its bytes, if any, already stored) and answers it.</summary>
    private static async Task<Results<Created<AttachmentView>, Ok<AttachmentView>, ValidationProblem, ProblemHttpResult>> AttachAsync(HttpContext http,
        ActionContext actions, CaseAttachments attachments, string number, Actor actor, string key, AttachmentOptions limits, NewAttachment attachment)
    {
        var command = new CaseCommand.Attach(attachment, limits.MaxPerCase);
        var claim = key.Length == 0 ? null : new IdempotencyClaim(key, Hash(actor, number, attachment));
        var (outcome, lostRace) = await actions.RunAsync(number, actor, command, claim);
        if (lostRace is not null)
        {
            return lostRace;
        }

        switch (outcome)
        {
            case ActOutcome.Done done:
                var stored = await attachments.FindAsync(done.Case.Id, attachment.Id, http.RequestAborted);
                return TypedResults.Created($"/api/cases/{number}/attachments/{attachment.Id}", AttachmentView.Of(number, stored!));
            case ActOutcome.Replayed replayed:
                // The same file, by the same person, under the same key: the one attached the first time.
                var earlier = (await attachments.ForCaseAsync(replayed.Case.Id, http.RequestAborted))
                    .LastOrDefault(a => a.Sha256 == attachment.Sha256 && a.RecordingId == attachment.RecordingId && a.UploadedBy == actor.ToString());
                return earlier is null ? CasesApi.UnknownNumber(number) : TypedResults.Ok(AttachmentView.Of(number, earlier));
            default:
                return await actions.RefusalAsync(outcome!, actor, number);
        }
    }

    public static async Task<Results<Ok<AttachmentView>, ValidationProblem, ProblemHttpResult>> Release(
        [AsParameters] CaseActionTarget target, [Description("The file's id.")] Guid id, ReleaseRequest? request, HttpContext http, ActionContext actions,
        CaseAttachments attachments)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(http);
        if (!CaseNumber.IsWellFormed(target.Number))
        {
            return CasesApi.MalformedNumber();
        }

        var fields = new Fields();
        var note = fields.Text("note", request?.Note, CaseActionsApi.NoteMaxLength, required: false, allowLineBreaks: true);
        if (!fields.Ok)
        {
            return TypedResults.ValidationProblem(fields.Errors, title: "Nothing was released: some fields are invalid.");
        }

        var actor = http.User.ToActor();
        var (outcome, lostRace) = await actions.RunAsync(target.Number, actor,
            new CaseCommand.ReleaseAttachment(id, string.IsNullOrWhiteSpace(note) ? null : note), null);
        if (lostRace is not null)
        {
            return lostRace;
        }

        if (outcome is ActOutcome.Done done && await attachments.FindAsync(done.Case.Id, id, http.RequestAborted) is { } released)
        {
            return TypedResults.Ok(AttachmentView.Of(target.Number, released));
        }

        return await actions.RefusalAsync(outcome!, actor, target.Number);
    }

    public static async Task<Results<Ok<IReadOnlyList<AttachmentView>>, ValidationProblem, ProblemHttpResult>> List(
        [Description("The case number.")] string number, HttpContext http, CaseQueries cases, CatalogueStore catalogues, CaseAttachments attachments)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        var actor = http.User.ToActor();
        var current = await cases.FindByNumberAsync(number, http.RequestAborted);
        if (current is null || !CaseAccess.CanSee(actor, current, await catalogues.GetAsync(http.RequestAborted)))
        {
            return CasesApi.UnknownNumber(number);
        }

        var files = await attachments.ForCaseAsync(current.Id, http.RequestAborted);
        return TypedResults.Ok<IReadOnlyList<AttachmentView>>([.. files.Where(f => AttachmentAccess.MaySee(actor, current, f))
            .Select(f => AttachmentView.Of(number, f, AttachmentAccess.MayRelease(actor, current, f)))]);
    }

    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Content(
        [Description("The case number.")] string number, [Description("The file's id.")] Guid id, HttpContext http, CaseQueries cases,
        CatalogueStore catalogues, CaseAttachments attachments, IBlobStore blobs, PersonalDataAccessRecorder accesses) =>
        SendAsync(number, id, thumbnail: false, http, cases, catalogues, attachments, blobs, accesses);

    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Thumbnail(
        [Description("The case number.")] string number, [Description("The file's id.")] Guid id, HttpContext http, CaseQueries cases,
        CatalogueStore catalogues, CaseAttachments attachments, IBlobStore blobs, PersonalDataAccessRecorder accesses) =>
        SendAsync(number, id, thumbnail: true, http, cases, catalogues, attachments, blobs, accesses);

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> SendAsync(string number, Guid id, bool thumbnail,
        HttpContext http, CaseQueries cases, CatalogueStore catalogues, CaseAttachments attachments, IBlobStore blobs, PersonalDataAccessRecorder accesses)
    {
        if (!CaseNumber.IsWellFormed(number))
        {
            return CasesApi.MalformedNumber();
        }

        var actor = http.User.ToActor();
        var current = await cases.FindByNumberAsync(number, http.RequestAborted);
        if (current is null || !CaseAccess.CanSee(actor, current, await catalogues.GetAsync(http.RequestAborted)))
        {
            return CasesApi.UnknownNumber(number);
        }

        var file = await attachments.FindAsync(current.Id, id, http.RequestAborted);
        var sha256 = thumbnail ? file?.ThumbnailSha256 : file?.Sha256;
        if (file is null || !AttachmentAccess.MaySee(actor, current, file) || sha256 is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such file.",
                detail: thumbnail && file is not null && file.ThumbnailSha256 is null
                    ? "Only a photo has a thumbnail."
                    : $"Case {number} has no file {id} you may see.");
        }

        // Recorded before a byte is sent, as every answer that shows a citizen's data is (docs/privacy.md).
        var endpoint = thumbnail ? PersonalDataEndpoints.AttachmentThumbnail : PersonalDataEndpoints.DownloadAttachment;
        if (file.IsCallers && await accesses.RecordCaseAsync(actor, endpoint, number, "Nothing was sent. Try again in a few seconds.", http.RequestAborted)
                is { } unrecorded)
        {
            return unrecorded;
        }

        var content = await blobs.OpenAsync(sha256, http.RequestAborted);
        if (content is null)
        {
            throw new InvalidOperationException($"The blob {sha256} of attachment {id} of case {number} is missing from the store.");
        }

        // Never rendered by the browser as a page of this site: served as what its bytes are, not sniffed, and as a download.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var name = thumbnail ? $"{id}-thumbnail.jpg" : DownloadName(file);
        return TypedResults.File(content, thumbnail ? FileTypes.Jpeg.MediaType : file.MediaType, name,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{sha256}\""));
    }

    /// <summary>The name a download is offered under: as it was sent, or the file's id, with the extension of what its bytes are.</summary>
    internal static string DownloadName(StoredAttachment file)
    {
        var extension = FileTypes.All.FirstOrDefault(t => t.MediaType == file.MediaType)?.Extension ?? ".bin";
        var stem = file.FileName is null ? file.Id.ToString() : Path.GetFileNameWithoutExtension(file.FileName);
        return stem + extension;
    }

    /// <summary>What refuses an attachment before its file is read: the person's role or department, the case's state, the case's count.</summary>
    private static ActOutcome? Refusal(Actor actor, Case current, Dispatch.Workers.Catalogue.Catalogue catalogue) =>
        CaseAccess.Refusal(actor, current, CaseAction.Attach, catalogue) is { } forbidden ? new ActOutcome.Forbidden(forbidden)
        : CaseLifecycle.Decide(current.Status, CaseAction.Attach) is CaseDecision.Refused refused ? new ActOutcome.Refused(current, refused)
        : null;

    internal static ProblemHttpResult Refused(FileProblem problem, AttachmentOptions limits)
    {
        var (status, title) = problem.Kind switch
        {
            FileProblemKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "The file is too large."),
            FileProblemKind.Unsupported => (StatusCodes.Status415UnsupportedMediaType, "This kind of file is not accepted."),
            FileProblemKind.Disguised => (StatusCodes.Status415UnsupportedMediaType, "The file is not what its name says."),
            FileProblemKind.NotDecodable => (StatusCodes.Status415UnsupportedMediaType, "This photo cannot be read here."),
            FileProblemKind.Truncated => (StatusCodes.Status400BadRequest, "The file is incomplete."),
            FileProblemKind.Damaged => (StatusCodes.Status400BadRequest, "The file cannot be read."),
            FileProblemKind.Empty => (StatusCodes.Status400BadRequest, "The file is empty."),
            FileProblemKind.BadName => (StatusCodes.Status400BadRequest, "The file name is not a plain name."),
            _ => (StatusCodes.Status400BadRequest, "The request carries no file, or more than one."),
        };
        var detail = problem.Kind == FileProblemKind.TooLarge ? FileIntake.TooLarge(limits) : problem.Detail;
        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [UploadForm.FileField] = [detail] })
        {
            Status = status, Title = "Nothing was stored: " + char.ToLowerInvariant(title[0]) + title[1..], Detail = detail,
            Extensions = { ["problem"] = problem.Kind.ToString() },
        });
    }

    internal static ProblemHttpResult Invalid(string field, string problem, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [problem] })
        {
            Status = status, Title = "Nothing was stored: some fields are invalid.",
        });

    // The actor, the case and the file's content: a retry of the same upload under the same key does nothing twice.
    private static string Hash(Actor actor, string number, NewAttachment file) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{actor}\n{number}\n{AttachOperation}\n{file.Sha256}\n{file.RecordingId}\n{file.Origin}\n{file.FileName}")));
}

/// <summary>A file on a case, as the API shows it.</summary>
public sealed record AttachmentView(
    Guid Id,
    [property: Description("The case that carries it; null for a file uploaded for a case not filed yet (POST /api/attachments).")] string? CaseNumber,
    [property: Description("photo, document, audio or recording-link")] string Kind,
    [property: Description("What the bytes are (decided from them): image/jpeg, image/png, image/webp, application/pdf, audio/mpeg, ...")] string MediaType,
    [property: Description("Bytes as stored (a photo re-encoded).")] long Size,
    [property: Description("SHA-256 of the stored bytes, lower-case hex.")] string? Sha256,
    int? Width,
    int? Height,
    string? FileName,
    [property: Description("caller or staff")] string Origin,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    [property: Description("Where to download it (GET).")] string? ContentUrl,
    [property: Description("A photo's thumbnail (GET); null for other files.")] string? ThumbnailUrl,
    [property: Description("A confidential caller's file the center released to the departments.")] bool Released,
    [property: Description("The action that names it as its evidence (add-note, assist-reply, reply, a return visit's), if one does.")] string? CitedBy,
    [property: Description("That action's row in the case's history (seq).")] int? CitedSeq,
    [property: Description("Whether you may release it to the departments now (POST .../release): a confidential caller's own file, to the center.")] bool MayRelease = false)
{
    public static AttachmentView Of(string number, StoredAttachment file, bool mayRelease = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        var at = $"/api/cases/{number}/attachments/{file.Id}";
        return new AttachmentView(file.Id, number, file.Kind, file.MediaType, file.SizeBytes, file.Sha256, file.Width, file.Height, file.FileName,
            file.Origin, file.UploadedBy, file.UploadedAt, file.Sha256 is null ? null : at + "/content",
            file.ThumbnailSha256 is null ? null : at + "/thumbnail", file.ReleasedAt is not null, file.CitedAction, file.CitedSeq, mayRelease);
    }
}

/// <summary>Why a confidential caller's file is released (optional).</summary>
public sealed record ReleaseRequest([property: Description("Why the departments need it; at most 2000 characters.")] string? Note);
