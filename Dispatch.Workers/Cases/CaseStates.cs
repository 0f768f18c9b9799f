namespace Dispatch.Workers.Cases;

public static class CaseStates
{
    public static string ToWire(this CaseState state) => state switch
    {
        CaseState.Filed => "filed",
        CaseState.Dispatched => "dispatched",
        CaseState.Signed => "signed",
        CaseState.Returned => "returned",
        CaseState.Resolved => "resolved",
        CaseState.Closed => "closed",
        CaseState.Merged => "merged",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static IReadOnlyList<CaseState> All { get; } = Enum.GetValues<CaseState>();

    private static readonly Dictionary<string, CaseState> ByWire = All.ToDictionary(s => s.ToWire());

    public static CaseState Parse(string wire) =>
        ByWire.TryGetValue(wire, out var state) ? state : throw new FormatException($"'{wire}' is not a case state.");
}
