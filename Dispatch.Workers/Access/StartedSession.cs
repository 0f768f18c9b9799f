namespace Dispatch.Workers.Access;

/// <summary>A session just begun: the secret for its cookie (shown once, stored only hashed) and its antiforgery token.</summary>
public sealed record StartedSession(string Secret, string AntiforgeryToken, DateTimeOffset ExpiresAt);
