using System.Text;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Okx;

// One reader per channel's data element. Each validates every field it needs before it appends anything; on return
// the reader is on the element's closing brace.
public sealed partial class OkxFrameParser
{
    /// <summary>
    /// <c>trades</c>/<c>trades-all</c>: <c>{"instId","tradeId","px","sz","side","ts","count"?}</c>; <c>side</c> is the
    /// taker's. <c>trades</c> may aggregate several fills of one taker order into one push (<c>count</c>), like
    /// Binance's aggTrade; the record keeps OKX's <c>tradeId</c> of it.
    /// </summary>
    private FrameParseResult ParseTrade(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        const string channel = "trades";
        var instId = arg.InstId;
        ReadOnlySpan<byte> tradeId = default;
        ReadOnlySpan<byte> side = default;
        decimal? price = null;
        decimal? quantity = null;
        DateTime? time = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    return Invalid(channel, "instId", "an instrument id");
                }
            }
            else if (name.SequenceEqual("tradeId"u8))
            {
                if (!JsonText.TryRead(ref reader, out tradeId) || tradeId.IsEmpty)
                {
                    return Invalid(channel, "tradeId", "a trade id");
                }
            }
            else if (name.SequenceEqual("px"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, "px", "a decimal");
                }

                price = parsed;
            }
            else if (name.SequenceEqual("sz"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, "sz", "a decimal");
                }

                quantity = parsed;
            }
            else if (name.SequenceEqual("side"u8))
            {
                if (!JsonText.TryRead(ref reader, out side))
                {
                    return Invalid(channel, "side", "buy or sell");
                }
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
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

        if (tradeId.IsEmpty)
        {
            return Missing(channel, "tradeId");
        }

        if (price is null)
        {
            return Missing(channel, "px");
        }

        if (quantity is null)
        {
            return Missing(channel, "sz");
        }

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        if (!TryReadSide(side, out var takerSide))
        {
            return side.IsEmpty ? Missing(channel, "side") : Invalid(channel, "side", "buy or sell");
        }

        if (!TryResolve(instId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        output.Add(new TradeRecord
        {
            Instrument = instrument,
            Timestamp = time.Value,
            LocalTimestamp = local,
            TradeId = RecordId.FromUtf8(tradeId),
            Price = price.Value,
            Quantity = quantity.Value,
            Side = takerSide,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>books</c> (and the tick-by-tick book channels): <c>{"asks","bids","ts","checksum","seqId"?,"prevSeqId"?}</c>.
    /// Levels are <c>[px, sz, "0", orders]</c>; size <c>"0"</c> removes a level. Update ids are <c>seqId</c> (both
    /// first and last: one message is one step of OKX's sequence) with <c>prevSeqId</c> as the previous id; frames from
    /// before OKX added them (2022) use <c>ts</c> as the id so ids still increase, and carry no previous id.
    /// </summary>
    private FrameParseResult ParseBook(scoped ref Utf8JsonReader reader, Arg arg, bool isSnapshot, DateTime local, List<MarketRecord> output)
    {
        const string channel = "books";
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        long? time = null;
        long? checksum = null;
        long? seqId = null;
        long? prevSeqId = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("asks"u8))
            {
                if (!OkxJson.TryReadLevels(ref reader, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"{channel}: field 'asks' {error}");
                }

                asks = levels;
            }
            else if (name.SequenceEqual("bids"u8))
            {
                if (!OkxJson.TryReadLevels(ref reader, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"{channel}: field 'bids' {error}");
                }

                bids = levels;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
            }
            else if (name.SequenceEqual("checksum"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed) || parsed is < int.MinValue or > int.MaxValue)
                {
                    return Invalid(channel, "checksum", "a 32-bit integer");
                }

                checksum = parsed;
            }
            else if (name.SequenceEqual("seqId"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(channel, "seqId", "an integer");
                }

                seqId = parsed;
            }
            else if (name.SequenceEqual("prevSeqId"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(channel, "prevSeqId", "an integer");
                }

                prevSeqId = parsed;
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

        if (asks is null)
        {
            return Missing(channel, "asks");
        }

        if (bids is null)
        {
            return Missing(channel, "bids");
        }

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp))
        {
            return Invalid(channel, "ts", "a valid time");
        }

        if (!TryResolve(arg.InstId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        var updateId = seqId ?? time.Value;
        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = updateId,
            LastUpdateId = updateId,

            // A snapshot's prevSeqId is -1: it continues nothing.
            PreviousUpdateId = isSnapshot || seqId is null ? null : prevSeqId,
            IsSnapshot = isSnapshot,
            Checksum = checksum,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>bbo-tbt</c>: the top level of each side, <c>{"asks":[[px,sz,"0",n]],"bids":[…],"ts","seqId"?}</c>, pushed on
    /// every change. <c>update_id</c> ← <c>seqId</c> (the book's sequence): several quotes share an exchange
    /// millisecond, and the sequence is what tells them apart in the record key. It restarts lower after maintenance,
    /// so it does not order quotes across a reset (the key also holds the prices and sizes). Captures from before OKX
    /// added <c>seqId</c> to this channel (2022) leave it null.
    /// </summary>
    private FrameParseResult ParseBestBidOffer(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        const string channel = "bbo-tbt";
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        DateTime? time = null;
        long? seqId = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("asks"u8))
            {
                if (!OkxJson.TryReadLevels(ref reader, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"{channel}: field 'asks' {error}");
                }

                asks = levels;
            }
            else if (name.SequenceEqual("bids"u8))
            {
                if (!OkxJson.TryReadLevels(ref reader, out var levels, out var error))
                {
                    return FrameParseResult.Malformed($"{channel}: field 'bids' {error}");
                }

                bids = levels;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
            }
            else if (name.SequenceEqual("seqId"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(channel, "seqId", "an integer");
                }

                seqId = parsed;
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

        if (asks is null)
        {
            return Missing(channel, "asks");
        }

        if (bids is null)
        {
            return Missing(channel, "bids");
        }

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        if (!TryResolve(arg.InstId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        if (bids.Length == 0 || asks.Length == 0)
        {
            return new FrameParseResult(FrameKind.Ignored, $"{channel}: {instrument.ExchangeSymbol} has no bid or no ask (a one-sided book has no best bid/ask)");
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = time.Value,
            LocalTimestamp = local,
            BidPrice = bids[0].Price,
            BidSize = bids[0].Size,
            AskPrice = asks[0].Price,
            AskSize = asks[0].Size,
            UpdateId = seqId,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>tickers</c>: <c>bidPx</c>/<c>bidSz</c>/<c>askPx</c>/<c>askSz</c> at <c>ts</c> (the 24-hour statistics are not
    /// normalized). The collector subscribes <c>bbo-tbt</c> for best bid/ask; tickers (at most every 100 ms, only on
    /// a trade or a top-of-book change) are read so recorded sessions normalize too.
    /// </summary>
    private FrameParseResult ParseTicker(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        const string channel = "tickers";
        var instId = arg.InstId;
        decimal? bidPrice = null;
        decimal? bidSize = null;
        decimal? askPrice = null;
        decimal? askSize = null;
        var quoteMissing = false;
        DateTime? time = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    return Invalid(channel, "instId", "an instrument id");
                }
            }
            else if (name.SequenceEqual("bidPx"u8) || name.SequenceEqual("bidSz"u8) || name.SequenceEqual("askPx"u8) || name.SequenceEqual("askSz"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, Encoding.UTF8.GetString(name), "a decimal");
                }

                quoteMissing |= parsed is null;
                switch (name[0], name[3])
                {
                    case ((byte)'b', (byte)'P'):
                        bidPrice = parsed;
                        break;
                    case ((byte)'b', _):
                        bidSize = parsed;
                        break;
                    case (_, (byte)'P'):
                        askPrice = parsed;
                        break;
                    default:
                        askSize = parsed;
                        break;
                }
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
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

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        if (!TryResolve(instId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        if (quoteMissing || bidPrice is null || bidSize is null || askPrice is null || askSize is null)
        {
            return new FrameParseResult(FrameKind.Ignored, $"{channel}: {instrument.ExchangeSymbol} has no bid or no ask (a one-sided book has no best bid/ask)");
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = time.Value,
            LocalTimestamp = local,
            BidPrice = bidPrice.Value,
            BidSize = bidSize.Value,
            AskPrice = askPrice.Value,
            AskSize = askSize.Value,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>funding-rate</c>, in both shapes OKX has used: the 2021 one (<c>fundingRate, fundingTime, instId, instType,
    /// nextFundingRate</c>) and the current one (adding <c>method, formulaType, nextFundingTime, min/maxFundingRate,
    /// interestRate, impactValue, settState, settFundingRate, premium, ts</c>). <c>funding_rate</c> ← <c>fundingRate</c>
    /// (the rate charged at <c>fundingTime</c>), <c>next_funding_time</c> ← <c>fundingTime</c>, <c>estimated_rate</c> ←
    /// <c>nextFundingRate</c> (empty since OKX moved to <c>current_period</c>), <c>timestamp</c> ← <c>ts</c>, or the
    /// receive time for the old shape, which has none. A push without a current rate is ignored with the reason.
    /// </summary>
    private FrameParseResult ParseFundingRate(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        if (!TryReadFundingRate(ref reader, arg.InstId, local, out var funding, out var failure))
        {
            return failure;
        }

        output.Add(funding);
        return FrameParseResult.Data;
    }

    /// <summary>Reads one funding-rate object (WS push or REST <c>/api/v5/public/funding-rate</c> element).</summary>
    internal bool TryReadFundingRate(
        scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> instId, DateTime local, out FundingRateRecord record, out FrameParseResult failure)
    {
        const string channel = "funding-rate";
        record = null!;
        decimal? rate = null;
        decimal? nextRate = null;
        DateTime? fundingTime = null;
        DateTime? time = null;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                failure = Truncated;
                return false;
            }

            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    failure = Invalid(channel, "instId", "an instrument id");
                    return false;
                }
            }
            else if (name.SequenceEqual("fundingRate"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out rate))
                {
                    failure = Invalid(channel, "fundingRate", "a decimal");
                    return false;
                }
            }
            else if (name.SequenceEqual("nextFundingRate"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out nextRate))
                {
                    failure = Invalid(channel, "nextFundingRate", "a decimal");
                    return false;
                }
            }
            else if (name.SequenceEqual("fundingTime"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    failure = Invalid(channel, "fundingTime", "a millisecond time");
                    return false;
                }

                fundingTime = parsed;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    failure = Invalid(channel, "ts", "a millisecond time");
                    return false;
                }

                time = parsed;
            }
            else
            {
                reader.Skip();
            }
        }

        if (!TryResolve(instId, channel, out var instrument, out failure))
        {
            return false;
        }

        if (rate is null)
        {
            failure = new FrameParseResult(FrameKind.Ignored, $"{channel}: {instrument.ExchangeSymbol} states no current fundingRate");
            return false;
        }

        record = new FundingRateRecord
        {
            Instrument = instrument,
            Timestamp = time ?? local,
            LocalTimestamp = local,
            FundingRate = rate.Value,
            EstimatedRate = nextRate,
            NextFundingTime = fundingTime,
        };
        failure = default;
        return true;
    }

    /// <summary>
    /// <c>open-interest</c>: <c>{"instId","instType","oi","oiCcy","oiUsd"?,"ts"}</c>. <c>open_interest</c> ←
    /// <c>oiCcy</c>, the open interest in the base coin (<c>oi</c> counts contracts, whose face value differs per
    /// contract), so it is comparable across venues and inverse and linear contracts alike; <c>open_interest_value</c> ←
    /// <c>oiUsd</c> when OKX sends it, else null (the REST poll falls back to <c>oiCcy</c> x mark price).
    /// </summary>
    private FrameParseResult ParseOpenInterest(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        if (!TryReadOpenInterest(ref reader, arg.InstId, local, markPrice: null, out var record, out var failure))
        {
            return failure;
        }

        output.Add(record);
        return FrameParseResult.Data;
    }

    /// <summary>Reads one open-interest object (WS push or REST <c>/api/v5/public/open-interest</c> element).</summary>
    /// <param name="markPrice">The latest mark price, used for the value when OKX sends no <c>oiUsd</c>.</param>
    internal bool TryReadOpenInterest(
        scoped ref Utf8JsonReader reader,
        ReadOnlySpan<byte> instId,
        DateTime local,
        decimal? markPrice,
        out OpenInterestRecord record,
        out FrameParseResult failure)
    {
        const string channel = "open-interest";
        record = null!;
        decimal? coins = null;
        decimal? usd = null;
        DateTime? time = null;
        while (true)
        {
            var step = JsonProperties.Next(ref reader, out var name);
            if (step == PropertyStep.End)
            {
                break;
            }

            if (step == PropertyStep.Truncated)
            {
                failure = Truncated;
                return false;
            }

            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    failure = Invalid(channel, "instId", "an instrument id");
                    return false;
                }
            }
            else if (name.SequenceEqual("oiCcy"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out coins))
                {
                    failure = Invalid(channel, "oiCcy", "a decimal");
                    return false;
                }
            }
            else if (name.SequenceEqual("oiUsd"u8))
            {
                if (!JsonScalars.TryReadOptionalDecimal(ref reader, out usd))
                {
                    failure = Invalid(channel, "oiUsd", "a decimal");
                    return false;
                }
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    failure = Invalid(channel, "ts", "a millisecond time");
                    return false;
                }

                time = parsed;
            }
            else
            {
                reader.Skip();
            }
        }

        if (coins is null)
        {
            failure = Missing(channel, "oiCcy");
            return false;
        }

        if (time is null)
        {
            failure = Missing(channel, "ts");
            return false;
        }

        if (!TryResolve(instId, channel, out var instrument, out failure))
        {
            return false;
        }

        record = new OpenInterestRecord
        {
            Instrument = instrument,
            Timestamp = time.Value,
            LocalTimestamp = local,
            OpenInterest = coins.Value,
            OpenInterestValue = usd ?? (markPrice is { } mark ? coins.Value * mark : null),
        };
        failure = default;
        return true;
    }

    /// <summary><c>mark-price</c>: <c>{"instId","instType","markPx","ts"}</c>; OKX's mark price carries no index price.</summary>
    private FrameParseResult ParseMarkPrice(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        const string channel = "mark-price";
        var instId = arg.InstId;
        decimal? mark = null;
        DateTime? time = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    return Invalid(channel, "instId", "an instrument id");
                }
            }
            else if (name.SequenceEqual("markPx"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, "markPx", "a decimal");
                }

                mark = parsed;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
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

        if (mark is null)
        {
            return Missing(channel, "markPx");
        }

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        if (!TryResolve(instId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        output.Add(new MarkPriceRecord
        {
            Instrument = instrument,
            Timestamp = time.Value,
            LocalTimestamp = local,
            MarkPrice = mark.Value,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// <c>liquidation-orders</c>: <c>{"instId","instType","instFamily","uly","details":[{"side","posSide","bkPx","sz",
    /// "bkLoss","ccy","ts"}]}</c>, one record per detail. <c>side</c> is the liquidation order's side, which is what
    /// the schema records (<c>side=buy, posSide=short</c>: a short was liquidated by a buy order); <c>price</c> ←
    /// <c>bkPx</c> (the bankruptcy price), <c>quantity</c> ← <c>sz</c> (contracts for SWAP/FUTURES, base currency
    /// for MARGIN), <c>instrument_type</c> ← <c>instType</c>.
    /// </summary>
    private FrameParseResult ParseLiquidationOrders(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        const string channel = "liquidation-orders";
        ReadOnlySpan<byte> instId = default;
        ReadOnlySpan<byte> instType = default;
        var details = default(Utf8JsonReader);
        var hasDetails = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("instId"u8))
            {
                if (!JsonText.TryRead(ref reader, out instId))
                {
                    return Invalid(channel, "instId", "an instrument id");
                }
            }
            else if (name.SequenceEqual("instType"u8))
            {
                if (!JsonText.TryRead(ref reader, out instType))
                {
                    return Invalid(channel, "instType", "an instrument type");
                }
            }
            else if (name.SequenceEqual("details"u8))
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return Invalid(channel, "details", "an array");
                }

                // Read once the instrument is known: OKX writes 'details' first.
                details = reader;
                hasDetails = true;
                reader.Skip();
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

        if (!hasDetails)
        {
            return Missing(channel, "details");
        }

        if (!TryResolve(instId, channel, out var instrument, out var failure))
        {
            // One push carries every instrument of its type, including ones MarketPrism does not normalize (OKX's
            // X-Perps such as BTC-USD_UM_XPERP-310404: FUTURES with funding and a far expiry): that element is skipped
            // and counted, and the push keeps the other instruments' liquidations.
            return instId.IsEmpty
                ? failure
                : new FrameParseResult(FrameKind.Ignored, $"{channel}: skipped the liquidation of '{Encoding.UTF8.GetString(instId)}', an instrument MarketPrism does not normalize");
        }

        InstrumentType? type = null;
        if (!instType.IsEmpty)
        {
            if (!TryReadInstrumentType(instType, out var parsedType))
            {
                return Invalid(channel, "instType", "SPOT, MARGIN, SWAP, FUTURES or OPTION");
            }

            type = parsedType;
        }

        if (_liquidationInstruments is not null && !_liquidationInstruments.Contains(instrument))
        {
            return new FrameParseResult(FrameKind.Ignored, $"{channel}: liquidation of {instrument.ExchangeSymbol}, which is not collected");
        }

        var produced = false;
        ElementStep elementStep;
        while ((elementStep = JsonArrays.Next(ref details)) == ElementStep.Value)
        {
            if (details.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(channel, "details", "an array of objects");
            }

            var detail = ParseLiquidationDetail(ref details, instrument, type, channel, local, output);
            if (detail.Kind != FrameKind.Data)
            {
                return detail;
            }

            produced = true;
        }

        if (elementStep == ElementStep.Truncated)
        {
            return Truncated;
        }

        return produced ? FrameParseResult.Data : new FrameParseResult(FrameKind.Ignored, $"{channel}: {instrument.ExchangeSymbol} has no details");
    }

    /// <summary>
    /// The Tardis-generated <c>liquidations</c> frames of recordings: polled REST liquidation details
    /// (<c>{"bkLoss","bkPx","ccy","posSide","side","sz","ts"}</c>) under an <c>arg</c> naming the instrument.
    /// </summary>
    private FrameParseResult ParseGeneratedLiquidation(scoped ref Utf8JsonReader reader, Arg arg, DateTime local, List<MarketRecord> output)
    {
        const string channel = "liquidations";
        if (!TryResolve(arg.InstId, channel, out var instrument, out var failure))
        {
            return failure;
        }

        if (_liquidationInstruments is not null && !_liquidationInstruments.Contains(instrument))
        {
            reader.Skip();
            return new FrameParseResult(FrameKind.Ignored, $"{channel}: liquidation of {instrument.ExchangeSymbol}, which is not collected");
        }

        return ParseLiquidationDetail(ref reader, instrument, null, channel, local, output);
    }

    private static FrameParseResult ParseLiquidationDetail(
        scoped ref Utf8JsonReader reader, Instrument instrument, InstrumentType? type, string channel, DateTime local, List<MarketRecord> output)
    {
        ReadOnlySpan<byte> side = default;
        decimal? price = null;
        decimal? quantity = null;
        DateTime? time = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("side"u8))
            {
                if (!JsonText.TryRead(ref reader, out side))
                {
                    return Invalid(channel, "side", "buy or sell");
                }
            }
            else if (name.SequenceEqual("bkPx"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, "bkPx", "a decimal");
                }

                price = parsed;
            }
            else if (name.SequenceEqual("sz"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    return Invalid(channel, "sz", "a decimal");
                }

                quantity = parsed;
            }
            else if (name.SequenceEqual("ts"u8))
            {
                if (!UnixMilliseconds.TryRead(ref reader, out var parsed))
                {
                    return Invalid(channel, "ts", "a millisecond time");
                }

                time = parsed;
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

        if (!TryReadSide(side, out var orderSide))
        {
            return side.IsEmpty ? Missing(channel, "side") : Invalid(channel, "side", "buy or sell");
        }

        if (price is null)
        {
            return Missing(channel, "bkPx");
        }

        if (quantity is null)
        {
            return Missing(channel, "sz");
        }

        if (time is null)
        {
            return Missing(channel, "ts");
        }

        var record = type is { } instrumentType
            ? new LiquidationRecord
            {
                Instrument = instrument,
                Timestamp = time.Value,
                LocalTimestamp = local,
                Side = orderSide,
                Price = price.Value,
                Quantity = quantity.Value,
                InstrumentType = instrumentType,
            }
            : new LiquidationRecord
            {
                Instrument = instrument,
                Timestamp = time.Value,
                LocalTimestamp = local,
                Side = orderSide,
                Price = price.Value,
                Quantity = quantity.Value,
            };
        output.Add(record);
        return FrameParseResult.Data;
    }

    private static bool TryReadSide(ReadOnlySpan<byte> text, out Side side)
    {
        if (text.SequenceEqual("buy"u8))
        {
            side = Side.Buy;
            return true;
        }

        side = Side.Sell;
        return text.SequenceEqual("sell"u8);
    }

    private static bool TryReadInstrumentType(ReadOnlySpan<byte> text, out InstrumentType type)
    {
        (var known, type) = text switch
        {
            _ when text.SequenceEqual("SWAP"u8) => (true, InstrumentType.Swap),
            _ when text.SequenceEqual("FUTURES"u8) => (true, InstrumentType.Futures),
            _ when text.SequenceEqual("MARGIN"u8) => (true, InstrumentType.Margin),
            _ when text.SequenceEqual("OPTION"u8) => (true, InstrumentType.Option),
            _ when text.SequenceEqual("SPOT"u8) => (true, InstrumentType.Spot),
            _ => (false, InstrumentType.Spot),
        };
        return known;
    }

    private static FrameParseResult Missing(string channel, string field) =>
        FrameParseResult.Malformed($"{channel}: required field '{field}' is missing");

    private static FrameParseResult Invalid(string channel, string field, string expected) =>
        FrameParseResult.Malformed($"{channel}: field '{field}' is not {expected}");
}
