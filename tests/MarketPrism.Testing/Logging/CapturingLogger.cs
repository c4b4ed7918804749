using Microsoft.Extensions.Logging;

namespace MarketPrism.Testing;

/// <summary>
/// A typed logger over a <see cref="LogCapture"/>, under the name the sink tests knew it by: hand it to the class
/// under test as its <see cref="ILogger{T}"/> and read <see cref="Lines"/> (level, event id, message).
/// </summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ILogger<T> _logger;

    public CapturingLogger()
    {
        _logger = Capture.For<T>();
    }

    public LogCapture Capture { get; } = new();

    public IReadOnlyList<LogLine> Lines => Capture.Entries;

    public IEnumerable<LogLine> At(LogLevel level) => Capture.At(level);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}
