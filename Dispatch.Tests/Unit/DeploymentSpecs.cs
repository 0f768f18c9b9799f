using System.Diagnostics;
using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace Dispatch.Tests.Unit;

/// <summary>
/// The deployment files, checked offline (no Docker engine or cluster runs here): the compose files pass
/// <c>docker-compose config</c> and refuse to start without their secrets; the Kubernetes manifests have probes on the
/// health endpoints, resources, disruption budgets, a migration Job, non-root pods and secrets only by reference;
/// the images are small, non-root and health-checked.
/// </summary>
[Category("Unit")]
public sealed class DeploymentSpecs
{
    private static string Deploy([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "deploy");

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["DISPATCH_DB_PASSWORD"] = "Example-Only-1", ["DISPATCH_MQ_PASSWORD"] = "example-only", ["DISPATCH_MQ_COOKIE"] = "example-only",
        ["DISPATCH_METRICS_TOKEN"] = "example-only-example-only-example-only", ["DISPATCH_DB_APP_PASSWORD"] = "Example-Only-2",
        ["DISPATCH_AUDIT_KEY"] = "ZXhhbXBsZS1vbmx5LWV4YW1wbGUtb25seS1leGFtcGxlLW9ubHk=",
    };

    private static (int Code, string Output) Compose(IReadOnlyDictionary<string, string> environment, params string[] files)
    {
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(Deploy(), "compose") };
        foreach (var file in files)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(file);
        }

        start.ArgumentList.Add("config");
        foreach (var name in Secrets.Keys)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("docker-compose is not installed (deploy/local/test installs Debian's package).");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
    }

    [TestCase("compose.yaml", "sqlserver")]
    [TestCase("compose.postgres.yaml", "postgres")]
    public void A_compose_file_is_valid_runs_two_api_and_two_worker_replicas_and_names_its_database(string file, string database)
    {
        var (code, output) = Compose(Secrets, file);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(output, Does.Contain($"  {database}:").And.Contain("  rabbitmq:").And.Contain("  migrate:"));
            Assert.That(output.Split('\n').Count(l => l.Trim() == "replicas: 2"), Is.EqualTo(2), "the Api and the Workers, two each");
            Assert.That(output, Does.Contain("service_completed_successfully"), "the hosts start after the migrations");
        });
    }

    [TestCase("compose.yaml", "User Id=sa;", "User Id=dispatch_app;")]
    [TestCase("compose.postgres.yaml", "Username=dispatch;", "Username=dispatch_app;")]
    public void Only_the_migrations_connect_as_the_owner_and_every_host_seals_with_the_audit_key(string file, string owner, string service)
    {
        var (code, output) = Compose(Secrets, file);
        var services = new YamlStream();
        services.Load(new StringReader(output));
        var byName = ((YamlMappingNode)((YamlMappingNode)services.Documents[0].RootNode).Children[new YamlScalarNode("services")]).Children
            .ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => s.Value.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(byName.Where(s => s.Value.Contains(owner, StringComparison.Ordinal)).Select(s => s.Key), Is.EqualTo(new[] { "migrate" }));
            foreach (var host in new[] { "api", "workers" })
            {
                Assert.That(byName[host], Does.Contain(service).And.Contain("Audit__ChainKeys__k1"), host);
            }
        });
    }

    [Test]
    public void The_rabbitmq_cluster_variant_adds_three_nodes_with_quorum_queues()
    {
        var (code, output) = Compose(Secrets, "compose.postgres.yaml", "compose.rabbitmq-cluster.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            // Each node runs rabbitmq-cluster.conf, the file the survival scenario's local cluster runs; the quorum queues are
            // declared by the services (RabbitMq:QuorumQueues, on unless turned off), not by a broker default.
            Assert.That(output, Does.Contain("  rabbitmq-2:").And.Contain("  rabbitmq-3:"));
            const string mounted = "/rabbitmq-cluster.conf:/etc/rabbitmq/conf.d/20-cluster.conf:ro";
            Assert.That(output.Split('\n').Count(l => l.TrimEnd().EndsWith(mounted, StringComparison.Ordinal)), Is.EqualTo(3),
                "every node runs the cluster's configuration");
            Assert.That(output, Does.Not.Contain("QuorumQueues"), "no service turns the quorum queues off");
            Assert.That(output.Split('\n').Count(l => l.Trim() == "RabbitMq__Host: rabbitmq,rabbitmq-2,rabbitmq-3"), Is.EqualTo(3),
                "the Api, the Workers and the migration know every node");
        });
    }

    [Test]
    public void No_compose_file_starts_without_its_secrets()
    {
        var (code, output) = Compose(new Dictionary<string, string>(), "compose.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Not.Zero);
            Assert.That(output, Does.Contain("set DISPATCH_"));
        });
    }

    private static List<YamlMappingNode> Manifests()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(Deploy(), "k8s"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>());
        }

        return documents;
    }

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Text(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlMappingNode> Kind(IEnumerable<YamlMappingNode> documents, string kind) => documents.Where(d => Text(d, "kind") == kind);

    [Test]
    public void Each_deployment_probes_the_health_endpoints_sets_resources_and_runs_as_a_non_root_user()
    {
        var deployments = Kind(Manifests(), "Deployment").ToList();

        Assert.That(deployments.Select(d => Text(d, "metadata", "name")), Is.EquivalentTo(new[] { "dispatch-api", "dispatch-workers" }));
        Assert.Multiple(() =>
        {
            foreach (var deployment in deployments)
            {
                var name = Text(deployment, "metadata", "name");
                var container = ((YamlSequenceNode)At(deployment, "spec", "template", "spec", "containers")!).Children[0];
                Assert.That(Text(container, "livenessProbe", "httpGet", "path"), Is.EqualTo("/health/live"), name);
                Assert.That(Text(container, "readinessProbe", "httpGet", "path"), Is.EqualTo("/health/ready"), name);
                Assert.That(Text(container, "resources", "requests", "memory"), Is.Not.Null, name);
                Assert.That(Text(container, "resources", "limits", "memory"), Is.Not.Null, name);
                Assert.That(Text(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"), Is.EqualTo("true"), name);
                Assert.That(Text(container, "image"), Does.Not.EndWith(":latest").And.Contain(":"), name);
                Assert.That(int.Parse(Text(deployment, "spec", "replicas")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(2), name);
            }
        });
    }

    [Test]
    public void Each_deployment_has_a_disruption_budget_and_the_migrations_run_as_a_job()
    {
        var documents = Manifests();
        var budgets = Kind(documents, "PodDisruptionBudget").Select(p => Text(p, "spec", "selector", "matchLabels", "app.kubernetes.io/name")).ToList();
        var job = Kind(documents, "Job").Single();

        Assert.Multiple(() =>
        {
            Assert.That(budgets, Is.EquivalentTo(new[] { "dispatch-api", "dispatch-workers" }));
            Assert.That(((YamlSequenceNode)At(((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")!).Children[0], "args")!).Children
                .Select(a => ((YamlScalarNode)a).Value), Is.EqualTo(new[] { "migrate" }));
            Assert.That(File.ReadAllText(Path.Combine(Deploy(), "k8s", "kustomization.yaml")),
                Does.Contain("config.yaml").And.Contain("migrate-job.yaml").And.Contain("api.yaml").And.Contain("workers.yaml"));
        });
    }

    [Test]
    public void Secrets_are_only_referenced_never_written_in_the_manifests()
    {
        var documents = Manifests();
        var env = documents.SelectMany(d => d.AllNodes.OfType<YamlMappingNode>())
            .Where(m => m.Children.ContainsKey(new YamlScalarNode("name")) && (m.Children.ContainsKey(new YamlScalarNode("value")) || m.Children.ContainsKey(new YamlScalarNode("valueFrom"))))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Kind(documents, "Secret"), Is.Empty, "the operator creates the Secret");
            Assert.That(env.Where(e => Text(e, "name")!.Contains("Password", StringComparison.OrdinalIgnoreCase) || Text(e, "name")!.StartsWith("ConnectionStrings", StringComparison.Ordinal)
                    || Text(e, "name")!.Contains("Token", StringComparison.Ordinal))
                .Select(e => Text(e, "valueFrom", "secretKeyRef", "name")), Is.Not.Empty.And.All.EqualTo("dispatch-secrets"));
            Assert.That(env.Where(e => At(e, "value") is not null).Select(e => Text(e, "name")), Is.Empty);
            // The migration Job alone connects as the owner; every host and the Job seal with the audit key.
            Assert.That(Text(Kind(documents, "Job").Single().AllNodes.OfType<YamlMappingNode>()
                .Single(m => Text(m, "name") == "ConnectionStrings__Dispatch"), "valueFrom", "secretKeyRef", "key"), Is.EqualTo("owner-connection-string"));
            foreach (var workload in Kind(documents, "Deployment").Concat(Kind(documents, "Job")))
            {
                Assert.That(workload.AllNodes.OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey(new YamlScalarNode("valueFrom")))
                    .Select(e => Text(e, "name")), Does.Contain("Audit__ChainKeys__k1"), Text(workload, "metadata", "name"));
            }

            // Hosts outside Development refuse to start without a scrape token for /metrics.
            foreach (var deployment in Kind(documents, "Deployment"))
            {
                Assert.That(deployment.AllNodes.OfType<YamlMappingNode>().Where(m => m.Children.ContainsKey(new YamlScalarNode("valueFrom")))
                    .Select(e => Text(e, "name")), Does.Contain("Metrics__ScrapeToken"), Text(deployment, "metadata", "name"));
            }
        });
    }

    /// <summary>
    /// Migrations only expand, so that during a rolling upgrade the running version keeps working on the new schema: no
    /// script drops, renames or retypes anything. A contraction belongs in a later release and must be marked as one.
    /// </summary>
    [Test]
    public void Every_migration_only_expands_the_schema()
    {
        var root = Path.Combine(Deploy(), "..", "Dispatch.Workers", "Storage");
        var scripts = Directory.GetFiles(root, "*.sql", SearchOption.AllDirectories);
        var contracting = new System.Text.RegularExpressions.Regex(@"\b(drop\s+(table|column|index|constraint)|rename|alter\s+column|sp_rename)\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        Assert.Multiple(() =>
        {
            Assert.That(scripts.Select(Path.GetFileName).Distinct().Count(), Is.EqualTo(scripts.Length / 2), "each script has its twin in the other dialect");
            foreach (var script in scripts.Where(s => !File.ReadAllText(s).Contains("-- contract:", StringComparison.Ordinal)))
            {
                var lines = File.ReadAllLines(script).Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal));
                Assert.That(lines.Where(l => contracting.IsMatch(l)), Is.Empty, Path.GetFileName(script));
            }
        });
    }

    [TestCase("Dockerfile.api", "Dispatch.Api.dll")]
    [TestCase("Dockerfile.workers", "Dispatch.Workers.dll")]
    public void An_image_is_small_non_root_health_checked_and_built_with_the_central_package_versions(string file, string dll)
    {
        var text = File.ReadAllText(Path.Combine(Deploy(), "docker", file));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"));
            Assert.That(text, Does.Contain("USER 1654"));
            Assert.That(text, Does.Contain("HEALTHCHECK").And.Contain($"\"{dll}\", \"probe\""));
            // No -p:SomeVersion=... override: an image holds the versions the specs ran with (Directory.Packages.props).
            Assert.That(text, Does.Not.Match(@"-p:\w*Version="));
            Assert.That(text, Does.Contain($"ENTRYPOINT [\"dotnet\", \"{dll}\"]"));
        });
    }
}
