using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Workers.Audit;

/// <summary>
/// <c>audit verify [--from yyyy-MM-dd] [--to yyyy-MM-dd]</c>: checks every case's audit trail (filed within the dates, UTC, both
/// inclusive, when given) and the administrative record, prints the counts and the first broken cases, and exits 1 when anything
/// is broken (0 when all holds, 2 for a usage error), for operators to run nightly and alert on.
/// </summary>
public static class AuditVerifyCommand
{
    public const string Usage = "usage: audit verify [--from yyyy-MM-dd] [--to yyyy-MM-dd]";

    private const int Listed = 20;

    /// <summary>The period the arguments name, or why they do not name one.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? Before, string? Problem) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        DateTimeOffset? from = null, before = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || args[i] is not ("--from" or "--to")
                || !DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return (null, null, Usage);
            }

            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (args[i] == "--from")
            {
                from = start;
            }
            else
            {
                before = start.AddDays(1);
            }
        }

        return from is not null && before is not null && from >= before ? (null, null, "--from must not be after --to.") : (from, before, null);
    }

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var (from, before, problem) = Parse(args);
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync(problem);
            return 2;
        }

        var report = await services.GetRequiredService<AuditVerifier>().VerifyAllAsync(from, before, Listed, CancellationToken.None);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"cases checked: {report.CasesChecked}, intact: {report.CasesIntact}, broken: {report.CasesBroken}"));
        foreach (var trail in report.FirstBroken)
        {
            await output.WriteLineAsync($"  broken: case {trail.Number}, row {trail.Seq}: {trail.Problem}");
        }

        await output.WriteLineAsync(report.AdminRecord.Intact
            ? "administrative record: intact"
            : $"administrative record: broken at row {report.AdminRecord.FirstBrokenSeq}: {report.AdminRecord.Problem}");
        return report.Intact ? 0 : 1;
    }
}
