namespace Dispatch.Workers.Attachments;

/// <summary>
/// A file as it will be stored: its type (from its bytes), the bytes themselves (a photo re-encoded without its metadata), a photo's
/// size in pixels and its thumbnail, and the name it was sent with (a name, no path; null when it had none).
/// </summary>
public sealed record PreparedFile(FileType Type, byte[] Bytes, string? FileName, int? Width, int? Height, byte[]? Thumbnail)
{
    /// <summary>The outcome of checking an upload: the file to store, or why it is refused (exactly one is set).</summary>
    public sealed record Check(PreparedFile? File, FileProblem? Problem);

    public static Check Refused(FileProblem problem) => new(null, problem);
}

/// <summary>Why an upload is refused: which rule it broke, and what to tell the person who sent it.</summary>
public sealed record FileProblem(FileProblemKind Kind, string Detail);

public enum FileProblemKind
{
    /// <summary>No file part in the request, or more than one.</summary>
    Missing,
    Empty,
    TooLarge,
    /// <summary>The file name is a path, or holds characters no file name needs.</summary>
    BadName,
    /// <summary>The bytes are none of the accepted types.</summary>
    Unsupported,
    /// <summary>The name claims one accepted type and the bytes are another (or none).</summary>
    Disguised,
    /// <summary>The file ends before its format says it does: cut short in transfer.</summary>
    Truncated,
    /// <summary>The format is recognised but the content cannot be read.</summary>
    Damaged,
    /// <summary>A HEIC photo, where this server has no decoder for it.</summary>
    NotDecodable,
}
