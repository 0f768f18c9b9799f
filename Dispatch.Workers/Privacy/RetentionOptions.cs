using System.ComponentModel.DataAnnotations;

namespace Dispatch.Workers.Privacy;

/// <summary>Section "Retention": how long a closed case keeps its caller's identity, and how the Workers remove it after that.</summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>
    /// Calendar months, counted in the hotline's time zone, after which a closed case loses its caller's name and phone and its
    /// return visits' comments.
    /// </summary>
    [Range(1, 1200)]
    public int CallerDataMonths { get; set; } = 36;

    /// <summary>Run the retention job in this process (the Workers do by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for cases that are due, once it has caught up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Cases per transaction: each batch claims, anonymises and audits this many at most.</summary>
    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Retention:Interval must be positive.", [nameof(Interval)]);
        }
    }
}
