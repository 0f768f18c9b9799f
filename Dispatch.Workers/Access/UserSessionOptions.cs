using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Access;

/// <summary>Section "Session": how long a console session lasts (see docs/access.md).</summary>
public sealed class UserSessionOptions : IValidatableObject
{
    public const string Section = "Session";

    /// <summary>A session no request used for this long has ended: the agent who walked away from the desk signs in again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in however busy it was: a working day with its overtime.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout < TimeSpan.FromMinutes(2) || IdleTimeout > TimeSpan.FromHours(24))
        {
            // Below two minutes the once-a-minute refresh of a session's last use would end sessions that are in use.
            yield return new ValidationResult($"{Section}:{nameof(IdleTimeout)} must be from 2 minutes to 24 hours.", [nameof(IdleTimeout)]);
        }

        if (Lifetime < IdleTimeout || Lifetime > TimeSpan.FromDays(7))
        {
            yield return new ValidationResult($"{Section}:{nameof(Lifetime)} must be at least the idle timeout and at most 7 days.", [nameof(Lifetime)]);
        }
    }
}
