namespace Dispatch.Workers.Hosting;

/// <summary>
/// <c>dotnet Dispatch.Api.dll probe http://127.0.0.1:8080/health/live</c> (or Dispatch.Workers.dll): exits 0 when the URL
/// answers 200 within three seconds, 1 otherwise. The container images have no shell or curl; their HEALTHCHECK uses this.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return 1;
        }
    }
}
