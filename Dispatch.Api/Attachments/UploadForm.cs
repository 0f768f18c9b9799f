using Dispatch.Workers.Attachments;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Api.Attachments;

/// <summary>
/// Reads an upload's multipart/form-data body as it streams in, by hand rather than through form binding: exactly one part named
/// <c>file</c>, read no further than the limit allows (a 2 GB body is refused after 10 MB, not buffered to disk first), and the short
/// text fields beside it. What it cannot accept is a <see cref="FileProblem"/> or a field's problem, never an exception.
/// </summary>
public sealed record UploadForm(byte[]? File, string? FileName, string? Origin, string? RecordingId)
{
    public const string FileField = "file";
    public const string RecordingIdField = "recordingId";
    public const string OriginField = "origin";

    /// <summary>The "field" a problem with the body's Content-Type names (answered 415).</summary>
    public const string ContentTypeField = "Content-Type";

    /// <summary>The form, or why it cannot be read: a problem with the file, or with another field (its name, the problem).</summary>
    public sealed record Read(UploadForm? Form, FileProblem? FileProblem, (string Field, string Problem)? FieldProblem);

    public static async Task<Read> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return new Read(null, null, (ContentTypeField, "Send the file as multipart/form-data (with its boundary), in a part named 'file'."));
        }

        byte[]? file = null;
        string? fileName = null;
        string? origin = null;
        string? recordingId = null;
        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return new Read(null, null, ("body", "Each part of the form needs a Content-Disposition: form-data header with its name."));
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                switch (name)
                {
                    case FileField when file is not null:
                        return new Read(null, new FileProblem(FileProblemKind.Missing, "One file per request: send each file in a request of its own."), null);
                    case FileField:
                        fileName = FileNameOf(disposition);
                        file = await ReadAtMostAsync(section.Body, maxFileBytes, cancellationToken);
                        if (file is null)
                        {
                            return new Read(null, new FileProblem(FileProblemKind.TooLarge, $"A file may be at most {maxFileBytes} bytes."), null);
                        }

                        break;
                    case OriginField:
                        origin = await TextAsync(section.Body, 32, cancellationToken);
                        if (origin is null)
                        {
                            return new Read(null, null, (OriginField, "At most 32 characters: caller or staff."));
                        }

                        break;
                    case RecordingIdField:
                        recordingId = await TextAsync(section.Body, 100, cancellationToken);
                        if (recordingId is not { Length: > 0 } || !recordingId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
                        {
                            return new Read(null, null, (RecordingIdField,
                                "The telephony system's id of the recording: 1 to 100 letters, digits, '-', '_', '.' or ':'."));
                        }

                        break;
                    default:
                        return new Read(null, null, (name ?? "body",
                            $"The form has no field '{name}': send 'file' (or 'recordingId') and, optionally, 'origin'."));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new Read(null, null, ("body", "The multipart body could not be read: " + e.Message));
        }

        return (file, recordingId) switch
        {
            (null, null) => new Read(null, new FileProblem(FileProblemKind.Missing,
                "The form has no part named 'file' with the file in it (or 'recordingId', a link to a recording the telephony system keeps)."), null),
            (not null, not null) => new Read(null, null, (RecordingIdField, "Send a file or a recording's id, not both.")),
            _ => new Read(new UploadForm(file, fileName, origin, recordingId), null, null),
        };
    }

    /// <summary>The name as sent (filename*, the RFC 5987 form, first); null when none. Checked later, never trusted to name a path.</summary>
    private static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
        if (string.IsNullOrEmpty(name))
        {
            name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        }

        return string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>The whole of <paramref name="body"/>, or null as soon as it proves longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<string?> TextAsync(Stream body, int maxLength, CancellationToken cancellationToken)
    {
        var bytes = await ReadAtMostAsync(body, maxLength * 4L, cancellationToken);
        var text = bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes).Trim();
        return text is null || text.Length > maxLength ? null : text;
    }
}
