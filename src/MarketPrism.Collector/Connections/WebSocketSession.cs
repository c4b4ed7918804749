using System.Buffers;
using System.Net.WebSockets;

namespace MarketPrism.Collector.Connections;

/// <summary>
/// One client WebSocket with a pooled receive buffer that reassembles fragmented messages. Control frames (the
/// venue's pings) are answered by the platform's WebSocket implementation. Not thread-safe for concurrent receives;
/// sends are serialized.
/// </summary>
public sealed class WebSocketSession : IAsyncDisposable
{
    /// <summary>Larger messages are a protocol fault, not data: no public market-data frame comes near this.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>
    /// Buffers up to this size come from the shared array pool. A message bigger than this is rare (none in normal
    /// market data): its buffer is a plain array, dropped before the next receive, so one huge message neither pins
    /// megabytes for the connection's life nor parks them in the process-wide pool.
    /// </summary>
    private const int PooledBufferBytes = 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer;
    private int _disposed;

    private WebSocketSession(ClientWebSocket socket)
    {
        _socket = socket;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    public WebSocketState State => _socket.State;

    /// <summary>Size of the pooled receive buffer held now (tests check a big message does not pin a big buffer).</summary>
    internal int BufferLength => _buffer.Length;

    public static async Task<WebSocketSession> ConnectAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // Unsolicited pongs every 30 s keep NAT/proxies open; venues accept them (Binance documents it).
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(uri, timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new WebSocketException(WebSocketError.Faulted, $"Connecting to {uri} timed out after {timeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new WebSocketSession(socket);
    }

    /// <summary>
    /// Receives one whole message. The returned memory is valid until the next call. Returns <c>null</c> when the
    /// server closed the connection (see <see cref="CloseDescription"/>).
    /// </summary>
    /// <exception cref="FrameTooLargeException">
    /// The message exceeds <see cref="MaxMessageBytes"/>. The rest of it is not read, so the session is unusable:
    /// the caller drops the connection.
    /// </exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length > PooledBufferBytes)
        {
            // One big message must not pin megabytes for the connection's life.
            Resize(InitialBufferBytes, keep: 0);
        }

        var count = 0;
        while (true)
        {
            if (count == _buffer.Length)
            {
                if (_buffer.Length >= MaxMessageBytes)
                {
                    Resize(InitialBufferBytes, keep: 0);
                    throw new FrameTooLargeException($"a message larger than {MaxMessageBytes} bytes ({MaxMessageBytes / (1024 * 1024)} MiB)");
                }

                Resize(_buffer.Length * 2, keep: count);
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsMemory(0, count);
            }
        }
    }

    private void Resize(int length, int keep)
    {
        var next = length <= PooledBufferBytes ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);
        _buffer.AsSpan(0, keep).CopyTo(next);
        Release(_buffer);
        _buffer = next;
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= PooledBufferBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string? CloseDescription =>
        _socket.CloseStatus is { } status ? $"{(int)status} {status} {_socket.CloseStatusDescription}".TrimEnd() : null;

    public async Task SendTextAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Sends the close frame (the first half of the close handshake) without waiting for the server's answer; the
    /// caller's receive loop reads that answer. Failures are ignored: the connection is going away either way.
    /// </summary>
    public async Task CloseOutputAsync(string reason, TimeSpan timeout)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await _sendLock.WaitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeoutSource.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Abort();
            _socket.Dispose();
            _sendLock.Dispose();
            Release(_buffer);
            _buffer = [];
        }

        return ValueTask.CompletedTask;
    }
}
