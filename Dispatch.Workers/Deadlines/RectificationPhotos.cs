using Dispatch.Workers.Cases;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Whether a case's reply must show what was put right (整改照片): the SLA policy that governs the case — the one its clocks run
/// under, chosen by request type, category and urgency — says so. Policy data, so an administrator turns it on for a kind of case
/// (a bin left full, a broken street light) through the API, versioned like the rest of the policy.
/// </summary>
public static class RectificationPhotos
{
    /// <summary>The policy that asks <paramref name="case"/>'s reply for photos, as a refusal names it; null when none does.</summary>
    public static string? RequiredBy(DeadlineRules rules, Case @case)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(@case);
        return SlaPolicy.Select(rules.Policies, @case.RequestType, @case.CategoryCode, @case.Urgency) is { RectificationPhotosRequired: true } policy
            ? $"SLA policy {policy.Id} v{policy.Version} ({policy.Name})"
            : null;
    }
}
