namespace Dispatch.Workers.Cases;

/// <summary>The caller. A confidential (保密) caller's name and phone are never shown to departments.</summary>
public sealed record Caller(string? Name, string? Phone, bool Confidential);
