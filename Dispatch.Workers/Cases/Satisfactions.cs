namespace Dispatch.Workers.Cases;

public static class Satisfactions
{
    public const string Satisfied = "satisfied";
    public const string BasicallySatisfied = "basically-satisfied";
    public const string Dissatisfied = "dissatisfied";

    public static IReadOnlyList<string> All { get; } = [Satisfied, BasicallySatisfied, Dissatisfied];
}
