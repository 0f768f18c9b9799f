namespace Dispatch.Workers.Messaging;

/// <summary>
/// A consumer could not reach the database (refused, shut down, starting up): the message is not at fault. It is not retried in
/// memory (the retries would be spent in seconds against a database that is down for minutes) and never goes to the error queue:
/// <see cref="ReturnToQueueFilter"/> gives it back to its queue, and the kill switch (<see cref="ConsumerResilience"/>) stops the
/// endpoint taking more until the database answers again.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
