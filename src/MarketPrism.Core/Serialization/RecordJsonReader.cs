using System.Globalization;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Core.Serialization;

/// <summary>
/// Reads records back from the JSON form <see cref="RecordJsonWriter"/> writes (journal recovery, the jsonl store,
/// tools and tests). Not on the hot path: it favours clear errors over speed. Instances cache the instruments they
/// create, so records read by one reader share them; an instance is not thread-safe.
/// </summary>
public sealed class RecordJsonReader
{
    private readonly Dictionary<(string Exchange, MarketType Market, string ExchangeSymbol, string Symbol), Instrument> _instruments = [];

    /// <summary>Parses one JSON object; throws <see cref="FormatException"/> naming the field that is wrong.</summary>
    public MarketRecord Read(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a JSON record: {ex.Message}", ex);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public MarketRecord Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A record must be a JSON object.");
        }

        var dataTypeName = RequiredString(root, "data_type");
        if (!WireNames.TryParseDataType(dataTypeName, out var dataType))
        {
            throw new FormatException($"Unknown data_type '{dataTypeName}'.");
        }

        var marketName = RequiredString(root, "market_type");
        if (!WireNames.TryParseMarketType(marketName, out var market))
        {
            throw new FormatException($"Unknown market_type '{marketName}'.");
        }

        var instrument = GetInstrument(
            RequiredString(root, "exchange_name"), market, RequiredString(root, "symbol_name"), RequiredString(root, "exchange_symbol"));
        var timestamp = RequiredTimestamp(root, "timestamp");
        var local = RequiredTimestamp(root, "local_timestamp");

        return dataType switch
        {
            DataType.Trade => new TradeRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                TradeId = RecordId.Parse(RequiredString(root, "trade_id")),
                Price = RequiredDecimal(root, "price"),
                Quantity = RequiredDecimal(root, "quantity"),
                Side = RequiredSide(root),
                TransactionHash = OptionalString(root, "transaction_hash"),
            },
            DataType.BookDelta => new BookDeltaRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                Bids = Levels(root, "bids"),
                Asks = Levels(root, "asks"),
                FirstUpdateId = RequiredInt64(root, "first_update_id"),
                LastUpdateId = RequiredInt64(root, "last_update_id"),
            },
            DataType.BookSnapshot => new BookSnapshotRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                Bids = Levels(root, "bids"),
                Asks = Levels(root, "asks"),
                FirstUpdateId = RequiredInt64(root, "first_update_id"),
                LastUpdateId = RequiredInt64(root, "last_update_id"),
                Depth = (int)RequiredInt64(root, "depth"),
            },
            DataType.BestBidAsk => new BestBidAskRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                BidPrice = RequiredDecimal(root, "bid_price"),
                BidSize = RequiredDecimal(root, "bid_size"),
                AskPrice = RequiredDecimal(root, "ask_price"),
                AskSize = RequiredDecimal(root, "ask_size"),
                UpdateId = OptionalInt64(root, "update_id"),
            },
            DataType.FundingRate => new FundingRateRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                FundingRate = RequiredDecimal(root, "funding_rate"),
                EstimatedRate = OptionalDecimal(root, "estimated_rate"),
                NextFundingTime = OptionalTimestamp(root, "next_funding_time"),
                MarkPrice = OptionalDecimal(root, "mark_price"),
                IndexPrice = OptionalDecimal(root, "index_price"),
            },
            DataType.OpenInterest => new OpenInterestRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                OpenInterest = RequiredDecimal(root, "open_interest"),
                OpenInterestValue = OptionalDecimal(root, "open_interest_value"),
            },
            DataType.Liquidation => new LiquidationRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                LiquidationId = OptionalString(root, "liquidation_id") is { } id ? RecordId.Parse(id) : null,
                Side = RequiredSide(root),
                Price = RequiredDecimal(root, "price"),
                Quantity = RequiredDecimal(root, "quantity"),
                Leverage = OptionalDecimal(root, "leverage"),
                InstrumentType = WireNames.TryParseInstrumentType(OptionalString(root, "instrument_type"), out var kind)
                    ? kind
                    : instrument.InstrumentType,
            },
            DataType.MarkPrice => new MarkPriceRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                MarkPrice = RequiredDecimal(root, "mark_price"),
                IndexPrice = OptionalDecimal(root, "index_price"),
            },
            DataType.LongShortRatio => new LongShortRatioRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                Kind = WireNames.TryParseLongShortRatioKind(RequiredString(root, "kind"), out var ratioKind)
                    ? ratioKind
                    : throw new FormatException($"Unknown kind '{RequiredString(root, "kind")}'."),
                LongRatio = OptionalDecimal(root, "long_ratio"),
                ShortRatio = OptionalDecimal(root, "short_ratio"),
                LongShortRatio = RequiredDecimal(root, "long_short_ratio"),
                Period = RequiredString(root, "period"),
            },
            DataType.VolatilityIndex => new VolatilityIndexRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                Volatility = RequiredDecimal(root, "volatility"),
            },
            _ => throw new FormatException($"No reader for data_type '{dataTypeName}'."),
        };
    }

    private Instrument GetInstrument(string exchange, MarketType market, string symbol, string exchangeSymbol)
    {
        var key = (exchange, market, exchangeSymbol, symbol);
        if (_instruments.TryGetValue(key, out var instrument))
        {
            return instrument;
        }

        var dash = symbol.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == symbol.Length - 1)
        {
            throw new FormatException($"symbol_name '{symbol}' is not BASE-QUOTE.");
        }

        instrument = new Instrument(exchange, market, symbol[..dash], symbol[(dash + 1)..], exchangeSymbol);
        _instruments[key] = instrument;
        return instrument;
    }

    private static JsonElement Required(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new FormatException($"Field '{name}' is missing.");
        }

        return value;
    }

    private static string RequiredString(JsonElement root, string name)
    {
        var value = Required(root, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"Field '{name}' must be a string.");
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal RequiredDecimal(JsonElement root, string name) =>
        ToDecimal(Required(root, name), name);

    private static decimal? OptionalDecimal(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? ToDecimal(value, name) : null;

    private static decimal ToDecimal(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new FormatException($"Field '{name}' must be a decimal number.");
    }

    private static long RequiredInt64(JsonElement root, string name)
    {
        var value = Required(root, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new FormatException($"Field '{name}' must be an integer.");
    }

    private static long? OptionalInt64(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static DateTime RequiredTimestamp(JsonElement root, string name) =>
        OptionalTimestamp(root, name) ?? throw new FormatException($"Field '{name}' is missing.");

    private static DateTime? OptionalTimestamp(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && UtcTimestamp.TryParseIso(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), out var utc))
        {
            return utc;
        }

        throw new FormatException($"Field '{name}' must be an ISO-8601 timestamp.");
    }

    private static Side RequiredSide(JsonElement root)
    {
        var name = RequiredString(root, "side");
        return WireNames.TryParseSide(name, out var side) ? side : throw new FormatException($"Unknown side '{name}'.");
    }

    private static BookLevel[] Levels(JsonElement root, string name)
    {
        var array = Required(root, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Field '{name}' must be an array of [price, size].");
        }

        var levels = new BookLevel[array.GetArrayLength()];
        var i = 0;
        foreach (var level in array.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2)
            {
                throw new FormatException($"Field '{name}' must be an array of [price, size].");
            }

            levels[i++] = new BookLevel(ToDecimal(level[0], name), ToDecimal(level[1], name));
        }

        return levels;
    }
}
