using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Binance;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Bybit;

// orderbook.{depth}.{symbol}: data {"s","b","a","u","seq"}; type snapshot or delta (docs "Orderbook").
public sealed partial class BybitFrameParser
{
    private const string BookTopic = "orderbook";

    private static readonly FrameParseResult OneSidedQuote =
        new(FrameKind.Ignored, "orderbook.1: one side of the book is empty, so there is no best bid and ask to record");

    private static readonly FrameParseResult UnknownSide =
        new(FrameKind.Ignored, "orderbook.1: after a gap in 'u' a side is unknown until a message states it");

    /// <summary>
    /// Depth 1 is the top of book and becomes a <see cref="BestBidAskRecord"/>; any other depth is the book and
    /// becomes a <see cref="BookDeltaRecord"/> (ids <c>u</c>, <see cref="BookDeltaRecord.IsSnapshot"/> for
    /// <c>snapshot</c>) for the instrument's book synchronizer.
    /// </summary>
    private FrameParseResult ParseOrderBook(
        scoped ref Utf8JsonReader reader,
        Instrument instrument,
        ReadOnlySpan<byte> topicSymbol,
        int depth,
        ReadOnlySpan<byte> type,
        long? ts,
        DateTime local,
        List<MarketRecord> output)
    {
        bool snapshot;
        if (type.SequenceEqual("snapshot"u8))
        {
            snapshot = true;
        }
        else if (type.SequenceEqual("delta"u8))
        {
            snapshot = false;
        }
        else
        {
            return Invalid(BookTopic, "type", "snapshot or delta");
        }

        if (!TryEnvelopeTime(ts, BookTopic, out var timestamp, out var failure))
        {
            return failure;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(BookTopic, "data", "an object");
        }

        ReadOnlySpan<byte> symbol = default;
        BookLevel[]? bids = null;
        BookLevel[]? asks = null;
        long? updateId = null;
        long? sequence = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("seq"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsedSequence))
                {
                    return Invalid(BookTopic, "seq", "an integer");
                }

                sequence = parsedSequence;
                continue;
            }

            if (name.Length != 1)
            {
                reader.Skip();
                continue;
            }

            switch (name[0])
            {
                case (byte)'s':
                    symbol = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
                    break;
                case (byte)'b':
                    if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var parsedBids, out var bidError))
                    {
                        return FrameParseResult.Malformed($"{BookTopic}: field 'b' {bidError}");
                    }

                    bids = parsedBids;
                    break;
                case (byte)'a':
                    if (!BookLevelArray.TryRead(ref reader, PriceSizeLevel.Pair, out var parsedAsks, out var askError))
                    {
                        return FrameParseResult.Malformed($"{BookTopic}: field 'a' {askError}");
                    }

                    asks = parsedAsks;
                    break;
                case (byte)'u':
                    if (!JsonScalars.TryReadInt64(ref reader, out var parsedUpdate) || parsedUpdate <= 0)
                    {
                        return Invalid(BookTopic, "u", "a positive integer update id");
                    }

                    updateId = parsedUpdate;
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

        if (bids is null)
        {
            return Missing(BookTopic, "b");
        }

        if (asks is null)
        {
            return Missing(BookTopic, "a");
        }

        if (updateId is null)
        {
            return Missing(BookTopic, "u");
        }

        if (!SameSymbol(symbol, topicSymbol))
        {
            return OtherSymbol(BookTopic, symbol, topicSymbol);
        }

        if (depth == BybitTopics.TopOfBookDepth)
        {
            return OnTopOfBook(instrument, snapshot, updateId.Value, sequence, bids, asks, timestamp, local, output);
        }

        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = bids,
            Asks = asks,
            FirstUpdateId = updateId.Value,
            LastUpdateId = updateId.Value,
            IsSnapshot = snapshot,
        });
        return FrameParseResult.Data;
    }

    /// <summary>
    /// The best bid and ask after an <c>orderbook.1</c> message. The update id is the cross sequence <c>seq</c>, not
    /// <c>u</c>: <c>u</c> starts again at 1 when Bybit restarts the service, and duplicate suppression compares ids, so
    /// only an id that never goes back may stand in for it. <c>seq</c> grows across every topic of a symbol and is
    /// unchanged when Bybit re-sends an unchanged top of book after 3 s, so the repeat is recognized as a copy.
    /// </summary>
    private FrameParseResult OnTopOfBook(
        Instrument instrument,
        bool snapshot,
        long updateId,
        long? sequence,
        BookLevel[] bids,
        BookLevel[] asks,
        DateTime timestamp,
        DateTime local,
        List<MarketRecord> output)
    {
        if (!_topOfBooks.TryGetValue(instrument, out var top))
        {
            // Both sides start unknown: a delta before any snapshot only states the sides it names.
            top = new BybitTopOfBook();
            _topOfBooks.Add(instrument, top);
        }

        if (snapshot)
        {
            top.Load(updateId, bids, asks);
        }
        else
        {
            top.Apply(updateId, bids, asks);
        }

        if (!top.BidKnown || !top.AskKnown)
        {
            return UnknownSide;
        }

        if (top.Bid is not { } bid || top.Ask is not { } ask)
        {
            return OneSidedQuote;
        }

        output.Add(new BestBidAskRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            BidPrice = bid.Price,
            BidSize = bid.Size,
            AskPrice = ask.Price,
            AskSize = ask.Size,
            UpdateId = sequence,
        });
        return FrameParseResult.Data;
    }
}
