namespace MarketPrism.Collector.Connections;

/// <summary>
/// The venue sent a WebSocket message larger than <see cref="WebSocketSession.MaxMessageBytes"/>. It is bad data, not
/// a network failure: the message is not read to its end (its size is unbounded), so the connection cannot continue.
/// </summary>
public sealed class FrameTooLargeException : Exception
{
    public FrameTooLargeException()
        : this($"a message larger than {WebSocketSession.MaxMessageBytes} bytes")
    {
    }

    public FrameTooLargeException(string message)
        : base(message)
    {
    }

    public FrameTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
