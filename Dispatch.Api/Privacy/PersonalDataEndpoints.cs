namespace Dispatch.Api.Privacy;

/// <summary>
/// The stable names the personal-data access log records for the endpoints whose answers can show a caller's identity. They stay
/// when a route changes, so the log of years ago still reads the same.
/// </summary>
public static class PersonalDataEndpoints
{
    /// <summary>GET /api/cases/{number}.</summary>
    public const string GetCase = "GetCase";

    /// <summary>POST /api/cases/caller-lookup: each case listed gets a row, with the length of the list.</summary>
    public const string LookUpCaller = "LookUpCaller";

    /// <summary>POST /api/cases/caller-history: as the lookup, each case listed gets a row, with the length of the list.</summary>
    public const string CallerHistory = "CallerHistory";

    /// <summary>GET /api/cases/{number}/attachments/{id}/content of a citizen's file (a photo they sent, the call's recording).</summary>
    public const string DownloadAttachment = "DownloadAttachment";

    /// <summary>GET /api/cases/{number}/attachments/{id}/thumbnail of a citizen's photo.</summary>
    public const string AttachmentThumbnail = "AttachmentThumbnail";

    /// <summary>The answer of an action (POST /api/cases/{number}/sign, ...) shows the case as it now is: "CaseAction:sign".</summary>
    public const string CaseActionPrefix = "CaseAction:";

    public static string CaseAction(string operation) => CaseActionPrefix + operation;

    /// <summary>A name this API records: one of the above, an action's in lower-case words joined by '-'.</summary>
    public static bool IsWellFormed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is GetCase or LookUpCaller or CallerHistory or DownloadAttachment or AttachmentThumbnail)
        {
            return true;
        }

        var operation = name.StartsWith(CaseActionPrefix, StringComparison.Ordinal) ? name[CaseActionPrefix.Length..] : "";
        return operation.Length is > 0 and <= 40 && operation.All(c => c is (>= 'a' and <= 'z') or '-')
            && operation[0] != '-' && operation[^1] != '-';
    }
}
