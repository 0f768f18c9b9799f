using Dapper;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Storage;

namespace Dispatch.Workers.Deadlines;

/// <summary>
/// Reads what <see cref="DeadlineExplanation"/> needs to explain a case's deadlines — its clocks, the alarms written for them, the
/// policy version each clock started under — in one connection, and has it explained.
/// </summary>
public sealed class DeadlineExplanationStore(Database database, DeadlineRulesStore deadlines)
{
    private const string AlarmsSql = $"""
        select clock_kind as {nameof(WrittenAlarm.Clock)}, generation as {nameof(WrittenAlarm.Generation)}, kind as {nameof(WrittenAlarm.Kind)},
               threshold as {nameof(WrittenAlarm.Threshold)}, due_at as {nameof(WrittenAlarm.DueAt)}, fired_at as {nameof(WrittenAlarm.FiredAt)}
        from case_alarms where case_id = @Id order by due_at
        """;

    /// <summary>Each clock of <paramref name="case"/> explained, with the case's <paramref name="history"/> (its pauses and extensions).</summary>
    public async Task<IReadOnlyList<ClockExplanation>> ExplainAsync(Case @case, IReadOnlyList<AuditEntry> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(history);
        var rules = await deadlines.GetAsync(cancellationToken);
        return await database.ReadAsync<IReadOnlyList<ClockExplanation>>(async (connection, ct) =>
        {
            var clocks = await CaseClockStore.ReadAsync(connection, null, @case.Id, ct);
            var alarms = (await connection.QueryAsync<WrittenAlarm>(new CommandDefinition(AlarmsSql, new { @case.Id }, cancellationToken: ct))).ToList();
            var explained = new List<ClockExplanation>(clocks.Count);
            foreach (var clock in clocks)
            {
                var policy = await DeadlineRulesStore.PolicyAtAsync(connection, null, rules, clock.PolicyId, clock.PolicyVersion, ct);
                explained.Add(DeadlineExplanation.Explain(clock, policy, rules, history, alarms));
            }

            return explained;
        }, cancellationToken);
    }
}
