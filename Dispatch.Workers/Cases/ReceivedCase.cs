using Dispatch.Workers.Deadlines;

namespace Dispatch.Workers.Cases;

/// <summary>A case as a consumer received it (see <see cref="CaseReader.ReceiveAsync"/>): null when it does not exist; its clocks as stored.</summary>
public sealed record ReceivedCase(Case? Case, IReadOnlyList<CaseClock> Clocks);
