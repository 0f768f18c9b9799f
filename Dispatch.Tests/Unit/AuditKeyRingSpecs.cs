using Dispatch.Workers.Audit;

namespace Dispatch.Tests.Unit;

[Category("Unit")]
public sealed class AuditKeyRingSpecs
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Test]
    public void Outside_Development_a_host_without_a_key_is_refused()
    {
        var (ring, problem) = AuditKeyRing.From(new AuditOptions(), isDevelopment: false);

        Assert.That(ring, Is.Null);
        Assert.That(problem, Does.StartWith("Audit:ChainKeys is required outside Development"));
    }

    [Test]
    public void In_Development_a_host_without_a_key_seals_with_the_known_development_key()
    {
        Assert.That(AuditKeyRing.From(new AuditOptions(), isDevelopment: true).Ring?.SealingKeyId, Is.EqualTo(AuditKeyRing.DevelopmentKeyId));
    }

    [TestCase("k1", "c2hvcnQ=", "Audit:ChainKeys:k1 must be base64 of at least 32 random bytes.")]
    [TestCase("k1", "not base64!", "Audit:ChainKeys:k1 must be base64 of at least 32 random bytes.")]
    [TestCase("a key id that is far too long", null, "Audit:ChainKeys:a key id that is far too long: a key id is 1 to 16 letters, digits, '.', '_' or '-'.")]
    public void A_malformed_key_is_refused_by_name(string id, string? value, string problem)
    {
        var options = new AuditOptions { ChainKeys = { [id] = value ?? Key } };

        Assert.That(AuditKeyRing.From(options, isDevelopment: false).Problem, Is.EqualTo(problem));
    }

    [Test]
    public void With_several_keys_the_sealing_key_must_be_named_and_held()
    {
        var options = new AuditOptions { ChainKeys = { ["k1"] = Key, ["k2"] = Key } };

        Assert.Multiple(() =>
        {
            Assert.That(AuditKeyRing.From(options, false).Problem, Does.StartWith("Audit:SealingKeyId must name the key"));
            options.SealingKeyId = "k3";
            Assert.That(AuditKeyRing.From(options, false).Problem, Is.EqualTo("Audit:SealingKeyId names 'k3', which Audit:ChainKeys does not hold."));
            options.SealingKeyId = "k2";
            Assert.That(AuditKeyRing.From(options, false).Ring?.SealingKeyId, Is.EqualTo("k2"));
        });
    }

    [TestCase(new string[0], null, null, null)]
    [TestCase(new[] { "--from", "2026-01-01", "--to", "2026-01-31" }, "2026-01-01", "2026-02-01", null)]
    [TestCase(new[] { "--to", "2026-01-31" }, null, "2026-02-01", null)]
    [TestCase(new[] { "--from", "2026-02-01", "--to", "2026-01-31" }, null, null, "--from must not be after --to.")]
    [TestCase(new[] { "--from", "1/2/2026" }, null, null, AuditVerifyCommand.Usage)]
    [TestCase(new[] { "--since", "2026-01-01" }, null, null, AuditVerifyCommand.Usage)]
    [TestCase(new[] { "--from" }, null, null, AuditVerifyCommand.Usage)]
    public void The_verify_command_reads_its_period(string[] args, string? from, string? before, string? problem)
    {
        var parsed = AuditVerifyCommand.Parse(args);

        Assert.That((parsed.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), parsed.Before?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), parsed.Problem), Is.EqualTo((from, before, problem)));
    }
}
