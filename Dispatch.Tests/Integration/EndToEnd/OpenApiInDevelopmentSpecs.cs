using System.Net;
using Dispatch.Tests.Support;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>On a developer's machine the OpenAPI document stays open (elsewhere it needs a signed-in user: <see cref="OpenApiAccessSpecs"/>).</summary>
[Category("Integration")]
public sealed class OpenApiInDevelopmentSpecs : HotlineFixture
{
    protected override bool WithWorkers => false;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["environment"] = "Development" };

    [Test]
    public async Task In_development_anyone_may_read_the_OpenAPI_document()
    {
        using var anonymous = Hotline.Anonymous();
        using var document = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(document.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await document.Content.ReadAsStringAsync(), Does.Contain("\"openapi\""));
        });
    }
}
