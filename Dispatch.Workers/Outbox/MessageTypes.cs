using Dispatch.Contracts;

namespace Dispatch.Workers.Outbox;

/// <summary>The contract types an outbox row may carry, by the full name stored in the row.</summary>
public static class MessageTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(CaseFiled).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(CaseFiled).Namespace)
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        type.FullName is { } name && ByName.ContainsKey(name)
            ? name
            : throw new ArgumentException($"{type} is not a message contract in Dispatch.Contracts.", nameof(type));

    public static bool TryResolve(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) => ByName.TryGetValue(name, out type);
}
