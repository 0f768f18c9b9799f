using Dispatch.Contracts;

namespace Dispatch.Workers.Outbox;

/// <summary>The contract types an outbox row may carry, by the full name stored in the row.</summary>
public static class MessageTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(CaseFiled).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(CaseFiled).Namespace)
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    // Every case event names its case (CaseNumber): the publish span carries it like every span of the case.
    private static readonly Dictionary<Type, System.Reflection.PropertyInfo> CaseNumbers = ByName.Values
        .Select(t => (Type: t, Property: t.GetProperty("CaseNumber")))
        .Where(p => p.Property?.PropertyType == typeof(string))
        .ToDictionary(p => p.Type, p => p.Property!);

    /// <summary>The number of the case a message is about; null for a message about no case.</summary>
    public static string? CaseNumberOf(object message) =>
        message is not null && CaseNumbers.TryGetValue(message.GetType(), out var property) ? (string?)property.GetValue(message) : null;

    public static string NameOf(Type type) =>
        type.FullName is { } name && ByName.ContainsKey(name)
            ? name
            : throw new ArgumentException($"{type} is not a message contract in Dispatch.Contracts.", nameof(type));

    public static bool TryResolve(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) => ByName.TryGetValue(name, out type);
}
