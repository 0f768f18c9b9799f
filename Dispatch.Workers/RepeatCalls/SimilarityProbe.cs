using Dispatch.Workers.Cases;

namespace Dispatch.Workers.RepeatCalls;

/// <summary>
/// What other cases are compared with: a call being taken (its intake, at the time it is asked) or a filed case (as filed, at its
/// filing time). <paramref name="CaseId"/> is the filed case itself, which is never its own match.
/// </summary>
public sealed record SimilarityProbe(
    string CategoryCode,
    CategoryFamily Family,
    CaseLocation Location,
    string Title,
    string Content,
    Caller Caller,
    DateTimeOffset At,
    Guid? CaseId)
{
    public string AddressKey { get; } = RepeatCalls.AddressKey.Of(Location.Address);

    /// <summary>The address's own text signature, for addresses written differently (振华路149号附近, 振华路147号门口).</summary>
    public TextSignature AddressText { get; } = TextSignature.Of(Location.Address);

    /// <summary>
    /// The signature of title and content together, computed once for every comparison, without what the address says: the place is
    /// scored as the place, and a text that repeats its address must not read like every other case at that address.
    /// </summary>
    public TextSignature Text { get; } = TextSignature.Of(Title, Content).Without(TextSignature.Of(Location.Address));

    /// <summary>The title's own signature, without the address either.</summary>
    public TextSignature TitleText { get; } = TextSignature.Of(Title).Without(TextSignature.Of(Location.Address));

    /// <summary>The phone the same-caller signal may compare: none for a confidential or anonymous caller.</summary>
    public string? ComparablePhone => Caller.Confidential ? null : Caller.Phone;

    public static SimilarityProbe ForCall(NewCase draft, CategoryFamily family, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new(draft.CategoryCode, family, draft.Location, draft.Title, draft.Content, draft.Caller, now, null);
    }

    public static SimilarityProbe ForCase(Case filed, CategoryFamily family)
    {
        ArgumentNullException.ThrowIfNull(filed);
        return new(filed.CategoryCode, family, filed.Location, filed.Title, filed.Content, filed.Caller, filed.FiledAt, filed.Id);
    }
}
