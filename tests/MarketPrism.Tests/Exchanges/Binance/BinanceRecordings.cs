using System.Text;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>The recorded Binance sessions (see recordings/SOURCES.md), read through the capture reader.</summary>
internal static class BinanceRecordings
{
    public const string SpotCapture = "binance/BINANCE.ws.1.0";
    public const string SpotRest = "binance/BINANCE.http.0.0";
    public const string SpotTardis = "binance/tardis-node_mappers_binance.ndjson";
    public const string FuturesCapture = "binance-futures/BINANCE_FUTURES.ws.1.0";
    public const string FuturesRest = "binance-futures/BINANCE_FUTURES.http.0.0";
    public const string FuturesTardis = "binance-futures/tardis-node_mappers_binance-futures.ndjson";
    public const string DeliveryCapture = "binance-delivery/BINANCE_DELIVERY.ws.1.0";
    public const string DeliveryRest = "binance-delivery/BINANCE_DELIVERY.http.0.0";

    /// <summary>Receive time for frames whose file records none (the tardis NDJSON files).</summary>
    public static readonly DateTime UnrecordedReceiveTime = UtcTimestamp.FromUnixMilliseconds(1_780_000_000_000);

    public static string PathOf(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "recordings", relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every received frame of a file, with its receive time.</summary>
    public static IReadOnlyList<RecordedFrame> Frames(string relative)
    {
        var frames = new List<RecordedFrame>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(relative)))
        {
            if (entry.Kind == CaptureEntryKind.Received)
            {
                frames.Add(new RecordedFrame(entry.Payload.ToArray(), ReceiveTime(entry.UnixSeconds), entry.LineNumber));
            }
        }

        return frames;
    }

    /// <summary>Every REST response body of a file, with its request address and receive time.</summary>
    public static IReadOnlyList<(string Url, byte[] Body, DateTime Received)> Responses(string relative)
    {
        var responses = new List<(string, byte[], DateTime)>();
        foreach (var entry in CaptureReader.ReadFile(PathOf(relative)))
        {
            if (entry.Kind == CaptureEntryKind.HttpResponse)
            {
                responses.Add((entry.Url!, entry.Payload.ToArray(), ReceiveTime(entry.UnixSeconds)));
            }
        }

        return responses;
    }

    /// <summary>The first received frame containing <paramref name="marker"/> (e.g. a stream name).</summary>
    public static RecordedFrame First(string relative, string marker) => Nth(relative, marker, 0);

    /// <summary>The <paramref name="index"/>-th (0-based) received frame containing <paramref name="marker"/>.</summary>
    public static RecordedFrame Nth(string relative, string marker, int index)
    {
        var bytes = Encoding.UTF8.GetBytes(marker);
        var seen = 0;
        foreach (var frame in Frames(relative))
        {
            if (frame.Payload.AsSpan().IndexOf(bytes) >= 0 && seen++ == index)
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"{relative} has no frame #{index} containing {marker}.");
    }

    /// <summary>The frame on a 1-based line of a file.</summary>
    public static RecordedFrame AtLine(string relative, int lineNumber)
    {
        foreach (var frame in Frames(relative))
        {
            if (frame.LineNumber == lineNumber)
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"{relative} has no received frame on line {lineNumber}.");
    }

    private static DateTime ReceiveTime(double? unixSeconds) =>
        unixSeconds is { } seconds
            ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : UnrecordedReceiveTime;
}

/// <summary>One recorded frame: its bytes as received, when, and where in the file.</summary>
internal sealed record RecordedFrame(byte[] Payload, DateTime Received, int LineNumber)
{
    public override string ToString() => $"line {LineNumber}: {Encoding.UTF8.GetString(Payload)}";
}
