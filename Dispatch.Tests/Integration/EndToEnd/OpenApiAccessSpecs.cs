using System.Net;
using System.Text.Json;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>Outside Development (the spec hosts run as "Test") the OpenAPI document is for signed-in users only.</summary>
[Category("Integration")]
public sealed class OpenApiAccessSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    [Test]
    public async Task Outside_development_the_OpenAPI_document_is_for_signed_in_users_only()
    {
        using var anonymous = Hotline.Anonymous();
        using var refused = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var served = await (await As("um.handler")).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((await refused.ProblemAsync()).GetProperty("title").GetString(), Is.EqualTo("Sign in first."));
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), "any role may read it");
            Assert.That(JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement.GetProperty("paths").TryGetProperty("/api/cases", out _),
                Is.True);
        });
    }
}
