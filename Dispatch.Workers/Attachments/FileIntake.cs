namespace Dispatch.Workers.Attachments;

/// <summary>
/// Checks an uploaded file and makes it what is stored: not empty, not too large, a plain name, an accepted type decided from its
/// bytes and not contradicted by its name, complete; a photo re-encoded without its metadata and thumbnailed (<see cref="Photos"/>).
/// Nothing is stored here; a refusal says which rule the file broke.
/// </summary>
public static class FileIntake
{
    public const int MaxFileNameLength = 200;

    public static PreparedFile.Check Prepare(byte[] bytes, string? fileName, AttachmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(options);
        if (NameProblem(fileName) is { } badName)
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.BadName, badName));
        }

        if (bytes.Length == 0)
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.Empty, "The file is empty (0 bytes)."));
        }

        if (bytes.Length > options.MaxFileBytes)
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.TooLarge, TooLarge(options)));
        }

        var name = string.IsNullOrEmpty(fileName) ? null : fileName;
        var type = FileTypes.Detect(bytes);
        var claimed = FileTypes.ClaimedBy(name);
        if (type is null)
        {
            return PreparedFile.Refused(claimed is null
                ? new FileProblem(FileProblemKind.Unsupported, Accepted("The file is none of the accepted types"))
                : new FileProblem(FileProblemKind.Disguised, Accepted($"The file is named as {claimed.Name} ('{name}') but its bytes are not one")));
        }

        if (claimed is not null && claimed != type)
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.Disguised,
                $"The file is named as {claimed.Name} ('{name}') but its bytes are {type.Name}. Send it under its own name."));
        }

        if (type.Kind == AttachmentKinds.Photo)
        {
            return Photos.Prepare(bytes, type, name, options);
        }

        if (type == FileTypes.Pdf && !FileTypes.IsCompletePdf(bytes))
        {
            return PreparedFile.Refused(new FileProblem(FileProblemKind.Truncated, "The PDF is cut short: it has no end-of-file marker. Send it again."));
        }

        return new PreparedFile.Check(new PreparedFile(type, bytes, name, null, null, null), null);
    }

    public static string TooLarge(AttachmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"A file may be at most {options.MaxFileBytes / (1024.0 * 1024.0):0.#} MB (Attachments:MaxFileBytes = {options.MaxFileBytes} bytes).";
    }

    /// <summary>
    /// Why a sent file name is not a plain name: a path (a directory part, '..'), a drive, control characters, or too long. The name is
    /// only shown and offered back on download; the file is found by its hash, so a name can never reach the volume — but a name
    /// with a path says the client sent something it did not mean to.
    /// </summary>
    public static string? NameProblem(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }

        if (fileName.Length > MaxFileNameLength)
        {
            return $"The file name is longer than {MaxFileNameLength} characters.";
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.Contains(':', StringComparison.Ordinal)
            || fileName.Trim() is "." or "..")
        {
            return $"The file name '{fileName}' is a path; send the name alone (e.g. photo.jpg).";
        }

        return fileName.Any(c => char.IsControl(c) || c is '\u202E' or '\u202D' or '\u200E' or '\u200F')
            ? "The file name holds control or direction characters."
            : null;
    }

    private static string Accepted(string start) =>
        $"{start}: JPEG, PNG, WebP or HEIC photos, PDF documents, MP3, WAV, AMR or M4A recordings (the type is read from the file's content, not its name).";
}
