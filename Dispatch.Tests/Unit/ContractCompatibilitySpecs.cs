using System.Runtime.CompilerServices;
using System.Text.Json;
using Dispatch.Contracts;
using Dispatch.Workers.Outbox;

namespace Dispatch.Tests.Unit;

/// <summary>
/// Message contracts stay backward compatible through a rolling upgrade: every message version 1 published
/// (<c>Contracts/v1-messages.json</c>, never edited) is still read, whole, by this version — by the serializer the outbox
/// and the bus use — and a message from a newer version with fields this one does not know is read too.
/// </summary>
[Category("Unit")]
public sealed class ContractCompatibilitySpecs
{
    private static JsonElement V1([CallerFilePath] string here = "") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "Contracts", "v1-messages.json"))).RootElement;

    public static IEnumerable<string> ContractNames() =>
        typeof(CaseFiled).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(CaseFiled).Namespace).Select(t => t.FullName!).Order();

    [TestCaseSource(nameof(ContractNames))]
    public void Every_version_1_message_is_read_whole_by_this_version(string name)
    {
        Assert.That(V1().TryGetProperty(name, out var sample), Is.True, $"{name} has no version 1 sample: add one when adding a contract");

        Assert.That(MessageTypes.TryResolve(name, out var type), Is.True, $"{name} is not a message type an outbox row may carry");
        var message = JsonSerializer.Deserialize(sample.GetRawText(), type!, JsonSerializerOptions.Web)!;
        var nullability = new System.Reflection.NullabilityInfoContext();
        var missing = message.GetType().GetProperties()
            .Where(p => !sample.EnumerateObject().Any(f => string.Equals(f.Name, p.Name, StringComparison.OrdinalIgnoreCase))
                        && nullability.Create(p).ReadState != System.Reflection.NullabilityState.Nullable)
            .Select(p => p.Name);

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "a field this version needs that version 1 never sent: make it optional or give it a default");
            Assert.That(JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web), Does.Contain("261121000010"));
        });
    }

    [Test]
    public void A_newer_message_with_fields_this_version_does_not_know_is_still_read()
    {
        var newer = """{"caseId":"01936f1e-7a2b-7c3d-8e4f-5a6b7c8d9e0f","caseNumber":"261121000010","requestType":"complaint","categoryCode":"010201","urgency":"normal","filedAt":"2026-11-21T01:02:03+00:00","channel":"app","priority":3}""";

        var message = JsonSerializer.Deserialize<CaseFiled>(newer, JsonSerializerOptions.Web)!;

        Assert.That((message.CaseNumber, message.CategoryCode), Is.EqualTo(("261121000010", "010201")));
    }
}
