using Microsoft.Extensions.Logging;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>Keeps every log line so tests can check what the sink said.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<LogLine> _lines = [];

    public IReadOnlyList<LogLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IEnumerable<LogLine> At(LogLevel level) => Lines.Where(line => line.Level == level);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(new LogLine(logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}

internal sealed record LogLine(LogLevel Level, int EventId, string Message);
