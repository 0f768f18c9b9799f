namespace Dispatch.Workers.Cases;

/// <summary>How writing a change knows that nobody changed the case since the unit of work read it.</summary>
public enum CaseGuard
{
    /// <summary>
    /// The case's update checks its version, as a round trip of its own (its answer matters): a case changed meanwhile fails the
    /// change with <see cref="CaseConcurrencyException"/>.
    /// </summary>
    VersionChecked,

    /// <summary>
    /// The unit of work holds the case's row lock (<see cref="CaseReader.ReceiveAsync"/>, <see cref="CaseReader.LockManyByIdAsync"/>):
    /// nobody can have changed it, so its update travels in the batch with the rest.
    /// </summary>
    RowLocked,
}
