using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Books;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Exchanges.Binance;

/// <summary>One book event of a recorded session, at the time it was recorded.</summary>
/// <param name="ReceivedAt">The recorded receive time (Unix seconds).</param>
public sealed record DepthEvent(double ReceivedAt, Instrument Instrument, BookDeltaRecord? Delta, DepthSnapshot? Snapshot);

/// <summary>
/// The diff-depth frames and REST depth snapshots of a recorded Binance session (cryptofeed capture pair), turned
/// into <see cref="BookDeltaRecord"/>s and <see cref="DepthSnapshot"/>s with <c>System.Text.Json</c>, merged into one
/// timeline by recorded receive time. Deliberately simple and independent of the production parser.
/// </summary>
public sealed class BinanceDepthCapture
{
    private BinanceDepthCapture(IReadOnlyList<DepthEvent> timeline, IReadOnlyDictionary<string, Instrument> instruments)
    {
        Timeline = timeline;
        Instruments = instruments;
    }

    public static BinanceDepthCapture Spot { get; } = Load("binance", "BINANCE", "binance", MarketType.Spot);

    public static BinanceDepthCapture UsdMargined { get; } = Load("binance-futures", "BINANCE_FUTURES", "binance-usdm", MarketType.Perpetual);

    public static BinanceDepthCapture CoinMargined { get; } = Load("binance-delivery", "BINANCE_DELIVERY", "binance-coinm", MarketType.Perpetual);

    /// <summary>Every depth update and snapshot, in recorded order.</summary>
    public IReadOnlyList<DepthEvent> Timeline { get; }

    /// <summary>Instruments by exchange symbol.</summary>
    public IReadOnlyDictionary<string, Instrument> Instruments { get; }

    public static BinanceDepthCapture Get(string name) => name switch
    {
        "spot" => Spot,
        "usdm" => UsdMargined,
        "coinm" => CoinMargined,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown capture."),
    };

    public IEnumerable<BookDeltaRecord> DeltasOf(Instrument instrument) =>
        Timeline.Where(e => e.Instrument == instrument && e.Delta is not null).Select(e => e.Delta!);

    public DepthSnapshot SnapshotOf(Instrument instrument) =>
        Timeline.Single(e => e.Instrument == instrument && e.Snapshot is not null).Snapshot!;

    private static BinanceDepthCapture Load(string folder, string prefix, string exchange, MarketType marketType)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "recordings", folder);
        var instruments = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        var events = new List<DepthEvent>();

        foreach (var entry in CaptureReader.ReadFile(Path.Combine(directory, prefix + ".ws.1.0")))
        {
            if (entry.Kind != CaptureEntryKind.Received)
            {
                continue;
            }

            using var document = JsonDocument.Parse(entry.Payload);
            if (!document.RootElement.TryGetProperty("data", out var data)
                || !data.TryGetProperty("e", out var type)
                || type.GetString() != "depthUpdate")
            {
                continue;
            }

            var instrument = InstrumentOf(data.GetProperty("s").GetString()!, exchange, marketType, instruments);
            var receivedAt = entry.UnixSeconds!.Value;
            var delta = new BookDeltaRecord
            {
                Instrument = instrument,
                Timestamp = UtcTimestamp.FromUnixMilliseconds(data.GetProperty("E").GetInt64()),
                LocalTimestamp = FromUnixSeconds(receivedAt),
                Bids = Levels(data.GetProperty("b")),
                Asks = Levels(data.GetProperty("a")),
                FirstUpdateId = data.GetProperty("U").GetInt64(),
                LastUpdateId = data.GetProperty("u").GetInt64(),
                PreviousUpdateId = data.TryGetProperty("pu", out var pu) ? pu.GetInt64() : null,
            };
            events.Add(new DepthEvent(receivedAt, instrument, delta, null));
        }

        foreach (var entry in CaptureReader.ReadFile(Path.Combine(directory, prefix + ".http.0.0")))
        {
            if (entry.Kind != CaptureEntryKind.HttpResponse)
            {
                continue;
            }

            var symbol = entry.Url!.Split("symbol=")[1].Split('&')[0];
            var instrument = InstrumentOf(symbol, exchange, marketType, instruments);
            var receivedAt = entry.UnixSeconds!.Value;
            using var document = JsonDocument.Parse(entry.Payload);
            var body = document.RootElement;
            var local = FromUnixSeconds(receivedAt);
            var exchangeTime = body.TryGetProperty("E", out var e) ? UtcTimestamp.FromUnixMilliseconds(e.GetInt64()) : local;
            events.Add(new DepthEvent(
                receivedAt,
                instrument,
                null,
                new DepthSnapshot(body.GetProperty("lastUpdateId").GetInt64(), Levels(body.GetProperty("bids")), Levels(body.GetProperty("asks")), exchangeTime, local)));
        }

        // Stable: frames recorded at the same instant keep their file order.
        return new BinanceDepthCapture(events.OrderBy(e => e.ReceivedAt).ToList(), instruments);
    }

    private static BookLevel[] Levels(JsonElement array) =>
        array.EnumerateArray()
            .Select(level => new BookLevel(
                decimal.Parse(level[0].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                decimal.Parse(level[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)))
            .ToArray();

    private static DateTime FromUnixSeconds(double seconds) => UtcTimestamp.FromUnixMicroseconds((long)Math.Round(seconds * 1_000_000));

    private static Instrument InstrumentOf(string symbol, string exchange, MarketType marketType, Dictionary<string, Instrument> instruments)
    {
        if (instruments.TryGetValue(symbol, out var known))
        {
            return known;
        }

        // COIN-M symbols are PAIR_PERP or PAIR_YYMMDD; the rest are plain pairs.
        var underscore = symbol.IndexOf('_', StringComparison.Ordinal);
        var pair = underscore < 0 ? symbol : symbol[..underscore];
        var market = underscore >= 0 && !symbol.EndsWith("_PERP", StringComparison.Ordinal) ? MarketType.Futures : marketType;
        string[] quotes = ["USDT", "BUSD", "USD", "EUR", "ETH", "BTC"];
        var quote = quotes.First(q => pair.EndsWith(q, StringComparison.Ordinal));
        var contract = marketType == MarketType.Spot ? ContractKind.None : quote == "USD" ? ContractKind.Inverse : ContractKind.Linear;
        var instrument = new Instrument(exchange, market, pair[..^quote.Length], quote, symbol, contract);
        instruments.Add(symbol, instrument);
        return instrument;
    }
}
