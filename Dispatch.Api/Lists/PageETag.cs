using System.Security.Cryptography;
using System.Text.Json;
using Dispatch.Workers.Cases;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Api.Lists;

/// <summary>
/// How a console sees new cases without reloading: it polls a list with the ETag of the page it has as If-None-Match, and a page that
/// has not changed answers 304 with no body. The tag is a hash of the page as it would be sent — its cases, their states and deadline
/// lights, the total — so any change a person would see changes it, and nothing else does. Chosen over a changedSince cursor: a
/// case's updated_at is set before its transaction commits, so a cursor can step over a change committed a moment late; a hash of
/// what is there now cannot. Over server-sent events: nothing to hold open per console, and it works through every proxy.
/// </summary>
public static class PageETag
{
    public const string IfNoneMatchHeader = "If-None-Match";

    public const string IfNoneMatchDescription =
        "The ETag of the page you have: if the page is still the same, the answer is 304 with no body (poll every 15–30 s this way).";

    /// <summary>Tags the answer with the page's ETag; true when the client already has this page (answer 304, no body).</summary>
    public static bool NotModified(HttpContext http, CasePage page, string? ifNoneMatch)
    {
        ArgumentNullException.ThrowIfNull(http);
        var json = JsonSerializer.SerializeToUtf8Bytes(page, http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        var tag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(SHA256.HashData(json), 0, 18).Replace('+', '-').Replace('/', '_')}\"", isWeak: true);
        http.Response.Headers.ETag = tag.ToString();
        // The browser may keep it but must ask again each time; the list is for the signed-in user only.
        http.Response.Headers.CacheControl = "private, no-cache";
        return Matches(ifNoneMatch, tag);
    }

    private static bool Matches(string? ifNoneMatch, EntityTagHeaderValue tag) =>
        !string.IsNullOrEmpty(ifNoneMatch)
        && EntityTagHeaderValue.TryParseList([ifNoneMatch], out var sent)
        && sent.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
}
