using System.Net.Http.Json;
using Dispatch.Api.Access;
using Dispatch.Api.Apis;
using Dispatch.Api.Apis.Administration;
using Microsoft.Net.Http.Headers;

namespace Dispatch.Tests.Support;

/// <summary>
/// A person signed in at the console, as a browser would be: the cookies sign-in set, sent back by hand (so a spec can also copy them,
/// leave one out, or send them after sign-out), and the antiforgery header on every request that changes something.
/// </summary>
public sealed class ConsoleSession(HttpClient client, string sessionCookie, string antiforgeryToken)
{
    public HttpClient Client { get; } = client;

    public string SessionCookie { get; } = sessionCookie;

    public string AntiforgeryToken { get; } = antiforgeryToken;

    /// <summary>Signs in through POST /api/session; the answer stays the spec's to read (and dispose).</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string? username, string? password) =>
        await client.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative), new SignInRequest(username, password), ApiClient.Json);

    public static async Task<ConsoleSession> SignInAsync(HttpClient client, string username, string password)
    {
        using var response = await PostSignInAsync(client, username, password);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        var cookies = SetCookies(response);
        return new ConsoleSession(client, cookies[SessionCookies.Session].Value.ToString(), cookies[SessionCookies.Antiforgery].Value.ToString());
    }

    /// <summary>The cookies an answer sets, by name.</summary>
    public static Dictionary<string, SetCookieHeaderValue> SetCookies(HttpResponseMessage response) =>
        SetCookieHeaderValue.ParseList(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? [.. values] : [])
            .ToDictionary(c => c.Name.ToString(), StringComparer.Ordinal);

    /// <summary>Gives <paramref name="username"/> a password through the administration API, as an administrator does.</summary>
    public static async Task SetPasswordAsync(HttpClient admin, string username, string password)
    {
        using var response = await admin.PutAsJsonAsync(new Uri($"/api/admin/users/{username}/password", UriKind.Relative), new PasswordRequest(password),
            ApiClient.Json);
        Assert.That((int)response.StatusCode, Is.EqualTo(204), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request with the session cookie and, unless told otherwise, the antiforgery header.</summary>
    public HttpRequestMessage Request(HttpMethod method, string uri, object? body = null, bool antiforgery = true, string? antiforgeryToken = null)
    {
        var message = new HttpRequestMessage(method, new Uri(uri, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ApiClient.Json),
        };
        message.Headers.Add(HeaderNames.Cookie, $"{SessionCookies.Session}={SessionCookie}; {SessionCookies.Antiforgery}={AntiforgeryToken}");
        if (antiforgery)
        {
            message.Headers.Add(SessionCookies.AntiforgeryHeader, antiforgeryToken ?? AntiforgeryToken);
        }

        return message;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string uri, object? body = null, bool antiforgery = true) =>
        Client.SendAsync(Request(method, uri, body, antiforgery));

    public Task<HttpResponseMessage> GetAsync(string uri) => SendAsync(HttpMethod.Get, uri);
}
