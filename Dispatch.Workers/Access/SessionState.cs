using System.Globalization;

namespace Dispatch.Workers.Access;

/// <summary>Whether a session may be used now, and if not, why it ended. Pure.</summary>
public abstract record SessionState
{
    private SessionState()
    {
    }

    public sealed record Open(Person Person) : SessionState;

    /// <summary>The session was signed out, idled out, ran its lifetime, or its user was deactivated: sign in again.</summary>
    public sealed record Ended(string Why) : SessionState;

    public static SessionState Of(SessionRecord session, DateTimeOffset now, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.EndedAt is not null)
        {
            return new Ended("You signed out of this session, or an administrator reset your password.");
        }

        if (now >= session.ExpiresAt)
        {
            return new Ended("Your session reached its lifetime; sign in again.");
        }

        if (now - session.LastSeenAt >= idleTimeout)
        {
            return new Ended(string.Create(CultureInfo.InvariantCulture,
                $"Your session ended after {idleTimeout.TotalMinutes:0} minutes without use; sign in again."));
        }

        return session.Active
            ? new Open(new Person(session.Username, session.DisplayName, session.Role, session.DepartmentCode))
            : new Ended("Your user is inactive.");
    }
}
