using MarketPrism.Collector.Logging;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Logs frames that failed to parse without flooding the log when a venue sends many: the first few per minute are
/// logged with their reason and a short prefix of the frame (at debug level only, since frames can be large), the rest
/// are counted and summarized in the next logged line. Every failure is still counted in telemetry by the caller.
/// </summary>
internal sealed class FrameFailureLog(ILogger logger, string feed, TimeProvider time)
{
    private const int LinesPerWindow = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private long _windowStart = time.GetTimestamp();
    private int _loggedInWindow;
    private long _suppressed;

    public void Report(string connectionId, string reason, ReadOnlySpan<byte> frame)
    {
        long suppressed;
        lock (_lock)
        {
            if (time.GetElapsedTime(_windowStart) > Window)
            {
                _windowStart = time.GetTimestamp();
                _loggedInWindow = 0;
            }

            if (_loggedInWindow >= LinesPerWindow)
            {
                _suppressed++;
                return;
            }

            _loggedInWindow++;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        CollectorLog.FrameRejected(logger, feed, connectionId, reason, suppressed);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var prefix = System.Text.Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, 200)]);
            CollectorLog.FrameRejectedContent(logger, feed, prefix);
        }
    }
}
