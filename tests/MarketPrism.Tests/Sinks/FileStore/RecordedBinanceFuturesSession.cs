using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Recordings;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Tests.Sinks.FileStore;

/// <summary>
/// Records built from the real Binance USD-M futures capture (recordings/binance-futures/BINANCE_FUTURES.ws.1.0):
/// its depth updates, aggregate trades and book tickers with the exchange's own digits, and receive times with
/// microseconds. Test-only mapping; the real parser lives with the Binance adapter.
/// </summary>
internal static class RecordedBinanceFuturesSession
{

    public static IReadOnlyList<MarketRecord> Records()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "recordings", "binance-futures", "BINANCE_FUTURES.ws.1.0");
        var instruments = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        var records = new List<MarketRecord>();
        foreach (var entry in CaptureReader.ReadFile(path))
        {
            if (entry.Kind != CaptureEntryKind.Received || entry.UnixSeconds is not { } seconds)
            {
                continue;
            }

            using var document = JsonDocument.Parse(entry.Payload);
            if (!document.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("e", out var kind))
            {
                continue;
            }

            var local = DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1_000_000) * TimeSpan.TicksPerMicrosecond);
            var symbol = data.GetProperty("s").GetString()!;
            if (!symbol.EndsWith("USDT", StringComparison.Ordinal))
            {
                continue;
            }

            if (!instruments.TryGetValue(symbol, out var instrument))
            {
                instrument = new Instrument("binance", MarketType.Perpetual, symbol[..^4], "USDT", symbol, ContractKind.Linear);
                instruments[symbol] = instrument;
            }

            switch (kind.GetString())
            {
                case "depthUpdate":
                    records.Add(new BookDeltaRecord
                    {
                        Instrument = instrument,
                        Timestamp = UtcTimestamp.FromUnixMilliseconds(data.GetProperty("E").GetInt64()),
                        LocalTimestamp = local,
                        Bids = Levels(data.GetProperty("b")),
                        Asks = Levels(data.GetProperty("a")),
                        FirstUpdateId = data.GetProperty("U").GetInt64(),
                        LastUpdateId = data.GetProperty("u").GetInt64(),
                    });
                    break;
                case "aggTrade":
                    records.Add(new TradeRecord
                    {
                        Instrument = instrument,
                        Timestamp = UtcTimestamp.FromUnixMilliseconds(data.GetProperty("T").GetInt64()),
                        LocalTimestamp = local,
                        TradeId = new RecordId(data.GetProperty("a").GetInt64()),
                        Price = Decimal(data.GetProperty("p")),
                        Quantity = Decimal(data.GetProperty("q")),
                        Side = data.GetProperty("m").GetBoolean() ? Side.Sell : Side.Buy,
                    });
                    break;
                case "bookTicker":
                    records.Add(new BestBidAskRecord
                    {
                        Instrument = instrument,
                        Timestamp = UtcTimestamp.FromUnixMilliseconds(data.GetProperty("E").GetInt64()),
                        LocalTimestamp = local,
                        BidPrice = Decimal(data.GetProperty("b")),
                        BidSize = Decimal(data.GetProperty("B")),
                        AskPrice = Decimal(data.GetProperty("a")),
                        AskSize = Decimal(data.GetProperty("A")),
                        UpdateId = data.GetProperty("u").GetInt64(),
                    });
                    break;
            }
        }

        return records;
    }

    private static BookLevel[] Levels(JsonElement levels) =>
        levels.EnumerateArray().Select(level => new BookLevel(Decimal(level[0]), Decimal(level[1]))).ToArray();

    private static decimal Decimal(JsonElement text) =>
        decimal.Parse(text.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
