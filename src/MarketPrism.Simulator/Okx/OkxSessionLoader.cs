using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Simulator.Engine;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Simulator.Okx;

/// <summary>
/// Reads the OKX cryptofeed captures of the recordings folder (connections to an <c>okx.com</c> WebSocket) into a
/// replayable session: <c>books</c> snapshots become each instrument's initial true book and updates its events,
/// <c>trades</c> and <c>tickers</c> are replayed as recorded, and the channels the capture lacks are synthesized for
/// the swaps and futures (mark price every second, funding rate every 5 s, open interest every 5 s, a liquidation
/// every 10 s from 5 s on), deterministically.
/// </summary>
internal static partial class OkxSessionLoader
{
    /// <summary>The next pass starts this long after the last recorded frame.</summary>
    public static readonly TimeSpan PassGap = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MarkPriceInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FundingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OpenInterestInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiquidationInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstLiquidation = TimeSpan.FromSeconds(5);

    public static OkxSessionData? Load(string directory, StreamRegistry streams, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Recordings directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var frames = new List<(double Received, JsonDocument Document)>();
        var files = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.ws.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (ReadCapture(file, frames))
            {
                files++;
            }
        }

        if (frames.Count == 0)
        {
            return null;
        }

        try
        {
            return Build(frames, streams, logger, files);
        }
        finally
        {
            foreach (var (_, document) in frames)
            {
                document.Dispose();
            }
        }
    }

    private static bool ReadCapture(string file, List<(double, JsonDocument)> frames)
    {
        var owned = false;
        foreach (var entry in CaptureReader.ReadFile(file))
        {
            if (entry.Kind == CaptureEntryKind.Connect)
            {
                owned = Uri.TryCreate(entry.Url, UriKind.Absolute, out var url) && url.Host.EndsWith("okx.com", StringComparison.OrdinalIgnoreCase);
                if (!owned)
                {
                    return false;
                }

                continue;
            }

            if (owned && entry.Kind == CaptureEntryKind.Received && entry.UnixSeconds is { } received && entry.Payload.Span.StartsWith("{"u8))
            {
                frames.Add((received, JsonDocument.Parse(entry.Payload)));
            }
        }

        return owned;
    }

    private static OkxSessionData Build(List<(double Received, JsonDocument Document)> frames, StreamRegistry streams, ILogger logger, int files)
    {
        frames.Sort(static (a, b) => a.Received.CompareTo(b.Received));
        var originMs = (long)Math.Round(frames[0].Received * 1000);
        var instruments = new SortedDictionary<string, OkxSimInstrument>(StringComparer.Ordinal);
        var events = new List<OkxSimEvent>();
        var skipped = 0;
        foreach (var (received, document) in frames)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("arg", out var arg) || !root.TryGetProperty("data", out var data)
                || !arg.TryGetProperty("instId", out var instIdElement) || instIdElement.GetString() is not { } instId
                || OkxInstTypes.Of(instId) is not { } type)
            {
                continue; // Acknowledgements and frames of channels this session does not replay.
            }

            var channelName = arg.GetProperty("channel").GetString();
            if (!instruments.TryGetValue(instId, out var instrument))
            {
                instrument = new OkxSimInstrument(instId, type, instruments.Count);
                instruments.Add(instId, instrument);
            }

            var offset = TimeSpan.FromMilliseconds(Math.Max(0, Math.Round(received * 1000) - originMs));
            var element = data[0];
            switch (channelName)
            {
                case "books" when root.TryGetProperty("action", out var action) && action.GetString() == "snapshot":
                    if (instrument.InitialBook is not null)
                    {
                        skipped++;
                        break;
                    }

                    instrument.InitialBook = Book(Levels(element.GetProperty("bids")), Levels(element.GetProperty("asks")));
                    instrument.Truth = instrument.InitialBook.Clone();
                    instrument.BooksChannel = Source(streams, "books", instId);
                    instrument.BboChannel = Source(streams, "bbo-tbt", instId);
                    instrument.OpenInterestContracts = TotalSize(instrument.InitialBook);
                    instrument.LastBookTime = Time(element);
                    break;
                case "books":
                    if (instrument.InitialBook is null)
                    {
                        skipped++; // An update before the snapshot has nothing to apply to.
                        break;
                    }

                    events.Add(new OkxSimEvent
                    {
                        Kind = OkxSimEventKind.BookUpdate,
                        Offset = offset,
                        Time = Time(element),
                        Instrument = instrument,
                        Channel = instrument.BooksChannel!,
                        Bids = Levels(element.GetProperty("bids")),
                        Asks = Levels(element.GetProperty("asks")),
                    });
                    break;
                case "trades":
                    var trades = data.EnumerateArray().Select(Trade).ToArray();
                    foreach (var trade in trades)
                    {
                        instrument.MinTradeId = Math.Min(instrument.MinTradeId, trade.TradeId);
                        instrument.MaxTradeId = Math.Max(instrument.MaxTradeId, trade.TradeId);
                    }

                    events.Add(new OkxSimEvent
                    {
                        Kind = OkxSimEventKind.Trade,
                        Offset = offset,
                        Time = trades[0].Time,
                        Instrument = instrument,
                        Channel = Source(streams, "trades", instId),
                        Trades = trades,
                    });
                    break;
                case "tickers":
                    events.Add(new OkxSimEvent
                    {
                        Kind = OkxSimEventKind.Ticker,
                        Offset = offset,
                        Time = Time(element),
                        Instrument = instrument,
                        Channel = Source(streams, "tickers", instId),
                        TickerFields = [.. element.EnumerateObject().Where(p => p.Name != "ts").Select(p => (p.Name, p.Value.GetString() ?? ""))],
                    });
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        var lastOffset = events.Count == 0 ? TimeSpan.Zero : events.Max(e => e.Offset);
        var loopSpan = lastOffset + PassGap;
        foreach (var instrument in instruments.Values.Where(i => i.IsDerivative && i.Truth is not null))
        {
            AddSynthetic(instrument, streams, events, originMs, lastOffset);
        }

        // Stable: recorded events keep their order at equal offsets, synthetic ones follow them.
        var ordered = events.Select((e, i) => (e, i)).OrderBy(x => x.e.Offset).ThenBy(x => x.i).Select(x => x.e).ToArray();
        LogLoaded(logger, ordered.Length, instruments.Count, files, skipped, loopSpan.TotalSeconds);
        return new OkxSessionData(ordered, instruments, loopSpan, originMs);
    }

    private static void AddSynthetic(OkxSimInstrument instrument, StreamRegistry streams, List<OkxSimEvent> events, long originMs, TimeSpan lastOffset)
    {
        var instId = instrument.InstId;
        var instType = OkxInstTypes.Name(instrument.Type);
        void Every(OkxSimEventKind kind, StreamChannel channel, TimeSpan first, TimeSpan interval)
        {
            for (var offset = first; offset <= lastOffset; offset += interval)
            {
                events.Add(new OkxSimEvent
                {
                    Kind = kind,
                    Offset = offset,
                    Time = originMs + (long)offset.TotalMilliseconds,
                    Instrument = instrument,
                    Channel = channel,
                });
            }
        }

        // Instruments are staggered by a few milliseconds so their synthetic pushes never share a timestamp.
        var stagger = TimeSpan.FromMilliseconds(7 * instrument.Index);
        Every(OkxSimEventKind.MarkPrice, Source(streams, "mark-price", instId), TimeSpan.FromMilliseconds(200) + stagger, MarkPriceInterval);
        Every(OkxSimEventKind.OpenInterest, Source(streams, "open-interest", instId), TimeSpan.FromMilliseconds(1000) + stagger, OpenInterestInterval);
        Every(OkxSimEventKind.Liquidation, Source(streams, "liquidation-orders", instType), FirstLiquidation + stagger, LiquidationInterval);
        if (instrument.Type == OkxInstType.Swap)
        {
            Every(OkxSimEventKind.FundingRate, Source(streams, "funding-rate", instId), TimeSpan.FromMilliseconds(500) + stagger, FundingInterval);
        }
    }

    private static StreamChannel Source(StreamRegistry streams, string channel, string target)
    {
        var stream = streams.GetOrAdd(OkxStreams.Name(channel, target));
        stream.HasSource = true;
        return stream;
    }

    private static OkxRecordedTrade Trade(JsonElement element) => new(
        long.Parse(element.GetProperty("tradeId").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture),
        element.GetProperty("px").GetString()!,
        element.GetProperty("sz").GetString()!,
        element.GetProperty("side").GetString()!,
        Time(element));

    private static long Time(JsonElement element) =>
        long.Parse(element.GetProperty("ts").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary><c>[["px","sz","0","orders"],…]</c>; decimals parsed from OKX's strings keep their digits.</summary>
    private static BookLevel[] Levels(JsonElement levels) =>
        [.. levels.EnumerateArray().Select(level => new BookLevel(
            decimal.Parse(level[0].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            decimal.Parse(level[1].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)))];

    private static TruthBook Book(BookLevel[] bids, BookLevel[] asks)
    {
        var book = new TruthBook();
        foreach (var level in bids)
        {
            book.Set(Side.Buy, level.Price, level.Size);
        }

        foreach (var level in asks)
        {
            book.Set(Side.Sell, level.Price, level.Size);
        }

        return book;
    }

    private static decimal TotalSize(TruthBook book) =>
        book.Top(Side.Buy, int.MaxValue).Sum(level => level.Size) + book.Top(Side.Sell, int.MaxValue).Sum(level => level.Size);

    [LoggerMessage(Level = LogLevel.Information, Message = "okx: loaded {Events} events for {Instruments} instruments from {Files} capture(s), {Skipped} frames not replayed; one pass is {PassSeconds:0.0} s")]
    private static partial void LogLoaded(ILogger logger, int events, int instruments, int files, int skipped, double passSeconds);
}
