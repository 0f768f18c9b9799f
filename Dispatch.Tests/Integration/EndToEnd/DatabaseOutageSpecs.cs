using System.Net;
using Dispatch.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dispatch.Tests.Integration.EndToEnd;

/// <summary>With its database unreachable the API stays alive, says it is not ready, and answers 503 with a clear message.</summary>
[Category("Integration")]
public sealed class DatabaseOutageSpecs
{
    private WebApplicationFactory<Dispatch.Api.Program> _api = null!;

    [OneTimeSetUp]
    public void Start() => _api = new WebApplicationFactory<Dispatch.Api.Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Test");
        // Port 1 on the loopback: nothing listens, so every connection is refused at once.
        b.UseSetting("ConnectionStrings:Dispatch", "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2");
        b.UseSetting("Database:MigrateOnStart", "false");
        b.UseSetting("Outbox:RelayEnabled", "false");
        b.UseSetting("RabbitMq:Username", TestSettings.RabbitUser);
        b.UseSetting("RabbitMq:Password", TestSettings.RabbitPassword);
        b.UseSetting("RabbitMq:VirtualHost", TestSettings.RabbitVirtualHost);
        b.UseSetting("Routing:FallbackDepartmentCode", "GOV");
        b.UseSetting("Metrics:AllowAnonymous", "true");
        b.UseSetting($"Audit:ChainKeys:{TestAuditKeys.KeyId}", TestAuditKeys.Key);
        b.UseSetting("Logging:LogLevel:Default", "Critical");
    });

    [OneTimeTearDown]
    public async Task Stop() => await _api.DisposeAsync();

    [Test]
    public async Task Requests_get_503_with_retry_after_and_the_process_stays_alive()
    {
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "dsp_" + new string('a', 43));

        using var read = await client.GetAsync(new Uri("/api/departments", UriKind.Relative));
        using var file = await client.FileAsync(Requests.NightNoise());
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var problem = await read.ProblemAsync();

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(read.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The case database is unavailable."));
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }
}
