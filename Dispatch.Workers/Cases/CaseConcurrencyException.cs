namespace Dispatch.Workers.Cases;

/// <summary>The case changed since it was read: someone else acted first.</summary>
public sealed class CaseConcurrencyException(string number, int expectedVersion)
    : Exception($"Case {number} changed after it was read at version {expectedVersion}.");
