using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Collector.Telemetry;

/// <summary>Sends every event to several telemetry implementations (totals, Prometheus, health).</summary>
public sealed class CompositeTelemetry(params ICollectorTelemetry[] parts) : ICollectorTelemetry
{
    public IFeedTelemetry ForFeed(FeedInfo feed) => new CompositeFeed(Array.ConvertAll(parts, part => part.ForFeed(feed)));

    public void RecordDropped(MarketRecord record)
    {
        foreach (var part in parts)
        {
            part.RecordDropped(record);
        }
    }

    public void SinkRegistered(string sink)
    {
        foreach (var part in parts)
        {
            part.SinkRegistered(sink);
        }
    }

    public void BatchWritten(string sink, int records, TimeSpan elapsed)
    {
        foreach (var part in parts)
        {
            part.BatchWritten(sink, records, elapsed);
        }
    }

    public void SinkFailed(string sink, int records, int attempt, Exception error)
    {
        foreach (var part in parts)
        {
            part.SinkFailed(sink, records, attempt, error);
        }
    }

    public void BatchSpooled(string sink, int records)
    {
        foreach (var part in parts)
        {
            part.BatchSpooled(sink, records);
        }
    }

    public void SpoolReplayed(string sink, int records)
    {
        foreach (var part in parts)
        {
            part.SpoolReplayed(sink, records);
        }
    }

    public void SpoolDropped(string sink, long records, string reason)
    {
        foreach (var part in parts)
        {
            part.SpoolDropped(sink, records, reason);
        }
    }

    public void SpoolSizeChanged(string sink, long records, long bytes)
    {
        foreach (var part in parts)
        {
            part.SpoolSizeChanged(sink, records, bytes);
        }
    }

    public void SinkAvailabilityChanged(string sink, bool available, string? reason)
    {
        foreach (var part in parts)
        {
            part.SinkAvailabilityChanged(sink, available, reason);
        }
    }

    public void JobRegistered(string job, TimeSpan typicalInterval)
    {
        foreach (var part in parts)
        {
            part.JobRegistered(job, typicalInterval);
        }
    }

    public void JobCompleted(string job, Scheduling.JobResult result, TimeSpan duration)
    {
        foreach (var part in parts)
        {
            part.JobCompleted(job, result, duration);
        }
    }

    public void JobSkipped(string job, int occurrences)
    {
        foreach (var part in parts)
        {
            part.JobSkipped(job, occurrences);
        }
    }

    private sealed class CompositeFeed(IFeedTelemetry[] feeds) : IFeedTelemetry
    {
        public void FrameProcessed(int records)
        {
            foreach (var feed in feeds)
            {
                feed.FrameProcessed(records);
            }
        }

        public void RecordAccepted(MarketRecord record, TimeSpan sinceReceived)
        {
            foreach (var feed in feeds)
            {
                feed.RecordAccepted(record, sinceReceived);
            }
        }

        public void RecordDuplicate(MarketRecord record)
        {
            foreach (var feed in feeds)
            {
                feed.RecordDuplicate(record);
            }
        }

        public void FrameFailed(FrameFailure failure, string reason)
        {
            foreach (var feed in feeds)
            {
                feed.FrameFailed(failure, reason);
            }
        }

        public void FrameIgnored()
        {
            foreach (var feed in feeds)
            {
                feed.FrameIgnored();
            }
        }

        public void ConnectionStateChanged(string connectionId, ConnectionState state, int streams, string? reason, ErrorType? error = ErrorType.Network)
        {
            foreach (var feed in feeds)
            {
                feed.ConnectionStateChanged(connectionId, state, streams, reason, error);
            }
        }

        public void BookResynced(Instrument instrument, ResyncReason reason, string detail)
        {
            foreach (var feed in feeds)
            {
                feed.BookResynced(instrument, reason, detail);
            }
        }

        public void BookSynced(Instrument instrument, long updateId)
        {
            foreach (var feed in feeds)
            {
                feed.BookSynced(instrument, updateId);
            }
        }

        public void BookUpdateIdsSkipped(Instrument instrument, long skipped)
        {
            foreach (var feed in feeds)
            {
                feed.BookUpdateIdsSkipped(instrument, skipped);
            }
        }

        public void SequenceGap(Instrument instrument, DataType dataType, long missing, string detail)
        {
            foreach (var feed in feeds)
            {
                feed.SequenceGap(instrument, dataType, missing, detail);
            }
        }

        public void RestRequestCompleted(string endpoint, int statusCode, TimeSpan elapsed)
        {
            foreach (var feed in feeds)
            {
                feed.RestRequestCompleted(endpoint, statusCode, elapsed);
            }
        }

        public void RestRequestFailed(string endpoint, ErrorType error, string reason)
        {
            foreach (var feed in feeds)
            {
                feed.RestRequestFailed(endpoint, error, reason);
            }
        }

        public void RestRateLimiterWaited(TimeSpan waited)
        {
            foreach (var feed in feeds)
            {
                feed.RestRateLimiterWaited(waited);
            }
        }

        public void RestRetrying(string endpoint, int attempt, TimeSpan delay, string reason)
        {
            foreach (var feed in feeds)
            {
                feed.RestRetrying(endpoint, attempt, delay, reason);
            }
        }

        public void RestBlocked(int status, TimeSpan duration)
        {
            foreach (var feed in feeds)
            {
                feed.RestBlocked(status, duration);
            }
        }

        public void CircuitStateChanged(string endpoint, Polly.CircuitBreaker.CircuitState state)
        {
            foreach (var feed in feeds)
            {
                feed.CircuitStateChanged(endpoint, state);
            }
        }

        public void StreamStalled(Instrument instrument, DataType dataType, TimeSpan silence, bool escalated)
        {
            foreach (var feed in feeds)
            {
                feed.StreamStalled(instrument, dataType, silence, escalated);
            }
        }
    }
}
