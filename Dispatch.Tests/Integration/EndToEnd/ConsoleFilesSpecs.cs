using System.Net;
using Dispatch.Api.OperatorsConsole;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>
/// The Api serves the operators' console from its web root: the page at <c>/</c> and at every path the console routes itself, its
/// hashed assets cached for good, and never the page where the API, the document, the metrics or the probes answer. The web root
/// here is a folder of the spec's own, so the specs do not depend on a console build.
/// </summary>
[Category("Integration")]
public sealed class ConsoleFilesSpecs : HotlineFixture
{
    private static readonly string WebRoot = CreateWebRoot();

    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["webroot"] = WebRoot };

    private static string CreateWebRoot()
    {
        var root = Directory.CreateTempSubdirectory("dispatch-console-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        File.WriteAllText(Path.Combine(root, "index.html"), "<!doctype html><title>12345热线</title><div id=app></div>");
        File.WriteAllText(Path.Combine(root, "assets", "index-abc123.js"), "console.log('desk')");
        return root;
    }

    [OneTimeTearDown]
    public void RemoveWebRoot() => Directory.Delete(WebRoot, recursive: true);

    [TestCase("/")]
    [TestCase("/desk")]
    [TestCase("/case/261121000424")]
    public async Task A_path_the_console_routes_answers_its_page_uncached_and_unframeable(string path)
    {
        using var answer = await Hotline.Anonymous().GetAsync(new Uri(path, UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(body, Does.Contain("<div id=app>"));
            Assert.That(answer.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(answer.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(ConsoleFiles.ContentSecurityPolicy));
            Assert.That(answer.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        });
    }

    [Test]
    public async Task A_built_asset_is_served_and_cached_for_good()
    {
        using var answer = await Hotline.Anonymous().GetAsync(new Uri("/assets/index-abc123.js", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(answer.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        });
    }

    [TestCase("/api/no-such-thing")]
    [TestCase("/api")]
    [TestCase("/openapi/v1.json/extra")]
    [TestCase("/health/nothing")]
    [TestCase("/metrics/extra")]
    [TestCase("/assets/missing-file.js")]
    public async Task The_APIs_own_paths_and_missing_files_stay_404(string path)
    {
        using var answer = await Hotline.Anonymous().GetAsync(new Uri(path, UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(body, Does.Not.Contain("<div id=app>"));
        });
    }

    [Test]
    public async Task A_post_to_a_console_path_is_not_answered_with_the_page()
    {
        using var answer = await Hotline.Anonymous().PostAsync(new Uri("/desk", UriKind.Relative), new StringContent("{}"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_APIs_refusals_on_method_and_content_type_stay_the_APIs()
    {
        // The router turns these endpoints down on their method or content type; the console's page must not be what answers.
        using var asText = await Hotline.Anonymous().PostAsync(new Uri("/api/cases/caller-lookup", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        using var wrongMethod = await Hotline.Anonymous().PutAsync(new Uri("/api/cases/caller-lookup", UriKind.Relative), new StringContent("{}"));

        Assert.Multiple(() =>
        {
            Assert.That(asText.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        });
    }

    [Test]
    public async Task The_API_still_answers_under_the_console()
    {
        using var answer = await Hotline.Anonymous().GetAsync(new Uri("/api/categories", UriKind.Relative));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
