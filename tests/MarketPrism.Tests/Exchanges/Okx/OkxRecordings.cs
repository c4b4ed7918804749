using System.Text;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Okx;
using MarketPrism.Tests.Exchanges.Binance;

namespace MarketPrism.Tests.Exchanges.Okx;

/// <summary>The recorded OKX sessions (see recordings/SOURCES.md), read through the capture reader.</summary>
internal static class OkxRecordings
{
    /// <summary>cryptofeed capture, 2022-05-13: BTC-USDT (spot), UNI-USD-SWAP (inverse swap), BTC-USD-220527 (futures).</summary>
    public const string Capture = "okx/OKX.ws.1.0";

    public const string SwapTardis = "okx/tardis-node_mappers_okex-swap-v5.ndjson";
    public const string FuturesTardis = "okx/tardis-node_mappers_okex-futures-v5.ndjson";
    public const string SpotTardis = "okx/tardis-node_mappers_okex-spot-v5.ndjson";

    /// <summary>A live <c>GET /api/v5/market/books?instId=BTC-USDT-SWAP&amp;sz=5</c> answer of 2026-06-04, with its <c>seqId</c>.</summary>
    public const string RestBooksFile = "okx/rest_api-v5-market-books_BTC-USDT-SWAP_2026-06-04.json";

    /// <summary>Receive time for frames whose file records none (the tardis NDJSON files).</summary>
    public static readonly DateTime UnrecordedReceiveTime = UtcTimestamp.FromUnixMilliseconds(1_780_000_000_000);

    /// <summary>The bytes of <see cref="RestBooksFile"/>.</summary>
    public static byte[] RestBooks() => File.ReadAllBytes(PathOf(RestBooksFile));

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
                var received = entry.UnixSeconds is { } seconds
                    ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                    : UnrecordedReceiveTime;
                frames.Add(new RecordedFrame(entry.Payload.ToArray(), received, entry.LineNumber));
            }
        }

        return frames;
    }

    /// <summary>The frame on a 1-based line of a file.</summary>
    public static RecordedFrame AtLine(string relative, int lineNumber) =>
        Frames(relative).FirstOrDefault(frame => frame.LineNumber == lineNumber)
            ?? throw new InvalidOperationException($"{relative} has no received frame on line {lineNumber}.");

    /// <summary>The <paramref name="index"/>-th (0-based) received frame containing <paramref name="marker"/>.</summary>
    public static RecordedFrame Nth(string relative, string marker, int index = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(marker);
        return Frames(relative).Where(frame => frame.Payload.AsSpan().IndexOf(bytes) >= 0).ElementAtOrDefault(index)
            ?? throw new InvalidOperationException($"{relative} has no frame #{index} containing {marker}.");
    }

    /// <summary>A parser for one OKX market that keeps every instrument's liquidations.</summary>
    public static OkxFrameParser Parser(MarketType market) => new(OkxSymbols.CreateTable(market, []));

    /// <summary>Parses one frame with a fresh parser of <paramref name="market"/>.</summary>
    public static (FrameParseResult Result, List<MarketRecord> Records) Parse(MarketType market, RecordedFrame frame)
    {
        var records = new List<MarketRecord>();
        var result = Parser(market).Parse(frame.Payload, frame.Received, records);
        return (result, records);
    }

    /// <summary>The market an OKX frame's instrument belongs to, read from its arg (spot when it names none).</summary>
    public static MarketType MarketOf(RecordedFrame frame)
    {
        var text = Encoding.UTF8.GetString(frame.Payload);
        foreach (var (marker, market) in new[] { ("\"instType\":\"SWAP\"", MarketType.Perpetual), ("\"instType\":\"FUTURES\"", MarketType.Futures) })
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return market;
            }
        }

        var start = text.IndexOf("\"instId\":\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return MarketType.Spot;
        }

        start += 10;
        var instId = text[start..text.IndexOf('"', start)];
        return OkxSymbols.MarketOf(instId) ?? MarketType.Spot;
    }
}
