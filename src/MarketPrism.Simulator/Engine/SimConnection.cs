using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// One WebSocket connection. A receive loop hands the client's messages to the venue's protocol and enforces the
/// message rate; a send loop drains a bounded queue of frames and replies, so the timeline never writes to a
/// socket itself and one slow client cannot stall the others (unless the timeline runs with backpressure).
/// Every way a connection ends — the client's close, a server close, an abort, a reset, a lost peer — is
/// recorded as one <see cref="CloseReason"/>.
/// </summary>
/// <remarks>
/// The connection exists before its WebSocket upgrade completes, so the streams named in the address can be live
/// before the client sees the connection open: frames generated meanwhile wait in the queue. A stream subscribed
/// later goes live when its acknowledgement leaves the queue. Either way a client misses no frame generated after
/// it learnt it was subscribed, and a subscription's first frame never precedes its acknowledgement.
/// </remarks>
internal sealed class SimConnection
{
    private const int MaxIncomingMessageBytes = 1 << 20;

    /// <summary>
    /// Whitespace an oversized frame is padded with, sent chunk by chunk so a 20 MB frame costs no 20 MB buffer.
    /// Insignificant whitespace after a JSON value keeps the frame well-formed.
    /// </summary>
    private static readonly ReadOnlyMemory<byte> Padding = CreatePadding(64 * 1024);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpContext _http;
    private readonly Action<SimConnection, List<StreamChannel>> _onActivated;
    private readonly Channel<OutboundItem> _queue;
    private readonly CancellationTokenSource _abort;
    private readonly Lock _gate = new();
    private readonly List<StreamChannel> _subscriptions = [];
    private readonly int _queueCapacity;
    private long _framesSent;
    private long _framesQueued;

    private long _nextSequence;
    private int _garblePending;
    private int _oversizeBytes;
    private volatile bool _closing;
    private volatile bool _drainBeforeClose;
    private bool _aborted;
    private bool _finished;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "";
    private string? _reason;
    private volatile bool _combined;
    private ITimer? _closeTimer;
    private WebSocket? _socket;

    public SimConnection(
        long id,
        string venue,
        string path,
        bool combined,
        HttpContext http,
        int queueCapacity,
        TimeProvider time,
        Action<SimConnection, List<StreamChannel>> onActivated,
        CancellationToken shutdown)
    {
        Id = id;
        Venue = venue;
        Path = path;
        _combined = combined;
        _http = http;
        _onActivated = onActivated;
        _queueCapacity = queueCapacity;
        OpenedAt = time.GetUtcNow();
        _queue = Channel.CreateBounded<OutboundItem>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _abort = CancellationTokenSource.CreateLinkedTokenSource(shutdown, http.RequestAborted);
    }

    public long Id { get; }

    public string Venue { get; }

    public string Path { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>Whether frames go out wrapped (combined stream) or as the bare data object (raw stream).</summary>
    public bool Combined
    {
        get => _combined;
        set => _combined = value;
    }

    /// <summary>Stream frames written to the socket (replies excluded).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Stream frames taken into the send queue (replies excluded), written or not.</summary>
    public long FramesQueued => Interlocked.Read(ref _framesQueued);

    /// <summary>
    /// Stream frames queued and not yet written. A frame counts until its write has completed, so 0 means every
    /// frame queued so far is on the socket. A close that drops the queue leaves this above 0 until the connection
    /// is gone.
    /// </summary>
    public long FramesPending
    {
        get
        {
            // Sent first: a frame is counted queued before the send loop can see it, so the later read of the
            // queued count covers every frame already counted sent and the difference is never below 0.
            var sent = FramesSent;
            return FramesQueued - sent;
        }
    }

    /// <summary>Why the connection ended (the first cause wins); null while it is open.</summary>
    public string? CloseReason => Volatile.Read(ref _reason);

    public int SubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public string[] SubscriptionNames()
    {
        lock (_gate)
        {
            var names = new string[_subscriptions.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _subscriptions[i].Name;
            }

            return names;
        }
    }

    public ConnectionStatus ToStatus()
    {
        var sent = FramesSent;
        var queued = FramesQueued;
        return new(Id, Venue, Path, Combined, SubscriptionNames(), sent, queued, queued - sent, OpenedAt);
    }

    /// <summary>
    /// Records the streams not yet subscribed as this connection's, unless the total would exceed
    /// <paramref name="maxStreams"/> (then nothing changes). Frames flow only once they are activated: by
    /// <see cref="Activate"/>, or by the acknowledgement given to <see cref="SendReplyAsync"/> leaving the queue.
    /// </summary>
    public bool TryReserve(IReadOnlyList<StreamChannel> channels, int maxStreams, out List<StreamChannel> added)
    {
        added = [];
        lock (_gate)
        {
            foreach (var channel in channels)
            {
                if (!_subscriptions.Contains(channel) && !added.Contains(channel))
                {
                    added.Add(channel);
                }
            }

            if (_subscriptions.Count + added.Count > maxStreams)
            {
                added.Clear();
                return false;
            }

            _subscriptions.AddRange(added);
            return true;
        }
    }

    /// <summary>
    /// Makes reserved streams live: every frame published on them from now on is queued to this connection. Streams
    /// unsubscribed meanwhile stay silent. The venue is told which streams went live.
    /// </summary>
    public void Activate(List<StreamChannel> channels)
    {
        var live = new List<StreamChannel>(channels.Count);
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            foreach (var channel in channels)
            {
                if (_subscriptions.Contains(channel))
                {
                    channel.Add(this);
                    live.Add(channel);
                }
            }
        }

        if (live.Count > 0)
        {
            _onActivated(this, live);
        }
    }

    public void Unsubscribe(IEnumerable<string> names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                var index = _subscriptions.FindIndex(c => string.Equals(c.Name, name, StringComparison.Ordinal));
                if (index >= 0)
                {
                    _subscriptions[index].Remove(this);
                    _subscriptions.RemoveAt(index);
                }
            }
        }
    }

    /// <summary>
    /// Queues a frame without waiting. False only when the queue is full (a slow consumer): a connection that is
    /// closing takes no more frames, and that is no fault of its client's.
    /// </summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        // Counted before it is in the queue, so the send loop can never have written a frame not yet counted queued.
        Interlocked.Increment(ref _framesQueued);
        if (_queue.Writer.TryWrite(OutboundItem.ForFrame(frame)))
        {
            return true;
        }

        Interlocked.Decrement(ref _framesQueued);
        return _closing;
    }

    /// <summary>
    /// Queues an answer to the client's request without waiting, where it must be queued under the venue's lock (a
    /// stream's current value sent on subscribing, atomically with joining the stream). Unlike a stream frame it is
    /// not counted in <see cref="FramesSent"/>, which then counts exactly the stream frames generated while the
    /// connection listened. False only when the queue is full.
    /// </summary>
    public bool TryEnqueueReply(ReadOnlyMemory<byte> reply) => _queue.Writer.TryWrite(OutboundItem.ForReply(reply, null)) || _closing;

    /// <summary>Waits for room in the send queue (backpressure); returns at once if the connection is closing.</summary>
    public async ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        var item = OutboundItem.ForFrame(frame);
        while (await _queue.Writer.WaitToWriteAsync(cancellationToken))
        {
            Interlocked.Increment(ref _framesQueued);
            if (_queue.Writer.TryWrite(item))
            {
                return;
            }

            Interlocked.Decrement(ref _framesQueued);
        }
    }

    /// <summary>
    /// Queues a reply to the client's request behind the frames already queued. The reserved streams in
    /// <paramref name="activates"/> go live as the reply leaves the queue, so it precedes their first frame.
    /// </summary>
    /// <param name="sequenceAt">Where the connection's message number goes into the reply, or -1 (see <see cref="OutboundFrame.SequenceAt"/>).</param>
    public async ValueTask SendReplyAsync(ReadOnlyMemory<byte> reply, List<StreamChannel>? activates = null, int sequenceAt = -1)
    {
        try
        {
            await _queue.Writer.WriteAsync(OutboundItem.ForReply(reply, activates, sequenceAt), _abort.Token);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // Closing: the reply has nowhere to go.
        }
    }

    /// <summary>The next stream frame this connection sends is cut in half: invalid JSON, still valid UTF-8.</summary>
    public void GarbleNextFrame() => Volatile.Write(ref _garblePending, 1);

    /// <summary>
    /// The next stream frame this connection sends is padded with trailing whitespace to <paramref name="bytes"/>
    /// bytes: still well-formed JSON, with the frame's data, but larger than any client should accept.
    /// </summary>
    public void OversizeNextFrame(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Volatile.Write(ref _oversizeBytes, bytes);
    }

    public void DropSlowConsumer() =>
        Abort($"slow consumer: {_queueCapacity} frames queued and not read", reset: false);

    /// <summary>
    /// Starts a clean close: a close frame is sent after what is already queued when <paramref name="drainQueued"/>,
    /// else at once (queued frames are dropped). Nothing new is queued after this. False if already closing.
    /// </summary>
    public bool RequestClose(WebSocketCloseStatus status, string description, string reason, bool drainQueued = false)
    {
        lock (_gate)
        {
            if (_closing || _finished)
            {
                return false;
            }

            _drainBeforeClose = drainQueued;
            _closing = true;
            _closeStatus = status;
            _closeDescription = description;

            // A transport timeout, not simulated time: it runs on the real clock even under a fake TimeProvider.
            _closeTimer = TimeProvider.System.CreateTimer(
                static state => ((SimConnection)state!).Abort("close handshake timed out", reset: false),
                this,
                CloseHandshakeTimeout,
                Timeout.InfiniteTimeSpan);
        }

        SetReason(reason);
        _queue.Writer.TryComplete();
        return true;
    }

    /// <summary>
    /// Ends the connection without a close handshake. With <paramref name="reset"/> the TCP connection is reset
    /// (RST, linger 0) instead of closed.
    /// </summary>
    /// <returns>
    /// True when this call ended the connection; false when it had already ended (aborted, or finished: a fault
    /// racing with the client's own close is not an error, and is not reported as a connection it ended).
    /// </returns>
    public bool Abort(string reason, bool reset)
    {
        WebSocket? socket;
        lock (_gate)
        {
            if (_aborted || _finished)
            {
                return false;
            }

            SetReason(reason);
            _aborted = true;
            _closing = true;
            socket = _socket;

            // The request is torn down inside the gate: Release() takes the gate before the request handler returns,
            // and Kestrel recycles the HttpContext only after that, so here the context is still the live request's.
            // Outside the gate the connection could finish in between, and the recycled context throws.
            if (reset)
            {
                TcpReset.Reset(_http);
            }

            try
            {
                _http.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The reset already ended the request.
            }
        }

        _queue.Writer.TryComplete();
        try
        {
            _abort.Cancel();
            socket?.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The connection finished meanwhile (Release disposed its token): nothing left to abort.
        }

        return true;
    }

    /// <summary>
    /// Ends a connection whose WebSocket upgrade failed: it is never run, and its streams stop queueing to it.
    /// </summary>
    public void Discard(string reason)
    {
        Abort(reason, reset: false);
        Release();
    }

    /// <summary>Runs the connection over its accepted WebSocket until it ends; returns the reason it ended.</summary>
    public async Task<string> RunAsync(
        WebSocket socket,
        Func<SimConnection, ReadOnlyMemory<byte>, ValueTask> onMessage,
        MessageRateWindow rate,
        Action<SimConnection> onRateViolation)
    {
        bool aborted;
        lock (_gate)
        {
            _socket = socket;
            aborted = _aborted;
        }

        if (aborted)
        {
            socket.Abort(); // Ended while the upgrade completed, e.g. dropped as a slow consumer.
        }

        var writer = RunSendLoopAsync(socket);
        try
        {
            await RunReceiveLoopAsync(socket, onMessage, rate, onRateViolation);
        }
        finally
        {
            if (!_closing)
            {
                // The receive loop ended without a close handshake: the peer vanished or the socket faulted.
                Abort("connection lost", reset: false);
            }

            _queue.Writer.TryComplete();
            try
            {
                await writer.WaitAsync(CloseHandshakeTimeout, TimeProvider.System);
            }
            catch (TimeoutException)
            {
                Abort("send stalled while closing", reset: false);
                await writer;
            }

            Release();
        }

        return CloseReason ?? "closed";
    }

    private async Task RunReceiveLoopAsync(
        WebSocket socket,
        Func<SimConnection, ReadOnlyMemory<byte>, ValueTask> onMessage,
        MessageRateWindow rate,
        Action<SimConnection> onRateViolation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var count = 0;
        var discarding = false;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= MaxIncomingMessageBytes)
                    {
                        RequestClose(WebSocketCloseStatus.MessageTooBig, "Message too big", $"client message over {MaxIncomingMessageBytes} bytes");
                        discarding = true;
                        count = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), _abort.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                    var description = string.IsNullOrEmpty(socket.CloseStatusDescription) ? "" : $": {socket.CloseStatusDescription}";
                    RequestClose(status, socket.CloseStatusDescription ?? "", $"client closed ({status}{description})");
                    return;
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var message = buffer.AsMemory(0, count);
                count = 0;
                if (discarding)
                {
                    discarding = false;
                    continue;
                }

                if (IsClosing)
                {
                    continue;
                }

                if (!rate.TryAcquire())
                {
                    onRateViolation(this);
                    continue;
                }

                await onMessage(this, message);
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted by us (the reason is recorded) or by the socket itself (the keep-alive timeout).
            await RecordSocketAbortAsync(socket);
        }
        catch (WebSocketException ex)
        {
            await RecordSocketAbortAsync(socket);
            SetReason($"connection failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            SetReason($"connection lost: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// When the socket aborted itself, says why. The WebSocket keeps the cause (a pong that never came within the
    /// keep-alive timeout) and reports it as the inner exception of the next operation on the aborted socket.
    /// </summary>
    private async Task RecordSocketAbortAsync(WebSocket socket)
    {
        if (_closing || socket.State != WebSocketState.Aborted)
        {
            return;
        }

        try
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        }
        catch (WebSocketException ex) when (ex.InnerException is WebSocketException cause)
        {
            SetReason($"dropped: {cause.Message}");
        }
        catch (WebSocketException)
        {
            // No recorded cause.
        }
    }

    private async Task RunSendLoopAsync(WebSocket socket)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while ((!IsClosing || _drainBeforeClose) && reader.TryRead(out var item))
                {
                    if (item.Frame is { IsSequenceSkip: true })
                    {
                        _nextSequence++; // A message numbered and lost: the client sees the gap.
                    }
                    else if (item.Frame is { } frame)
                    {
                        var payload = _combined ? frame.Combined : frame.Raw;
                        using var numbered = Number(payload, frame.SequenceAt);
                        payload = numbered.Payload;
                        if (Interlocked.Exchange(ref _garblePending, 0) == 1)
                        {
                            payload = Garble(payload);
                        }

                        var oversize = Interlocked.Exchange(ref _oversizeBytes, 0);
                        if (oversize > payload.Length)
                        {
                            await SendPaddedAsync(socket, payload, oversize, _abort.Token);
                        }
                        else
                        {
                            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                        }

                        Interlocked.Increment(ref _framesSent);
                    }
                    else
                    {
                        if (item.Activates is { } subscribed)
                        {
                            // Live from here: every frame of these streams queued from now on follows the
                            // acknowledgement, and none generated after the client has read it is missed.
                            Activate(subscribed);
                        }

                        using var numbered = Number(item.Reply, item.ReplySequenceAt);
                        await socket.SendAsync(numbered.Payload, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                    }
                }

                if (IsClosing && !_drainBeforeClose)
                {
                    break;
                }
            }

            WebSocketCloseStatus status;
            string description;
            lock (_gate)
            {
                if (_aborted)
                {
                    return;
                }

                status = _closeStatus;
                description = _closeDescription;
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, status == WebSocketCloseStatus.Empty ? null : description, _abort.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted.
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            Abort($"send failed: {ex.Message}", reset: false);
        }
    }

    private bool IsClosing => _closing;

    /// <summary>
    /// Writes this connection's next message number into <paramref name="payload"/> at <paramref name="at"/> (a pooled
    /// copy), or returns the payload unchanged when it carries no number (<paramref name="at"/> is -1). Called by the
    /// send loop only, so numbers follow the order messages leave.
    /// </summary>
    private NumberedPayload Number(ReadOnlyMemory<byte> payload, int at)
    {
        if (at < 0)
        {
            return new NumberedPayload(payload, null);
        }

        Debug.Assert(at <= payload.Length, "the number's position lies inside the frame");
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length + 20);
        payload.Span[..at].CopyTo(buffer);
        Utf8Formatter.TryFormat(_nextSequence++, buffer.AsSpan(at), out var digits);
        payload.Span[at..].CopyTo(buffer.AsSpan(at + digits));
        return new NumberedPayload(buffer.AsMemory(0, payload.Length + digits), buffer);
    }

    /// <summary>A payload to send, and the pooled buffer it lives in when it was numbered (returned on dispose).</summary>
    private readonly record struct NumberedPayload(ReadOnlyMemory<byte> Payload, byte[]? Rented) : IDisposable
    {
        public void Dispose()
        {
            if (Rented is not null)
            {
                ArrayPool<byte>.Shared.Return(Rented);
            }
        }
    }

    /// <summary>Sends <paramref name="payload"/> then whitespace up to <paramref name="total"/> bytes, as one message in fragments.</summary>
    private static async ValueTask SendPaddedAsync(WebSocket socket, ReadOnlyMemory<byte> payload, int total, CancellationToken cancellationToken)
    {
        await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: false, cancellationToken);
        var remaining = total - payload.Length;
        while (remaining > 0)
        {
            var chunk = Padding[..Math.Min(remaining, Padding.Length)];
            remaining -= chunk.Length;
            await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: remaining == 0, cancellationToken);
        }
    }

    private static byte[] CreatePadding(int length)
    {
        var padding = new byte[length];
        padding.AsSpan().Fill((byte)' ');
        return padding;
    }

    /// <summary>Marks the connection finished: its streams stop queueing to it and its timers end.</summary>
    private void Release()
    {
        ITimer? closeTimer;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            _finished = true;
            closeTimer = _closeTimer;
            _closeTimer = null;
            foreach (var channel in _subscriptions)
            {
                channel.Remove(this);
            }
        }

        closeTimer?.Dispose();
        _abort.Dispose();
    }

    private void SetReason(string reason) => Interlocked.CompareExchange(ref _reason, reason, null);

    /// <summary>Cuts a frame in half (never inside a UTF-8 sequence): what a corrupted message looks like to a parser.</summary>
    internal static ReadOnlyMemory<byte> Garble(ReadOnlyMemory<byte> payload)
    {
        var cut = Math.Max(1, payload.Length / 2);
        var span = payload.Span;
        while (cut > 1 && cut < span.Length && (span[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return payload[..cut];
    }
}
