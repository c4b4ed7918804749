using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Connections;
using MarketPrism.Collector.Logging;
using MarketPrism.Collector.Telemetry;
using MarketPrism.Exchanges.Abstractions;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// Keeps one logical connection (a fixed set of streams) alive for as long as the collector runs: reconnects with
/// exponential backoff and full jitter after a failure (the failure count resets once a connection is up), resets the
/// books it carried, and replaces the connection make-before-break before the venue's lifetime cut or when the venue
/// announces a shutdown. Exactly one socket is open at a time except during a hand-over.
/// </summary>
internal sealed class ConnectionSupervisor(
    MarketFeed feed,
    string id,
    IReadOnlyList<StreamSubscription> streams,
    Uri uri,
    ILogger logger,
    TimeProvider time)
{
    /// <summary>How long a replacement and its predecessor both receive before the hand-over, so the replacement's buffer covers what the predecessor last processed.</summary>
    private static readonly TimeSpan HandOverOverlap = TimeSpan.FromSeconds(1);

    private readonly ExponentialBackoff _backoff = new(
        feed.Settings.Connections.ReconnectBaseDelay, feed.Settings.Connections.ReconnectMaxDelay);

    private int _generation;
    private volatile FeedConnection? _current;

    public string Id => id;

    public IReadOnlyList<StreamSubscription> Streams => streams;

    /// <summary>Asks for the connection in service to be replaced make-before-break (e.g. a stream on it keeps stalling).</summary>
    public void RequestReplacement(string reason) => _current?.RequestReplacement(reason);

    /// <summary>A connection is in service, subscribed to every stream and receiving.</summary>
    public bool IsUp => _current is { IsActive: true, Completion.IsCompleted: false };

    /// <summary>How long the connection in service has received no frame of any kind; null when none is in service.</summary>
    public TimeSpan? SinceLastFrame => _current?.SinceLastFrame;

    /// <summary>
    /// Resubscribes one stream on the connection in service (a broken in-band book asks for a fresh snapshot this
    /// way). Returns why it failed, or null. Without a connection in service there is nothing to do: the reconnect
    /// subscribes everything again.
    /// </summary>
    public Task<string?> ResubscribeAsync(StreamSubscription stream) =>
        _current is { } connection ? connection.ResubscribeAsync(stream) : Task.FromResult<string?>(null);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        FeedConnection? current = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                current ??= await OpenWithRetryAsync(active: true, cancellationToken);
                _current = current;
                // Counted from when the socket opened: a successor already spent its connect time and the hand-over overlap.
                var remaining = feed.Settings.Connections.MaxLifetime - current.Age;
                // The lifetime timer is cancelled when this connection ends, or every reconnect would leave one pending for hours.
                using var lifetimeEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var lifetime = Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time, lifetimeEnd.Token);
                var finished = await Task.WhenAny(current.Completion, lifetime, current.ReplacementRequested);
                await lifetimeEnd.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();

                if (finished == current.Completion)
                {
                    var outcome = await current.Completion;
                    var lived = current.Age;
                    ReportLost(outcome);
                    _current = null;
                    await current.DisposeAsync();
                    current = null;
                    await feed.ResetBooksAsync(streams, $"connection {id} lost: {outcome.Detail}");
                    await BackOffUnlessStableAsync(lived, outcome.Detail, cancellationToken);
                    continue;
                }

                var reason = finished == lifetime
                    ? $"connection lifetime {feed.Settings.Connections.MaxLifetime} reached"
                    : await current.ReplacementRequested;
                current = await ReplaceAsync(current, reason, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _current = null;
            if (current is not null)
            {
                await current.CloseAsync("collector stopping");
                await current.DisposeAsync();
            }

            feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Closed, streams.Count, "stopped");
        }
    }

    private void ReportLost(ConnectionOutcome outcome)
    {
        if (outcome.Kind == ConnectionOutcomeKind.FrameTooLarge)
        {
            // Bad data from the venue, counted once as such; the reconnect it forces is not also a network error.
            feed.Telemetry.FrameFailed(FrameFailure.TooLarge, outcome.Detail);
            feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Reconnecting, streams.Count, outcome.Detail, error: null);
        }
        else
        {
            feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Reconnecting, streams.Count, outcome.Detail);
        }

        CollectorLog.ConnectionLost(logger, feed.Exchange, feed.MarketName, id, outcome.Kind.ToString(), outcome.Detail);
    }

    /// <summary>
    /// A connection that stayed up for <see cref="ConnectionOptions.ReconnectMaxDelay"/> was a success: the failure
    /// count resets and the reconnect is immediate. One lost sooner counts as another failure and waits its backoff,
    /// so a venue that accepts and then drops every connection (or sends a bad frame right away) never gets a tight
    /// reconnect loop.
    /// </summary>
    private async Task BackOffUnlessStableAsync(TimeSpan lived, string reason, CancellationToken cancellationToken)
    {
        if (lived >= feed.Settings.Connections.ReconnectMaxDelay)
        {
            _backoff.Reset();
            return;
        }

        var delay = _backoff.NextDelay();
        CollectorLog.ConnectFailed(logger, feed.Exchange, feed.MarketName, id, uri, $"lost after {lived.TotalSeconds:0.#} s: {reason}", delay, _backoff.Failures);
        await Task.Delay(delay, time, cancellationToken);
    }

    /// <summary>
    /// Opens a standby successor, lets both run for a moment, then hands over under the feed's gate and closes the
    /// predecessor. If the successor cannot be opened, the predecessor simply stays in service.
    /// </summary>
    private async Task<FeedConnection> ReplaceAsync(FeedConnection predecessor, string reason, CancellationToken cancellationToken)
    {
        CollectorLog.ConnectionReplacing(logger, feed.Exchange, feed.MarketName, id, reason);
        FeedConnection successor;
        try
        {
            successor = await OpenAsync(active: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            CollectorLog.ConnectionReplacementFailed(logger, feed.Exchange, feed.MarketName, id, ex.Message);
            return predecessor;
        }

        try
        {
            await Task.Delay(HandOverOverlap, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping during the overlap: the predecessor is still the active one and is closed by the caller.
            await successor.CloseAsync("collector stopping");
            await successor.DisposeAsync();
            throw;
        }

        await feed.HandOverAsync(predecessor, successor, feed.AbortToken);
        feed.ArmInBandSnapshotTimers(streams);
        await predecessor.CloseAsync("replaced by a newer connection");
        await predecessor.DisposeAsync();
        feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Up, streams.Count, $"replaced ({reason})");
        CollectorLog.ConnectionReplaced(logger, feed.Exchange, feed.MarketName, id, successor.Generation);
        return successor;
    }

    private async Task<FeedConnection> OpenWithRetryAsync(bool active, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // The failure count resets only once a connection has proven stable (BackOffUnlessStableAsync).
                return await OpenAsync(active, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A stop that arrives while an attempt fails (the venue unreachable) makes the failure moot: end as a
                // stop, not with the connect error, which would escape the run as a crash.
                cancellationToken.ThrowIfCancellationRequested();
                var delay = _backoff.NextDelay();
                feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Reconnecting, streams.Count, ex.Message);
                CollectorLog.ConnectFailed(logger, feed.Exchange, feed.MarketName, id, uri, ex.Message, delay, _backoff.Failures);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task<FeedConnection> OpenAsync(bool active, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Increment(ref _generation);
        if (active)
        {
            // A standby successor is not reported: the logical connection stays up through a hand-over.
            feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Connecting, streams.Count, null);
        }

        var connection = new FeedConnection(feed, id, generation, streams, uri, active, time);
        try
        {
            await feed.ConnectionGate.AcquireAsync(1, cancellationToken);
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (active)
        {
            feed.Telemetry.ConnectionStateChanged(id, ConnectionState.Up, streams.Count, null);
            feed.ArmInBandSnapshotTimers(streams);
        }

        CollectorLog.ConnectionUp(logger, feed.Exchange, feed.MarketName, id, generation, uri, streams.Count, active);
        return connection;
    }
}
