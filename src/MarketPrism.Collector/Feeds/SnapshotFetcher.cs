using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Rest;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Fetches REST depth snapshots for books that asked for one (Binance always, OKX when its stream sent no snapshot
/// in time), at most one fetch per instrument at a time. A failed fetch is retried with capped backoff while the book
/// keeps buffering updates and still waits for it; a snapshot the book finds too old is followed by another fetch, as
/// Binance and OKX document.
/// </summary>
internal sealed class SnapshotFetcher(MarketFeed feed, VenueRestClient rest, int limit, ILogger logger, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefetchDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, bool> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Asks for a snapshot; a request while one is in flight makes that fetch run once more afterwards.</summary>
    public void Request(Instrument instrument)
    {
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_inFlight.ContainsKey(instrument))
            {
                _inFlight[instrument] = true;
                return;
            }

            _inFlight[instrument] = false;
            _tasks.RemoveAll(task => task.IsCompleted);
            _tasks.Add(Task.Run(() => FetchAsync(instrument)));
        }
    }

    public async Task StopAsync()
    {
        Task[] running;
        lock (_lock)
        {
            _stop.Cancel();
            running = [.. _tasks];
        }

        await Task.WhenAll(running);
    }

    private async Task FetchAsync(Instrument instrument)
    {
        var token = _stop.Token;
        var retryDelay = FirstRetryDelay;
        var venue = feed.Settings.Venue;

        // The book keeps the updates from shortly before the request goes out, not all since it started waiting.
        var book = feed.GetBook(instrument);
        Action<DateTime>? sending = book is null ? null : book.NoteSnapshotRequestSent;
        try
        {
            while (!token.IsCancellationRequested)
            {
                // A book that no longer waits for this snapshot (an in-band one came, or its connection was lost)
                // would ignore it: stop instead of spending the REST budget. A request made meanwhile runs once more.
                if (book is { AwaitsRestSnapshot: false })
                {
                    lock (_lock)
                    {
                        if (!_inFlight[instrument])
                        {
                            _inFlight.Remove(instrument);
                            return;
                        }

                        _inFlight[instrument] = false;
                    }

                    if (!book.AwaitsRestSnapshot)
                    {
                        continue;
                    }
                }

                BookSyncAction action;
                try
                {
                    var response = await rest.GetAsync(venue.GetDepthSnapshotRequest(instrument, limit), sending, token);
                    var snapshot = venue.ParseValidatedDepthSnapshot(response.Body, response.ReceivedAt);
                    action = await feed.ApplySnapshotAsync(instrument, snapshot, response.ReceivedTimestamp, feed.AbortToken);
                    retryDelay = FirstRetryDelay;
                }
                catch (Exception ex) when (ex is RestRequestException or FormatException)
                {
                    if (ex is FormatException)
                    {
                        feed.Telemetry.RestRequestFailed("depth", ErrorType.Data, ex.Message);
                    }

                    CollectorLog.SnapshotFailed(logger, instrument.Exchange, instrument.MarketType.ToWireName(), InstrumentLabel.Of(instrument), ex.Message, retryDelay);
                    await Task.Delay(retryDelay, time, token);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                    continue;
                }

                if (action == BookSyncAction.FetchSnapshot)
                {
                    await Task.Delay(RefetchDelay, time, token);
                    continue;
                }

                lock (_lock)
                {
                    if (!_inFlight[instrument])
                    {
                        _inFlight.Remove(instrument);
                        return;
                    }

                    // Asked again while this fetch ran: the book may be waiting for a newer snapshot.
                    _inFlight[instrument] = false;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        lock (_lock)
        {
            _inFlight.Remove(instrument);
        }
    }

    public void Dispose() => _stop.Dispose();
}
