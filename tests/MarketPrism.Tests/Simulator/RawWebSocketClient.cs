using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace MarketPrism.Tests.Simulator;

/// <summary>
/// A bare RFC 6455 client over a TCP socket that never answers pings: the only sound way to see the server's
/// ping frames and its pong enforcement, since <see cref="System.Net.WebSockets.ClientWebSocket"/> answers pings
/// on its own whenever it reads.
/// </summary>
internal sealed class RawWebSocketClient : IDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream? _stream;

    public async Task ConnectAsync(Uri baseAddress, string path, CancellationToken cancellationToken)
    {
        await _tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        _stream = _tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The server closed the connection during the handshake.");
            }

            response.Append((char)one[0]);
        }

        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new IOException($"Upgrade refused: {response}");
        }
    }

    /// <summary>The next frame's opcode (0x1 text, 0x8 close, 0x9 ping), or null when the connection ended.</summary>
    public async Task<int?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        try
        {
            var header = new byte[2];
            if (!await ReadExactlyAsync(header, cancellationToken))
            {
                return null;
            }

            long length = header[1] & 0x7F;
            if (length >= 126)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                if (!await ReadExactlyAsync(extended, cancellationToken))
                {
                    return null;
                }

                length = 0;
                foreach (var b in extended)
                {
                    length = (length << 8) | b;
                }
            }

            if (!await ReadExactlyAsync(new byte[length], cancellationToken))
            {
                return null;
            }

            return header[0] & 0x0F;
        }
        catch (IOException)
        {
            return null; // Reset by the server.
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream!.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
