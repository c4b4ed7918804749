namespace MarketPrism.Core.Sinks;

/// <summary>
/// Thrown by <see cref="IRecordSink.WriteAsync"/> when the sink's server cannot be reached or did not answer in time:
/// an expected condition (an outage), logged without a stack trace, as opposed to a bug or a rejected record.
/// </summary>
public sealed class SinkUnavailableException : Exception
{
    public SinkUnavailableException()
    {
    }

    public SinkUnavailableException(string message)
        : base(message)
    {
    }

    public SinkUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
