namespace Dispatch.Workers.Audit;

/// <summary>A case whose trail does not hold: its number, the first row that fails and why.</summary>
public sealed record BrokenTrail(string Number, long? Seq, string Problem);
