using System.Collections.Concurrent;
using System.Net.WebSockets;
using MarketPrism.Collector.Connections;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Collector.Feeds;

/// <summary>
/// One WebSocket connection of a market feed, carrying a fixed set of streams. It starts either active (its frames
/// are processed) or on standby (frames are kept, unprocessed, until <see cref="ActivateAsync"/>), which is how a
/// replacement connection overlaps the one it replaces without creating false sequence gaps.
/// </summary>
internal sealed class FeedConnection : IAsyncDisposable
{
    /// <summary>A standby connection that buffers more than this is abandoned rather than risk unbounded memory.</summary>
    private const int MaxStandbyFrames = 200_000;

    /// <summary>How long a closing connection waits for the server's close frame.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly MarketFeed _feed;
    private readonly Uri _uri;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string?>> _pendingRequests = new();
    private readonly Queue<(byte[] Frame, DateTime LocalTimestamp, long ReceivedAt)> _standby = new();
    private readonly TaskCompletionSource<string> _replacementRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketSession? _session;
    private ITimer? _watchdog;
    private long _lastFrameAt;
    private long _openedAt;
    private volatile bool _noData;
    private volatile bool _closing;

    public FeedConnection(MarketFeed feed, string id, int generation, IReadOnlyList<StreamSubscription> streams, Uri uri, bool active, TimeProvider time)
    {
        _feed = feed;
        Id = id;
        Generation = generation;
        Streams = streams;
        _uri = uri;
        _time = time;
        IsActive = active;
        Completion = Task.FromResult(new ConnectionOutcome(ConnectionOutcomeKind.Stopped, "never opened"));
    }

    public string Id { get; }

    public int Generation { get; }

    public IReadOnlyList<StreamSubscription> Streams { get; }

    /// <summary>Frames are processed (not buffered). Changed only under the feed's gate.</summary>
    public bool IsActive { get; private set; }

    /// <summary>A successor took over; frames are discarded. Changed only under the feed's gate.</summary>
    public bool IsRetired { get; private set; }

    /// <summary>How long ago the socket was opened (zero before <see cref="OpenAsync"/>).</summary>
    public TimeSpan Age => _openedAt == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_openedAt);

    /// <summary>Completes with why the receive loop ended.</summary>
    public Task<ConnectionOutcome> Completion { get; private set; }

    /// <summary>Completes when the venue announced it will close this connection.</summary>
    public Task<string> ReplacementRequested => _replacementRequested.Task;

    /// <summary>Scratch lists reused for every frame of this connection (frames are handled one at a time).</summary>
    public List<Core.Model.MarketRecord> Parsed { get; } = new(4);

    public List<Core.Model.MarketRecord> Output { get; } = new(8);

    /// <summary>Connects, starts receiving, subscribes every stream (paced within the venue's message limit) and waits for the venue to confirm.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var options = _feed.Settings.Connections;
        var limits = _feed.Settings.Venue.Limits;
        _session = await WebSocketSession.ConnectAsync(_uri, options.ConnectTimeout, cancellationToken);
        _openedAt = _time.GetTimestamp();
        Interlocked.Exchange(ref _lastFrameAt, _openedAt);
        Completion = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        // Stay under the venue's incoming-message limit with a margin for the socket's own keep-alive pongs.
        var spacing = TimeSpan.FromSeconds(1 / (limits.MaxClientMessagesPerSecond * 0.8));
        var confirmations = new List<Task<string?>>();
        for (var offset = 0; offset < Streams.Count; offset += limits.MaxStreamsPerRequest)
        {
            var chunk = Streams.Skip(offset).Take(limits.MaxStreamsPerRequest).ToList();
            var requestId = _feed.NextRequestId();
            var confirmation = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingRequests[requestId] = confirmation;
            confirmations.Add(confirmation.Task);
            await _session.SendTextAsync(_feed.Settings.Venue.BuildSubscribeRequest(chunk, requestId), cancellationToken);
            if (offset + limits.MaxStreamsPerRequest < Streams.Count)
            {
                await Task.Delay(spacing, _time, cancellationToken);
            }
        }

        var all = Task.WhenAll(confirmations);
        var finished = await Task.WhenAny(all, Completion).WaitAsync(options.ConnectTimeout, _time, cancellationToken);
        if (finished == Completion)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"closed while subscribing: {(await Completion).Detail}");
        }

        var errors = (await all).Where(error => error is not null).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"the venue rejected the subscription: {string.Join("; ", errors)}");
        }

        if (_feed.Settings.Connections.NoDataTimeout > TimeSpan.Zero && MarketFeed.CarriesRegularStream(Streams))
        {
            var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _feed.Settings.Connections.NoDataTimeout.Ticks / 4));
            _watchdog = _time.CreateTimer(_ => CheckForSilence(), null, period, period);
        }
    }

    /// <summary>Called by the feed for the venue's answer to a request this connection sent.</summary>
    public void OnRequestAnswered(long? requestId, string? error)
    {
        if (requestId is { } id && _pendingRequests.TryRemove(id, out var confirmation))
        {
            confirmation.TrySetResult(error);
        }
        else if (error is not null)
        {
            // An error without an id we know (e.g. a venue-wide rejection) fails every pending request.
            foreach (var pending in _pendingRequests.Values)
            {
                pending.TrySetResult(error);
            }
        }
    }

    public void RequestReplacement(string reason) => _replacementRequested.TrySetResult(reason);

    /// <summary>Keeps a copy of a frame received on standby. Under the feed's gate.</summary>
    public bool TryBuffer(ReadOnlySpan<byte> frame, DateTime localTimestamp, long receivedAt)
    {
        if (_standby.Count >= MaxStandbyFrames)
        {
            return false;
        }

        _standby.Enqueue((frame.ToArray(), localTimestamp, receivedAt));
        return true;
    }

    /// <summary>Makes this connection the one whose frames count: buffered frames first, then live ones. Under the feed's gate.</summary>
    public IEnumerable<(byte[] Frame, DateTime LocalTimestamp, long ReceivedAt)> Activate()
    {
        IsActive = true;
        while (_standby.TryDequeue(out var buffered))
        {
            yield return buffered;
        }
    }

    /// <summary>Stops counting this connection's frames. Under the feed's gate.</summary>
    public void Retire() => IsRetired = true;

    /// <summary>
    /// Closes with the WebSocket close handshake: sends a close frame, lets the receive loop read the server's answer
    /// (frames that arrive meanwhile are still handled), and aborts only if the server does not answer in time.
    /// Cancelling a pending receive would abort the socket without a handshake, so that is the last resort.
    /// </summary>
    public async Task CloseAsync(string reason)
    {
        _closing = true;
        if (_session is { } session)
        {
            await session.CloseOutputAsync(reason, CloseHandshakeTimeout);
            try
            {
                await Completion.WaitAsync(CloseHandshakeTimeout, _time);
            }
            catch (TimeoutException)
            {
            }
        }

        await _stop.CancelAsync();
        _session?.Abort();
        try
        {
            await Completion;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void CheckForSilence()
    {
        var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastFrameAt));
        if (silent > _feed.Settings.Connections.NoDataTimeout)
        {
            _noData = true;
            _session?.Abort();
        }
    }

    private async Task<ConnectionOutcome> ReceiveLoopAsync()
    {
        var session = _session!;
        try
        {
            while (true)
            {
                var frame = await session.ReceiveAsync(_stop.Token);
                if (frame is null)
                {
                    return _closing
                        ? new ConnectionOutcome(ConnectionOutcomeKind.Stopped, "closed by the collector")
                        : new ConnectionOutcome(ConnectionOutcomeKind.ClosedByServer, session.CloseDescription ?? "closed by the server");
                }

                var receivedAt = _time.GetTimestamp();
                Interlocked.Exchange(ref _lastFrameAt, receivedAt);
                // The stop token ends receiving, not handling: a frame already received is written in full.
                await _feed.HandleFrameAsync(this, frame.Value, _time.GetUtcNow().UtcDateTime, receivedAt, _feed.AbortToken);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _closing)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.Stopped, "closed by the collector");
        }
        catch (Exception ex) when (_noData)
        {
            _ = ex;
            return new ConnectionOutcome(
                ConnectionOutcomeKind.NoData, $"no data for {_feed.Settings.Connections.NoDataTimeout.TotalSeconds:0} s");
        }
        catch (WebSocketException ex)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.Failed, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.Failed, ex.Message);
        }
        finally
        {
            foreach (var pending in _pendingRequests.Values)
            {
                pending.TrySetResult("connection closed before the venue answered");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }

        await _stop.CancelAsync();
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        _stop.Dispose();
        _standby.Clear();
    }
}
