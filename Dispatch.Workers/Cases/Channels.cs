namespace Dispatch.Workers.Cases;

public static class Channels
{
    /// <summary>巡查上报: a grid worker's report from a patrol (POST /api/grid/patrol-reports), never an intake's channel.</summary>
    public const string GridPatrol = "grid-patrol";

    /// <summary>The channels an intake (POST /api/cases) names: how the citizen reached the hotline.</summary>
    public static IReadOnlyList<string> Intake { get; } = ["phone", "web", "wechat", "app", "email", "letter", "provincial-transfer"];

    /// <summary>Every channel a case can have come by: the intake's and the grid workers' patrol reports.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Intake, GridPatrol];
}
