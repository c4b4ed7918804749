using Microsoft.Extensions.Logging;

namespace MarketPrism.Testing;

/// <summary>One log line as the code under test wrote it.</summary>
public sealed record LogLine(LogLevel Level, int EventId, string Category, string Message)
{
    public override string ToString() => $"{Level} {Category}: {Message}";
}

/// <summary>
/// Keeps every log line written through it, from any thread, so tests can check what the code said. It is both a
/// logger (pass it where one <see cref="ILogger"/> is taken) and a provider (add it to a host's logging, where every
/// category writes here too).
/// </summary>
public class LogCapture : ILoggerProvider, ILogger
{
    private readonly Lock _lock = new();
    private readonly List<LogLine> _entries = [];

    /// <summary>Every line so far, in the order written.</summary>
    public IReadOnlyList<LogLine> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every line so far as text: "Level Category: message" (and the exception, when one was logged).</summary>
    public IReadOnlyList<string> Text => Entries.Select(line => line.ToString()).ToList();

    public IEnumerable<LogLine> At(LogLevel level) => Entries.Where(line => line.Level == level);

    public ILogger<T> For<T>() => new CategoryLogger<T>(this);

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Add("", logLevel, eventId, state, exception, formatter);

    public void Dispose() => GC.SuppressFinalize(this);

    private void Add<TState>(string category, LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception) + (exception is null ? "" : " " + exception);
        lock (_lock)
        {
            _entries.Add(new LogLine(logLevel, eventId.Id, category, message));
        }
    }

    private class CategoryLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(category, logLevel, eventId, state, exception, formatter);
    }

    private sealed class CategoryLogger<T>(LogCapture capture) : CategoryLogger(capture, typeof(T).Name), ILogger<T>;
}
