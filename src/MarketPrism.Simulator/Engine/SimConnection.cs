using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// One accepted WebSocket. A receive loop hands the client's messages to the venue's protocol and enforces the
/// message rate; a send loop drains a bounded queue of frames and replies, so the timeline never writes to a
/// socket itself and one slow client cannot stall the others (unless the timeline runs with backpressure).
/// Every way a connection ends — the client's close, a server close, an abort, a reset, a lost peer — is
/// recorded as one <see cref="CloseReason"/>.
/// </summary>
internal sealed class SimConnection
{
    private const int MaxIncomingMessageBytes = 1 << 20;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly HttpContext _http;
    private readonly Channel<OutboundItem> _queue;
    private readonly CancellationTokenSource _abort;
    private readonly Lock _gate = new();
    private readonly List<StreamChannel> _subscriptions = [];
    private readonly int _queueCapacity;
    private long _framesSent;
    private int _garblePending;
    private volatile bool _closing;
    private volatile bool _drainBeforeClose;
    private bool _aborted;
    private bool _finished;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = "";
    private string? _reason;
    private volatile bool _combined;
    private ITimer? _closeTimer;

    public SimConnection(
        long id,
        string venue,
        string path,
        bool combined,
        WebSocket socket,
        HttpContext http,
        int queueCapacity,
        TimeProvider time,
        CancellationToken shutdown)
    {
        Id = id;
        Venue = venue;
        Path = path;
        _combined = combined;
        _socket = socket;
        _http = http;
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

    public long FramesSent => Interlocked.Read(ref _framesSent);

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

    public ConnectionStatus ToStatus() => new(Id, Venue, Path, Combined, SubscriptionNames(), FramesSent, OpenedAt);

    /// <summary>
    /// Records the streams not yet subscribed as this connection's, unless the total would exceed
    /// <paramref name="maxStreams"/> (then nothing changes). Frames flow only after <see cref="Activate"/>, so the
    /// caller can queue its acknowledgement first.
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

    public void Activate(List<StreamChannel> channels)
    {
        foreach (var channel in channels)
        {
            channel.Add(this);
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

    public bool TryEnqueue(OutboundFrame frame) => _queue.Writer.TryWrite(OutboundItem.ForFrame(frame));

    /// <summary>Waits for room in the send queue (backpressure); returns at once if the connection is closing.</summary>
    public async ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        var item = OutboundItem.ForFrame(frame);
        while (await _queue.Writer.WaitToWriteAsync(cancellationToken))
        {
            if (_queue.Writer.TryWrite(item))
            {
                return;
            }
        }
    }

    /// <summary>Queues a reply to the client's request behind the frames already queued.</summary>
    public async ValueTask SendReplyAsync(ReadOnlyMemory<byte> reply)
    {
        try
        {
            await _queue.Writer.WriteAsync(OutboundItem.ForReply(reply), _abort.Token);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // Closing: the reply has nowhere to go.
        }
    }

    /// <summary>The next stream frame this connection sends is cut in half: invalid JSON, still valid UTF-8.</summary>
    public void GarbleNextFrame() => Volatile.Write(ref _garblePending, 1);

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
    public void Abort(string reason, bool reset)
    {
        lock (_gate)
        {
            if (_aborted || _finished)
            {
                return;
            }

            SetReason(reason);
            _aborted = true;
            _closing = true;
        }

        _queue.Writer.TryComplete();
        if (reset)
        {
            TcpReset.Reset(_http);
        }

        try
        {
            _abort.Cancel();
            _socket.Abort();
            _http.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request finished meanwhile: nothing left to abort.
        }
    }

    /// <summary>Runs the connection until it ends; returns the reason it ended.</summary>
    public async Task<string> RunAsync(
        Func<SimConnection, ReadOnlyMemory<byte>, ValueTask> onMessage,
        MessageRateWindow rate,
        Action<SimConnection> onRateViolation)
    {
        var writer = RunSendLoopAsync();
        try
        {
            await RunReceiveLoopAsync(onMessage, rate, onRateViolation);
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

            ITimer? closeTimer;
            lock (_gate)
            {
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

        return CloseReason ?? "closed";
    }

    private async Task RunReceiveLoopAsync(
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

                var result = await _socket.ReceiveAsync(buffer.AsMemory(count), _abort.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = _socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                    var description = string.IsNullOrEmpty(_socket.CloseStatusDescription) ? "" : $": {_socket.CloseStatusDescription}";
                    RequestClose(status, _socket.CloseStatusDescription ?? "", $"client closed ({status}{description})");
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
            await RecordSocketAbortAsync();
        }
        catch (WebSocketException ex)
        {
            await RecordSocketAbortAsync();
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
    private async Task RecordSocketAbortAsync()
    {
        if (_closing || _socket.State != WebSocketState.Aborted)
        {
            return;
        }

        try
        {
            await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
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

    private async Task RunSendLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while ((!IsClosing || _drainBeforeClose) && reader.TryRead(out var item))
                {
                    if (item.Frame is { } frame)
                    {
                        var payload = _combined ? frame.Combined : frame.Raw;
                        if (Interlocked.Exchange(ref _garblePending, 0) == 1)
                        {
                            payload = Garble(payload);
                        }

                        await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                        Interlocked.Increment(ref _framesSent);
                    }
                    else
                    {
                        await _socket.SendAsync(item.Reply, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
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

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, status == WebSocketCloseStatus.Empty ? null : description, _abort.Token);
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
