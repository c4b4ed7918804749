using System.Collections.Concurrent;
using System.Net.WebSockets;
using MarketPrism.Collector.Connections;
using MarketPrism.Core.Model;
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
    private readonly ConcurrentDictionary<long, PendingRequest> _pendingRequests = new();
    private readonly MessagePacer _pacer;
    private readonly IExchangeVenue _venue;
    private readonly Queue<(MarketRecord[] Records, long ReceivedAt)> _standby = new();
    private readonly TaskCompletionSource<string> _replacementRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketSession? _session;
    private ITimer? _watchdog;
    private Task _keepAlive = Task.CompletedTask;
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
        _venue = feed.Settings.Venue;
        Parser = feed.CreateParser();
        _pacer = new MessagePacer(_venue.Limits.MaxClientMessagesPerSecond, time);
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

    /// <summary>How long since the last frame of any kind (data, heartbeat, pong, subscription answer), or since opening.</summary>
    public TimeSpan SinceLastFrame => _time.GetElapsedTime(Interlocked.Read(ref _lastFrameAt));

    /// <summary>Completes with why the receive loop ended.</summary>
    public Task<ConnectionOutcome> Completion { get; private set; }

    /// <summary>Completes when the venue announced it will close this connection.</summary>
    public Task<string> ReplacementRequested => _replacementRequested.Task;

    /// <summary>
    /// This connection's own parser: it sees every frame of this connection exactly once, in order, and no other
    /// connection's, so venues whose parsers carry state from frame to frame (Bybit's merged tickers) stay exact
    /// while two connections of a feed overlap.
    /// </summary>
    public IFrameParser Parser { get; }

    /// <summary>Scratch lists reused for every frame of this connection (frames are handled one at a time).</summary>
    public List<MarketRecord> Parsed { get; } = new(4);

    public List<MarketRecord> Output { get; } = new(8);

    /// <summary>
    /// Connects, starts receiving, sends the venue's opening requests, subscribes every stream (paced within the
    /// venue's message limit) and waits for the venue to confirm; then starts the keep-alive and the no-data watchdog.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var options = _feed.Settings.Connections;
        var limits = _venue.Limits;
        _session = await WebSocketSession.ConnectAsync(_uri, options.ConnectTimeout, cancellationToken);
        _openedAt = _time.GetTimestamp();
        Interlocked.Exchange(ref _lastFrameAt, _openedAt);
        Completion = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        foreach (var request in _venue.GetOpeningRequests(_feed.NextRequestId))
        {
            await SendAsync(request, cancellationToken);
        }

        var answers = new List<Task<string?>>();
        for (var offset = 0; offset < Streams.Count; offset += limits.MaxStreamsPerRequest)
        {
            var chunk = Streams.Skip(offset).Take(limits.MaxStreamsPerRequest).ToList();
            answers.Add(SendRequestAsync(chunk, subscribe: true, cancellationToken));
        }

        var all = Task.WhenAll(answers);
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

        if (_venue.KeepAlive is { } keepAlive)
        {
            _keepAlive = Task.Run(() => KeepAliveAsync(keepAlive), CancellationToken.None);
        }

        if (options.NoDataTimeout > TimeSpan.Zero && MarketFeed.CarriesRegularStream(Streams))
        {
            var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.NoDataTimeout.Ticks / 4));
            _watchdog = _time.CreateTimer(_ => CheckForSilence(), null, period, period);
        }
    }

    /// <summary>
    /// Unsubscribes and subscribes one stream again, so an in-band book gets a fresh snapshot. Fire-and-forget from
    /// the caller's point of view: failures are returned as text for the log, and a dead connection reconnects anyway.
    /// </summary>
    public async Task<string?> ResubscribeAsync(StreamSubscription stream)
    {
        try
        {
            var unsubscribed = await SendRequestAsync([stream], subscribe: false, _stop.Token)
                .WaitAsync(_feed.Settings.Connections.ConnectTimeout, _time, _stop.Token);
            var subscribed = await SendRequestAsync([stream], subscribe: true, _stop.Token)
                .WaitAsync(_feed.Settings.Connections.ConnectTimeout, _time, _stop.Token);
            return unsubscribed ?? subscribed;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            return ex.Message;
        }
    }

    /// <summary>Called by the feed for the venue's answer to a request of this connection, by request id, by stream, or as the oldest waiting one.</summary>
    public void OnRequestAnswered(long? requestId, string? stream, string? error, bool answersOldest = false)
    {
        // Venues that echo nothing answer every request once, in order (Coinbase): the answer is the oldest waiting one's.
        if (answersOldest && requestId is null && stream is null)
        {
            foreach (var (key, _) in _pendingRequests)
            {
                requestId = requestId is { } oldest && oldest < key ? oldest : key;
            }
        }

        if (requestId is { } id && _pendingRequests.TryRemove(id, out var request))
        {
            if (error is null)
            {
                request.Confirm();
            }
            else
            {
                request.Reject(error);
            }

            return;
        }

        if (stream is not null)
        {
            foreach (var (key, pending) in _pendingRequests)
            {
                if (!pending.Covers(stream))
                {
                    continue;
                }

                if (error is null)
                {
                    pending.Confirm(stream);
                }
                else
                {
                    pending.Reject($"{stream}: {error}");
                }

                if (pending.Answer.IsCompleted)
                {
                    _pendingRequests.TryRemove(key, out _);
                }

                return;
            }
        }

        if (error is not null)
        {
            // An error that names neither a request nor a stream (a venue-wide rejection) fails every pending request.
            foreach (var pending in _pendingRequests.Values)
            {
                pending.Reject(error);
            }
        }
    }

    /// <summary>Answers the venue's heartbeat request (Deribit test_request) so it keeps the connection open.</summary>
    public async Task ReplyToHeartbeatAsync()
    {
        try
        {
            await SendAsync(_venue.BuildHeartbeatReply(_feed.NextRequestId()), _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is going away; its supervisor reconnects.
        }
    }

    public void RequestReplacement(string reason) => _replacementRequested.TrySetResult(reason);

    private Task<string?> SendRequestAsync(IReadOnlyList<StreamSubscription> streams, bool subscribe, CancellationToken cancellationToken)
    {
        var requestId = _feed.NextRequestId();
        var pending = new PendingRequest(streams.Select(stream => stream.Name));
        _pendingRequests[requestId] = pending;
        var message = subscribe ? _venue.BuildSubscribeRequest(streams, requestId) : _venue.BuildUnsubscribeRequest(streams, requestId);
        return SendThenAwaitAsync(message, pending, cancellationToken);
    }

    private async Task<string?> SendThenAwaitAsync(ReadOnlyMemory<byte> message, PendingRequest pending, CancellationToken cancellationToken)
    {
        await SendAsync(message, cancellationToken);
        return await pending.Answer;
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _pacer.WaitTurnAsync(cancellationToken);
        await _session!.SendTextAsync(message, cancellationToken);
    }

    private async Task KeepAliveAsync(KeepAlive keepAlive)
    {
        // Silence-triggered keep-alives check four times per interval so one goes out before the venue's cut.
        var tick = keepAlive.Trigger == KeepAliveTrigger.Periodic ? keepAlive.Interval : keepAlive.Interval / 4;
        using var timer = new PeriodicTimer(tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var silent = _time.GetElapsedTime(Interlocked.Read(ref _lastFrameAt));
                if (keepAlive.Trigger == KeepAliveTrigger.Periodic || silent >= keepAlive.Interval)
                {
                    await SendAsync(keepAlive.Message, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping, or the socket failed: the receive loop reports it and the supervisor reconnects.
        }
    }

    /// <summary>
    /// Keeps the records of a frame received on standby (parsed already, so a frame is never parsed twice). Under the
    /// feed's gate.
    /// </summary>
    public bool TryBuffer(List<MarketRecord> records, long receivedAt)
    {
        if (_standby.Count >= MaxStandbyFrames)
        {
            return false;
        }

        _standby.Enqueue(([.. records], receivedAt));
        return true;
    }

    /// <summary>Makes this connection the one whose frames count: buffered frames first, then live ones. Under the feed's gate.</summary>
    public IEnumerable<(MarketRecord[] Records, long ReceivedAt)> Activate()
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
        catch (FrameTooLargeException ex)
        {
            return new ConnectionOutcome(ConnectionOutcomeKind.FrameTooLarge, ex.Message);
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
                pending.Reject("connection closed before the venue answered");
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
        await _keepAlive;
        if (_session is not null)
        {
            // The receive loop must be over before the session returns its buffer to the pool: a frame it is still
            // handling lives in that buffer (a connection that failed while subscribing is disposed with its loop running).
            _session.Abort();
            await ((Task)Completion).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _session.DisposeAsync();
        }

        _stop.Dispose();
        _pacer.Dispose();
        _standby.Clear();
    }
}
