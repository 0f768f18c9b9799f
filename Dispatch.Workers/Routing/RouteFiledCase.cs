using Dispatch.Contracts;
using Dispatch.Workers.Audit;
using Dispatch.Workers.Cases;
using Dispatch.Workers.Deadlines;
using Dispatch.Workers.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Workers.Routing;

/// <summary>Routes each filed case by the rules (派单): one job, idempotent by message id and by the case's state.</summary>
public sealed partial class RouteFiledCase(
    Database database,
    RoutingRuleStore rules,
    DeadlineRulesStore deadlines,
    TimeProvider clock,
    AuditKeyRing keys,
    IOptions<RoutingOptions> options,
    ILogger<RouteFiledCase> logger) : IConsumer<CaseFiled>
{
    public const string ConsumerName = "route-filed-case";
    public const string Actor = "system:router";

    public async Task Consume(ConsumeContext<CaseFiled> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A CaseFiled message without a message id.");
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CaseNumber"] = message.CaseNumber, ["MessageId"] = messageId });
        Telemetry.CaseTracing.TagCase(message.CaseNumber);
        try
        {
            await RouteAsync(context, message, messageId);
        }
        catch (Exception e) when (database.Dialect.IsUnavailable(e) || e.InnerException is { } inner && database.Dialect.IsUnavailable(inner))
        {
            // Not the message's fault: it goes back to its queue, and the endpoint pauses (Messaging/ConsumerResilience).
            throw new Messaging.DatabaseUnavailableException($"Case {message.CaseNumber}: the database is unavailable.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Hosting.DispatchMetrics.ConsumerFaults.Add(1, new KeyValuePair<string, object?>("consumer", ConsumerName));
            throw;
        }
    }

    private async Task RouteAsync(ConsumeContext<CaseFiled> context, CaseFiled message, Guid messageId)
    {
        var activeRules = await rules.GetActiveAsync(context.CancellationToken);
        var deadlineRules = await deadlines.GetAsync(context.CancellationToken);

        var dispatched = await database.InTransactionAsync(async (connection, transaction, ct) =>
        {
            var now = clock.GetUtcNow();
            // The inbox record and the case, locked, with its clocks: one round trip. The writes are the second, the commit the third.
            if (await CaseReader.ReceiveAsync(connection, transaction, database.Dialect, messageId, ConsumerName, message.CaseId, now, ct)
                is not { } received)
            {
                LogDuplicate(logger, message.CaseNumber, messageId);
                return null;
            }

            var current = received.Case
                ?? throw new InvalidOperationException($"Case {message.CaseNumber} ({message.CaseId}) does not exist.");
            var decision = CaseRouter.Route(
                new RoutingInput(current.RequestType, current.CategoryCode, current.Location.AreaCodes, current.Title, current.Content),
                activeRules, options.Value.FallbackDepartmentCode);
            if (CaseChanges.Decide(current, new CaseRequest.ByRouter(decision, Actor), CaseClocks.Read(deadlineRules, received.Clocks), now)
                is not ChangeOutcome.Changed { Change: var change })
            {
                LogAlreadyMoved(logger, current.Number, current.Status);
                return null;
            }

            // Locked by the read, so the case's update travels with the rest: the clocks started, the audit row, the events.
            var writes = new SqlBatch();
            var dispatched = await CaseChangeWriter.WriteAsync(connection, transaction, writes, keys, change, CaseGuard.RowLocked, ct);
            await writes.ExecuteAsync(connection, transaction, ct);
            return dispatched;
        }, context.CancellationToken);

        if (dispatched is not null)
        {
            Hosting.DispatchMetrics.CasesDispatched.Add(1);
            LogDispatched(logger, dispatched.Number, dispatched.LeadDepartmentCode!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatched case {CaseNumber} to {Department}")]
    private static partial void LogDispatched(ILogger logger, string caseNumber, string department);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseNumber}: message {MessageId} was already applied; nothing to do")]
    private static partial void LogDuplicate(ILogger logger, string caseNumber, Guid messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseNumber} is already {Status}; not routing it again")]
    private static partial void LogAlreadyMoved(ILogger logger, string caseNumber, CaseState status);
}
