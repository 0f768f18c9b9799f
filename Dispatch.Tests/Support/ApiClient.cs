using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Api.Apis;
using Dispatch.Api.Intake;
using Dispatch.Workers.Cases;

namespace Dispatch.Tests.Support;

/// <summary>Typed calls to the real API, as a client would make them.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static Task<HttpResponseMessage> FileAsync(this HttpClient api, FileCaseRequest request, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(request, options: Json) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add(CasesApi.IdempotencyKeyHeader, idempotencyKey);
        }

        return api.SendAsync(message);
    }

    public static async Task<CaseView> FileCaseAsync(this HttpClient api, FileCaseRequest request)
    {
        using var response = await api.FileAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CaseView>(Json))!;
    }

    public static async Task<CaseView> GetCaseAsync(this HttpClient api, string number) =>
        (await api.GetFromJsonAsync<CaseView>($"/api/cases/{number}", Json))!;

    public static async Task<IReadOnlyList<AuditEntry>> GetHistoryAsync(this HttpClient api, string number) =>
        (await api.GetFromJsonAsync<List<AuditEntry>>($"/api/cases/{number}/history", Json))!;

    /// <summary>POSTs an action; <paramref name="body"/> null sends no body.</summary>
    public static Task<HttpResponseMessage> PostActionAsync(this HttpClient api, string number, string action, object? body = null,
        string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{number}/{action}")
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
        };
        if (idempotencyKey is not null)
        {
            message.Headers.Add(CasesApi.IdempotencyKeyHeader, idempotencyKey);
        }

        return api.SendAsync(message);
    }

    /// <summary>POSTs an action that must succeed and returns the case after it.</summary>
    public static async Task<CaseView> ActAsync(this HttpClient api, string number, string action, object? body = null)
    {
        using var response = await api.PostActionAsync(number, action, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"{action}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseView>(Json))!;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public static Task<CaseView> WaitForStatusAsync(this HttpClient api, string number, string status, TimeSpan? timeout = null) =>
        Poller.UntilAsync(() => api.GetCaseAsync(number), c => c.Status == status, $"case {number} to be {status}", timeout);
}
