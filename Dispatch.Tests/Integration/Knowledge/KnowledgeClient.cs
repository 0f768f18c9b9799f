using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis.Knowledge;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.Knowledge;

/// <summary>Typed calls to the knowledge base's endpoints, as a client would make them.</summary>
internal static class KnowledgeClient
{
    private static int _titles;

    /// <summary>A title no other spec of the run uses (titles are unique in the knowledge base).</summary>
    public static string Title(string stem) => $"{stem}（{Interlocked.Increment(ref _titles)}）";

    public static KnowledgeEntryRequest Entry(string title, string? department = "HOUSING", string content = "按规定办理，所需材料：身份证、申请表。",
        string[]? keywords = null, string category = "100102", string[]? scope = null, string? validFrom = null, string? validUntil = null) =>
        new(title, content, keywords ?? ["办理"], category, "guide", department, scope, validFrom, validUntil, null);

    public static async Task<KnowledgeEntryView> CreateAsync(this HttpClient api, KnowledgeEntryRequest request)
    {
        using var response = await api.PostAsJsonAsync("/api/knowledge", request, ApiClient.Json);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient api, long id, string action, int version, string? reason = null) =>
        api.PostAsJsonAsync($"/api/knowledge/{id}/{action}", new KnowledgeActionRequest(version, reason), ApiClient.Json);

    /// <summary>An action that must succeed; the entry after it.</summary>
    public static async Task<KnowledgeEntryView> DoAsync(this HttpClient api, KnowledgeEntryView entry, string action, string? reason = null)
    {
        using var response = await api.ActAsync(entry.Id, action, entry.Version, reason);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{action}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json))!;
    }

    /// <summary>Created by <paramref name="writer"/>, submitted, published by <paramref name="editor"/>.</summary>
    public static async Task<KnowledgeEntryView> PublishedAsync(HttpClient writer, HttpClient editor, KnowledgeEntryRequest request)
    {
        var created = await writer.CreateAsync(request);
        var submitted = await writer.DoAsync(created, "submit");
        return await editor.DoAsync(submitted, "publish");
    }

    public static async Task<KnowledgeEntryView?> GetAsync(this HttpClient api, long id)
    {
        using var response = await api.GetAsync(new Uri($"/api/knowledge/{id}", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<KnowledgeEntryView>(ApiClient.Json) : null;
    }

    public static async Task<KnowledgeSearchView> SearchAsync(this HttpClient api, string query, string? categoryCode = null, string? areaCode = null,
        int? limit = null)
    {
        var url = $"/api/knowledge/search?q={Uri.EscapeDataString(query)}"
                  + (categoryCode is null ? "" : $"&categoryCode={categoryCode}") + (areaCode is null ? "" : $"&areaCode={areaCode}")
                  + (limit is null ? "" : $"&limit={limit}");
        using var response = await api.GetAsync(new Uri(url, UriKind.Relative));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<KnowledgeSearchView>(ApiClient.Json))!;
    }

    public static async Task<JsonElement> ProblemOf(HttpResponseMessage response) => await response.ProblemAsync();
}
