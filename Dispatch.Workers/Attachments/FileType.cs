namespace Dispatch.Workers.Attachments;

/// <summary>A kind of file a case may carry, as its bytes say: the media type it is served with, its kind, and its usual extensions.</summary>
public sealed record FileType(string MediaType, string Kind, string Name, IReadOnlyList<string> Extensions)
{
    /// <summary>The extension a download is named with (the first).</summary>
    public string Extension => Extensions[0];
}

/// <summary>The kinds of attachment, as the API answers them.</summary>
public static class AttachmentKinds
{
    public const string Photo = "photo";
    public const string Document = "document";
    public const string Audio = "audio";

    /// <summary>A call recording the telephony system keeps: only its id is stored.</summary>
    public const string RecordingLink = "recording-link";
}

/// <summary>Whose a file is: a citizen's (a photo they sent, the call's recording) or the staff's (a department's rectification photo).</summary>
public static class AttachmentOrigins
{
    /// <summary>The caller's: its downloads are personal-data accesses; a confidential caller's are the center's only, unless released.</summary>
    public const string Caller = "caller";

    public const string Staff = "staff";

    public static IReadOnlyList<string> All { get; } = [Caller, Staff];
}
