using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dispatch.Api.Apis;

namespace Dispatch.Tests.Support;

/// <summary>Uploads and downloads of files on a case, as a client makes them.</summary>
public static class Uploads
{
    /// <summary>POSTs one file as multipart/form-data (the part 'file'), with its name and optionally its origin.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient api, string number, byte[] bytes, string? fileName = "photo.jpg",
        string? origin = null, string? contentType = "image/jpeg", string? idempotencyKey = null) =>
        PostFileAsync(api, $"/api/cases/{number}/attachments", bytes, fileName, origin, contentType, idempotencyKey);

    /// <summary>POSTs one file for a case not filed yet (POST /api/attachments).</summary>
    public static Task<HttpResponseMessage> UploadStagedAsync(this HttpClient api, byte[] bytes, string? fileName = "photo.jpg", string? origin = null,
        string? contentType = "image/jpeg") =>
        PostFileAsync(api, "/api/attachments", bytes, fileName, origin, contentType, null);

    /// <summary>Uploads a file for a case not filed yet that must be kept, and answers what the API says of it.</summary>
    public static async Task<AttachmentView> StageAsync(this HttpClient api, byte[] bytes, string? fileName = "photo.jpg", string? origin = null)
    {
        using var response = await api.UploadStagedAsync(bytes, fileName, origin);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json))!;
    }

    private static Task<HttpResponseMessage> PostFileAsync(HttpClient api, string path, byte[] bytes, string? fileName, string? origin,
        string? contentType, string? idempotencyKey)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (fileName is null)
        {
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
            form.Add(file);
        }
        else
        {
            form.Add(file, "file", fileName);
        }

        if (origin is not null)
        {
            form.Add(new StringContent(origin), "origin");
        }

        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        if (idempotencyKey is not null)
        {
            message.Headers.Add(CasesApi.IdempotencyKeyHeader, idempotencyKey);
        }

        return api.SendAsync(message);
    }

    /// <summary>Uploads a file that must be attached, and answers what the API says of it.</summary>
    public static async Task<AttachmentView> AttachAsync(this HttpClient api, string number, byte[] bytes, string? fileName = "photo.jpg",
        string? origin = null)
    {
        using var response = await api.UploadAsync(number, bytes, fileName, origin);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AttachmentView>(ApiClient.Json))!;
    }

    public static async Task<IReadOnlyList<AttachmentView>> AttachmentsAsync(this HttpClient api, string number) =>
        (await api.GetFromJsonAsync<List<AttachmentView>>($"/api/cases/{number}/attachments", ApiClient.Json))!;
}
