using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Binance;

// One reader per Binance event. Each validates every field it needs before it appends anything.
public sealed partial class BinanceFrameParser
{
    private static readonly FrameParseResult Truncated = FrameParseResult.Malformed("frame is truncated");

    // USDⓈ-M @trade carries X, the execution type. Only MARKET is a trade on the public order book. INSURANCE_FUND
    // (the insurance fund taking over a liquidated position) and ADL (auto-deleveraging against opposing positions)
    // are transfers off the book; the liquidation itself already arrives on @forceOrder. tardis-node's Binance mapper
    // drops both for that reason (src/mappers/binance.ts, isOffBookTrade), and NautilusTrader's Binance adapter drops
    // INSURANCE_FUND trades. NA appears in live USD-M frames as a sentinel with price and quantity "0" (a public
    // Binance recorder's test suite keeps {"e":"trade","s":"BTCUSDC","t":553104312,"p":"0","q":"0","X":"NA",...} as an
    // observed shape, next to INSURANCE_FUND frames of the same zero form); it is not a trade either.
    private static readonly FrameParseResult InsuranceFundTrade =
        new(FrameKind.Ignored, "trade with X=INSURANCE_FUND is an insurance-fund transfer, not a market trade");

    private static readonly FrameParseResult AdlTrade =
        new(FrameKind.Ignored, "trade with X=ADL is an auto-deleveraging transfer, not a market trade");

    private static readonly FrameParseResult PlaceholderTrade =
        new(FrameKind.Ignored, "trade with X=NA is a placeholder, not a market trade");

    private static readonly FrameParseResult UnfilledLiquidation =
        new(FrameKind.Ignored, "forceOrder with no filled quantity: nothing was liquidated");

    /// <summary><c>trade</c> (id <c>t</c>) and <c>aggTrade</c> (id <c>a</c>): time <c>T</c>, side = <c>m</c> ? sell : buy.</summary>
    private FrameParseResult ParseTrade(
        scoped ref Utf8JsonReader reader, BinanceEventKind kind, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        var aggregate = kind == BinanceEventKind.AggTrade;
        var idField = aggregate ? "a" : "t";
        ReadOnlySpan<byte> symbol = default;
        ReadOnlySpan<byte> execution = default;
        long? id = null;
        long? time = null;
        decimal? price = null;
        decimal? quantity = null;
        bool? buyerIsMaker = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            switch (name[0])
            {
                case (byte)'e':
                    if (!CheckEventType(ref reader, kind, out var mismatch))
                    {
                        return mismatch;
                    }

                    break;
                case (byte)'s':
                    if (!TryReadSymbol(ref reader, out symbol))
                    {
                        return Invalid(kind, "s", "a symbol");
                    }

                    break;
                case (byte)'t' when !aggregate:
                case (byte)'a' when aggregate:
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedId))
                    {
                        return Invalid(kind, idField, "an integer id");
                    }

                    id = parsedId;
                    break;
                case (byte)'p':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedPrice))
                    {
                        return Invalid(kind, "p", "a decimal");
                    }

                    price = parsedPrice;
                    break;
                case (byte)'q':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedQuantity))
                    {
                        return Invalid(kind, "q", "a decimal");
                    }

                    quantity = parsedQuantity;
                    break;
                case (byte)'T':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedTime))
                    {
                        return Invalid(kind, "T", "an integer time");
                    }

                    time = parsedTime;
                    break;
                case (byte)'m':
                    if (!JsonScalars.TryReadBoolean(ref reader, out var maker))
                    {
                        return Invalid(kind, "m", "a boolean");
                    }

                    buyerIsMaker = maker;
                    break;
                case (byte)'X':
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return Invalid(kind, "X", "an execution type");
                    }

                    execution = JsonText.Get(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (id is null)
        {
            return Missing(kind, idField);
        }

        if (price is null)
        {
            return Missing(kind, "p");
        }

        if (quantity is null)
        {
            return Missing(kind, "q");
        }

        if (time is null)
        {
            return Missing(kind, "T");
        }

        if (buyerIsMaker is null)
        {
            return Missing(kind, "m");
        }

        if (!TryResolve(kind, symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(kind, "T", "a valid time");
        }

        if (!execution.IsEmpty && !execution.SequenceEqual("MARKET"u8))
        {
            return ClassifyOffBookTrade(execution);
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            TradeId = new RecordId(id.Value),
            Price = price.Value,
            Quantity = quantity.Value,

            // m = "buyer is the maker", so the taker (aggressor) sold.
            Side = buyerIsMaker.Value ? Side.Sell : Side.Buy,
        });
        return FrameParseResult.Data;
    }

    private static FrameParseResult ClassifyOffBookTrade(ReadOnlySpan<byte> execution)
    {
        if (execution.SequenceEqual("INSURANCE_FUND"u8))
        {
            return InsuranceFundTrade;
        }

        if (execution.SequenceEqual("ADL"u8))
        {
            return AdlTrade;
        }

        if (execution.SequenceEqual("NA"u8))
        {
            return PlaceholderTrade;
        }

        // An execution type Binance has not documented: keeping it out of the trade data is the safe side, and the
        // reason names it so the ignored count in the metrics leads straight to it.
        return new FrameParseResult(FrameKind.Ignored, $"trade with unknown execution type X={Encoding.UTF8.GetString(execution)}");
    }

    /// <summary>
    /// <c>depthUpdate</c>: ids <c>U</c>/<c>u</c>/<c>pu</c>, levels <c>b</c>/<c>a</c>. The timestamp is <c>E</c> (the event
    /// time), not the futures-only transaction time <c>T</c>: spot has no <c>T</c>, and <c>E</c> is what tardis and the
    /// book snapshot interval use, so book data has one clock on every market.
    /// </summary>
    private FrameParseResult ParseDepthUpdate(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.DepthUpdate;
        ReadOnlySpan<byte> symbol = default;
        long? eventTime = null;
        long? first = null;
        long? last = null;
        long? previous = null;
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.Length == 2 && name[0] == (byte)'p' && name[1] == (byte)'u')
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(kind, "pu", "an integer update id");
                }

                previous = parsed;
                continue;
            }

            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            switch (name[0])
            {
                case (byte)'e':
                    if (!CheckEventType(ref reader, kind, out var mismatch))
                    {
                        return mismatch;
                    }

                    break;
                case (byte)'s':
                    if (!TryReadSymbol(ref reader, out symbol))
                    {
                        return Invalid(kind, "s", "a symbol");
                    }

                    break;
                case (byte)'E':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedTime))
                    {
                        return Invalid(kind, "E", "an integer time");
                    }

                    eventTime = parsedTime;
                    break;
                case (byte)'U':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedFirst))
                    {
                        return Invalid(kind, "U", "an integer update id");
                    }

                    first = parsedFirst;
                    break;
                case (byte)'u':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedLast))
                    {
                        return Invalid(kind, "u", "an integer update id");
                    }

                    last = parsedLast;
                    break;
                case (byte)'b':
                    if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var parsedBids, out var bidError))
                    {
                        return FrameParseResult.Malformed($"depthUpdate: field 'b' {bidError}");
                    }

                    bids = parsedBids;
                    break;
                case (byte)'a':
                    if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var parsedAsks, out var askError))
                    {
                        return FrameParseResult.Malformed($"depthUpdate: field 'a' {askError}");
                    }

                    asks = parsedAsks;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (eventTime is null)
        {
            return Missing(kind, "E");
        }

        if (first is null)
        {
            return Missing(kind, "U");
        }

        if (last is null)
        {
            return Missing(kind, "u");
        }

        if (bids is null)
        {
            return Missing(kind, "b");
        }

        if (asks is null)
        {
            return Missing(kind, "a");
        }

        if (first.Value > last.Value)
        {
            return FrameParseResult.Malformed($"depthUpdate: first update id U={first.Value} is after last update id u={last.Value}");
        }

        if (!TryResolve(kind, symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        if (!UnixMilliseconds.TryToUtc(eventTime.Value, out var timestamp))
        {
            return Invalid(kind, "E", "a valid time");
        }

        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = first.Value,
            LastUpdateId = last.Value,
            PreviousUpdateId = previous,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>bookTicker</c>: <c>u</c>, <c>b</c>/<c>B</c>, <c>a</c>/<c>A</c>. Futures frames carry <c>E</c>, used as the
    /// timestamp like every other event time; spot frames carry no time, so the receive time stands in.
    /// </summary>
    private FrameParseResult ParseBookTicker(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.BookTicker;
        ReadOnlySpan<byte> symbol = default;

        // Plain values and a bit per field seen, not nullables: this runs for every best bid/ask push, the busiest
        // stream of all, and a nullable decimal is a flag and a decimal to write on each assignment and test.
        var seen = BookTickerFields.None;
        long updateId = 0;
        long eventTime = 0;
        decimal bidPrice = 0;
        decimal bidSize = 0;
        decimal askPrice = 0;
        decimal askSize = 0;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            var key = name[0];
            switch (key)
            {
                case (byte)'e':
                    if (!CheckEventType(ref reader, kind, out var mismatch))
                    {
                        return mismatch;
                    }

                    break;
                case (byte)'s':
                    if (!TryReadSymbol(ref reader, out symbol))
                    {
                        return Invalid(kind, "s", "a symbol");
                    }

                    break;
                case (byte)'u':
                    if (!JsonScalars.TryReadInt64(ref reader, out updateId))
                    {
                        return Invalid(kind, "u", "an integer update id");
                    }

                    seen |= BookTickerFields.UpdateId;
                    break;
                case (byte)'E':
                    if (!JsonScalars.TryReadInt64(ref reader, out eventTime))
                    {
                        return Invalid(kind, "E", "an integer time");
                    }

                    seen |= BookTickerFields.EventTime;
                    break;
                case (byte)'b' or (byte)'B' or (byte)'a' or (byte)'A':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                    {
                        return Invalid(kind, key, "a decimal");
                    }

                    switch (key)
                    {
                        case (byte)'b':
                            bidPrice = value;
                            seen |= BookTickerFields.BidPrice;
                            break;
                        case (byte)'B':
                            bidSize = value;
                            seen |= BookTickerFields.BidSize;
                            break;
                        case (byte)'a':
                            askPrice = value;
                            seen |= BookTickerFields.AskPrice;
                            break;
                        default:
                            askSize = value;
                            seen |= BookTickerFields.AskSize;
                            break;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if ((seen & BookTickerFields.Required) != BookTickerFields.Required)
        {
            return Missing(kind, FirstMissing(seen));
        }

        if (!TryResolve(kind, symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        var timestamp = local;
        if ((seen & BookTickerFields.EventTime) != 0 && !UnixMilliseconds.TryToUtc(eventTime, out timestamp))
        {
            return Invalid(kind, "E", "a valid time");
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = bidPrice,
            BidSize = bidSize,
            AskPrice = askPrice,
            AskSize = askSize,
            UpdateId = updateId,
        });
        return FrameParseResult.Data;
    }

    /// <summary>The first required bookTicker field not in <paramref name="seen"/>, in the order Binance sends them.</summary>
    private static string FirstMissing(BookTickerFields seen) =>
        (seen & BookTickerFields.UpdateId) == 0 ? "u"
        : (seen & BookTickerFields.BidPrice) == 0 ? "b"
        : (seen & BookTickerFields.BidSize) == 0 ? "B"
        : (seen & BookTickerFields.AskPrice) == 0 ? "a"
        : "A";

    /// <summary>
    /// <c>markPriceUpdate</c> becomes a <see cref="MarkPriceRecord"/> and, for a perpetual, a
    /// <see cref="FundingRateRecord"/>: <c>r</c> is the rate that will be charged at <c>T</c>, recomputed on every push
    /// until then. Binance publishes no separate forecast of the period after that, so the estimated rate is null.
    /// Dated contracts do not fund: Binance sends them <c>r</c> "0" or "" and <c>T</c> 0, and no funding record is made.
    /// </summary>
    private FrameParseResult ParseMarkPrice(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.MarkPrice;
        ReadOnlySpan<byte> symbol = default;
        long? eventTime = null;
        long? nextFundingTime = null;
        decimal? markPrice = null;
        decimal? indexPrice = null;
        decimal? fundingRate = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            switch (name[0])
            {
                case (byte)'e':
                    if (!CheckEventType(ref reader, kind, out var mismatch))
                    {
                        return mismatch;
                    }

                    break;
                case (byte)'s':
                    if (!TryReadSymbol(ref reader, out symbol))
                    {
                        return Invalid(kind, "s", "a symbol");
                    }

                    break;
                case (byte)'E':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedTime))
                    {
                        return Invalid(kind, "E", "an integer time");
                    }

                    eventTime = parsedTime;
                    break;
                case (byte)'T':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedNext))
                    {
                        return Invalid(kind, "T", "an integer time");
                    }

                    nextFundingTime = parsedNext;
                    break;
                case (byte)'p':
                    if (!JsonScalars.TryReadDecimal(ref reader, out var parsedMark))
                    {
                        return Invalid(kind, "p", "a decimal");
                    }

                    markPrice = parsedMark;
                    break;
                case (byte)'i':
                    if (!JsonScalars.TryReadOptionalDecimal(ref reader, out indexPrice))
                    {
                        return Invalid(kind, "i", "a decimal");
                    }

                    break;
                case (byte)'r':
                    if (!JsonScalars.TryReadOptionalDecimal(ref reader, out fundingRate))
                    {
                        return Invalid(kind, "r", "a decimal");
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (eventTime is null)
        {
            return Missing(kind, "E");
        }

        if (markPrice is null)
        {
            return Missing(kind, "p");
        }

        if (!TryResolve(kind, symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        if (!UnixMilliseconds.TryToUtc(eventTime.Value, out var timestamp))
        {
            return Invalid(kind, "E", "a valid time");
        }

        DateTime? nextFunding = null;
        if (nextFundingTime is { } next && next != 0)
        {
            if (!UnixMilliseconds.TryToUtc(next, out var nextUtc))
            {
                return Invalid(kind, "T", "a valid time");
            }

            nextFunding = nextUtc;
        }

        if (fundingRate is { } rate && instrument.MarketType == MarketType.Perpetual)
        {
            output.Add(new FundingRateRecord
            {
                Instrument = instrument,
                Timestamp = timestamp,
                LocalTimestamp = local,
                FundingRate = rate,
                EstimatedRate = null,
                NextFundingTime = nextFunding,
                MarkPrice = markPrice,
                IndexPrice = indexPrice,
            });
        }

        output.Add(new MarkPriceRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            MarkPrice = markPrice.Value,
            IndexPrice = indexPrice,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>forceOrder</c>: the liquidation order in <c>o</c>. Price is the average fill price <c>ap</c>, quantity the
    /// accumulated filled quantity <c>z</c>: together they are what was actually liquidated. <c>p</c> is only the IOC
    /// order's limit (the bankruptcy-side bound) and <c>q</c> what was attempted; tardis-node makes the same choice
    /// ("use Average Price that matches trade"). Side <c>S</c> is kept as sent: SELL means a long was liquidated.
    /// Binance pushes at most one liquidation per symbol per second (docs, Liquidation Order Streams), so this is a
    /// sample of liquidations, not all of them. The event has no id; the time is the order's trade time <c>o.T</c>.
    /// COIN-M quantities are in contracts.
    /// </summary>
    private FrameParseResult ParseForceOrder(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.ForceOrder;
        var order = default(LiquidationOrder);
        var hasOrder = false;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (JsonText.IsKey(name, (byte)'e'))
            {
                if (!CheckEventType(ref reader, kind, out var mismatch))
                {
                    return mismatch;
                }
            }
            else if (JsonText.IsKey(name, (byte)'o'))
            {
                var orderResult = ReadLiquidationOrder(ref reader, out order);
                if (orderResult.Kind == FrameKind.Malformed)
                {
                    return orderResult;
                }

                hasOrder = true;
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (!hasOrder)
        {
            return Missing(kind, "o");
        }

        if (order.FilledQuantity == 0)
        {
            return UnfilledLiquidation;
        }

        if (order.AveragePrice <= 0)
        {
            return FrameParseResult.Malformed("forceOrder: filled quantity 'o.z' without an average price 'o.ap'");
        }

        if (!TryResolve(kind, order.Symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        if (!UnixMilliseconds.TryToUtc(order.TradeTime, out var timestamp))
        {
            return Invalid(kind, "o.T", "a valid time");
        }

        output.Add(new LiquidationRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            LiquidationId = null,
            Side = order.Side,
            Price = order.AveragePrice,
            Quantity = order.FilledQuantity,
        });
        return FrameParseResult.Data;
    }

    private ref struct LiquidationOrder
    {
        public ReadOnlySpan<byte> Symbol;
        public Side Side;
        public decimal AveragePrice;
        public decimal FilledQuantity;
        public long TradeTime;
    }

    private static FrameParseResult ReadLiquidationOrder(scoped ref Utf8JsonReader reader, out LiquidationOrder order)
    {
        const BinanceEventKind kind = BinanceEventKind.ForceOrder;
        order = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(kind, "o", "an order object");
        }

        Side? side = null;
        decimal? averagePrice = null;
        decimal? filled = null;
        long? tradeTime = null;

        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("ap"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(kind, "o.ap", "a decimal");
                }

                averagePrice = parsed;
            }
            else if (JsonText.IsKey(name, (byte)'z'))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(kind, "o.z", "a decimal");
                }

                filled = parsed;
            }
            else if (JsonText.IsKey(name, (byte)'S'))
            {
                var sideText = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                side = sideText.SequenceEqual("SELL"u8) ? Side.Sell
                    : sideText.SequenceEqual("BUY"u8) ? Side.Buy
                    : null;
                if (side is null)
                {
                    return Invalid(kind, "o.S", "BUY or SELL");
                }
            }
            else if (JsonText.IsKey(name, (byte)'T'))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(kind, "o.T", "an integer time");
                }

                tradeTime = parsed;
            }
            else if (JsonText.IsKey(name, (byte)'s'))
            {
                if (!TryReadSymbol(ref reader, out order.Symbol))
                {
                    return Invalid(kind, "o.s", "a symbol");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            return Truncated;
        }

        if (order.Symbol.IsEmpty)
        {
            return Missing(kind, "o.s");
        }

        if (side is null)
        {
            return Missing(kind, "o.S");
        }

        if (averagePrice is null)
        {
            return Missing(kind, "o.ap");
        }

        if (filled is null)
        {
            return Missing(kind, "o.z");
        }

        if (tradeTime is null)
        {
            return Missing(kind, "o.T");
        }

        order.Side = side.Value;
        order.AveragePrice = averagePrice.Value;
        order.FilledQuantity = filled.Value;
        order.TradeTime = tradeTime.Value;
        return FrameParseResult.Data;
    }

    /// <summary>
    /// tardis's generated <c>&lt;sym&gt;@depthSnapshot</c> (a REST depth body) as a <see cref="BookSnapshotRecord"/>
    /// whose depth is the number of levels it holds on its fuller side. Time: <c>E</c> when the body has it (futures),
    /// else the receive time.
    /// </summary>
    private FrameParseResult ParseDepthSnapshot(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.DepthSnapshot;
        if (!BinanceBodies.TryReadDepth(ref reader, out var body, out var error))
        {
            return FrameParseResult.Malformed(error!);
        }

        if (!TryResolve(kind, body.Symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        var timestamp = local;
        if (body.EventTime is { } time && !UnixMilliseconds.TryToUtc(time, out timestamp))
        {
            return Invalid(kind, "E", "a valid time");
        }

        output.Add(BookSnapshotRecord.OfWholeBook(instrument, timestamp, local, body.Bids, body.Asks, body.LastUpdateId));
        return FrameParseResult.Data;
    }

    /// <summary>
    /// tardis's generated <c>&lt;sym&gt;@openInterest</c> (a polled REST body). No mark price travels with it, so the
    /// quote value is null; the time is <c>time</c> when present (tardis drops it), else the receive time.
    /// </summary>
    private FrameParseResult ParseOpenInterest(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> streamSymbol, DateTime local, List<MarketRecord> output)
    {
        const BinanceEventKind kind = BinanceEventKind.OpenInterest;
        if (!BinanceBodies.TryReadOpenInterest(ref reader, out var body, out var error))
        {
            return FrameParseResult.Malformed(error!);
        }

        if (!TryResolve(kind, body.Symbol, streamSymbol, out var instrument, out var failure))
        {
            return failure;
        }

        var timestamp = local;
        if (body.Time is { } time && !UnixMilliseconds.TryToUtc(time, out timestamp))
        {
            return Invalid(kind, "time", "a valid time");
        }

        output.Add(new OpenInterestRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            OpenInterest = body.OpenInterest,
            OpenInterestValue = null,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// The instrument for the payload's symbol (or, when the payload has none, the stream's). When both are present
    /// they must agree: a stream carrying another symbol's events is a frame we cannot trust.
    /// </summary>
    private bool TryResolve(
        BinanceEventKind kind,
        ReadOnlySpan<byte> symbol,
        ReadOnlySpan<byte> streamSymbol,
        out Instrument instrument,
        out FrameParseResult failure)
    {
        instrument = null!;
        if (symbol.IsEmpty)
        {
            symbol = streamSymbol;
        }
        else if (!streamSymbol.IsEmpty && !System.Text.Ascii.EqualsIgnoreCase(symbol, streamSymbol))
        {
            failure = FrameParseResult.Malformed(
                $"{BinanceEventKinds.Describe(kind)}: symbol '{Encoding.UTF8.GetString(symbol)}' does not match stream symbol '{Encoding.UTF8.GetString(streamSymbol)}'");
            return false;
        }

        if (symbol.IsEmpty)
        {
            failure = Missing(kind, "s");
            return false;
        }

        if (!_instruments.TryGet(symbol, out instrument))
        {
            failure = FrameParseResult.Malformed(
                $"{BinanceEventKinds.Describe(kind)}: unknown symbol '{Encoding.UTF8.GetString(symbol)}' cannot be normalized");
            return false;
        }

        failure = default;
        return true;
    }

    private static bool TryReadSymbol(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> symbol)
    {
        symbol = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
        return !symbol.IsEmpty;
    }

    /// <summary>An <c>e</c> inside a payload must name the event its stream promised.</summary>
    private static bool CheckEventType(scoped ref Utf8JsonReader reader, BinanceEventKind kind, out FrameParseResult mismatch)
    {
        var expected = BinanceEventKinds.ExpectedEventType(kind);
        if (reader.TokenType == JsonTokenType.String
            && (expected.IsEmpty || JsonText.Get(ref reader).SequenceEqual(expected)))
        {
            mismatch = default;
            return true;
        }

        var found = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString();
        mismatch = FrameParseResult.Malformed($"{BinanceEventKinds.Describe(kind)} stream carries event type '{found}'");
        return false;
    }

    private static FrameParseResult Missing(BinanceEventKind kind, string field) =>
        FrameParseResult.Malformed($"{BinanceEventKinds.Describe(kind)}: missing field '{field}'");

    private static FrameParseResult Invalid(BinanceEventKind kind, string field, string expected) =>
        FrameParseResult.Malformed($"{BinanceEventKinds.Describe(kind)}: field '{field}' is not {expected}");

    private static FrameParseResult Invalid(BinanceEventKind kind, byte field, string expected) =>
        Invalid(kind, ((char)field).ToString(), expected);
}
