using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Validation;
using MarketPrism.Exchanges.Abstractions;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Hyperliquid;

// l2Book: {"coin","time","levels":[[bid…],[ask…]]}, levels {"px","sz","n"} best first, the whole book on every push.
public sealed partial class HyperliquidFrameParser
{
    private const string BookChannel = "l2Book";

    private static readonly FrameParseResult RepeatedPush =
        new(FrameKind.Ignored, "l2Book: the same book at the same time as the previous push (sent twice)");

    private readonly Dictionary<Instrument, HyperliquidBookState> _books = new(ReferenceEqualityComparer.Instance);

    /// <summary>The push being read, before it is compared with the coin's previous one.</summary>
    private readonly HyperliquidBookState _incoming = new();

    /// <summary>
    /// One push: the first of a coin on this subscription becomes an in-band snapshot (<see cref="BookDeltaRecord.IsSnapshot"/>)
    /// that loads the book; each later one a delta of the levels that changed since the previous push (removed levels
    /// with size 0), ids the push times. A push at the previous push's time with another book, or at an earlier time,
    /// is loaded whole; one repeating the previous push is ignored.
    /// </summary>
    private FrameParseResult ParseBook(scoped ref Utf8JsonReader reader, DateTime local, List<MarketRecord> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid(BookChannel, "data", "an object");
        }

        ReadOnlySpan<byte> coin = default;
        long? time = null;
        var hasLevels = false;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("coin"u8))
            {
                coin = reader.TokenType == JsonTokenType.String ? JsonText.Get(ref reader) : default;
            }
            else if (name.SequenceEqual("time"u8))
            {
                if (!JsonScalars.TryReadInt64(ref reader, out var parsed))
                {
                    return Invalid(BookChannel, "time", "an integer time");
                }

                time = parsed;
            }
            else if (name.SequenceEqual("levels"u8))
            {
                if (ReadSides(ref reader) is { } failure)
                {
                    return failure;
                }

                hasLevels = true;
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

        if (coin.IsEmpty)
        {
            return Missing(BookChannel, "coin");
        }

        if (time is null)
        {
            return Missing(BookChannel, "time");
        }

        if (!hasLevels)
        {
            return Missing(BookChannel, "levels");
        }

        if (!UnixMilliseconds.TryToUtc(time.Value, out var timestamp) || RecordValidator.CheckTimestamp(timestamp, local) is not null)
        {
            return Invalid(BookChannel, "time", "a valid time");
        }

        if (!TryInstrument(coin, BookChannel, out var instrument, out var unknown))
        {
            return unknown;
        }

        if (SortAndCheck(_incoming.Bids, bids: true) is { } badBids)
        {
            return badBids;
        }

        if (SortAndCheck(_incoming.Asks, bids: false) is { } badAsks)
        {
            return badAsks;
        }

        if (_incoming.Bids.Count > 0 && _incoming.Asks.Count > 0 && _incoming.Bids.Levels[0].Price >= _incoming.Asks.Levels[0].Price)
        {
            return FrameParseResult.Malformed($"{BookChannel}: the book is crossed (best bid {_incoming.Bids.Levels[0].Price} >= best ask {_incoming.Asks.Levels[0].Price})");
        }

        var first = !_books.TryGetValue(instrument, out var book);
        if (book is null)
        {
            book = new HyperliquidBookState();
            _books.Add(instrument, book);
        }

        var same = !first && book.Bids.SameAs(_incoming.Bids) && book.Asks.SameAs(_incoming.Asks);
        if (!first && time.Value == book.Time && same)
        {
            return RepeatedPush;
        }

        var whole = first || time.Value <= book.Time;
        output.Add(new BookDeltaRecord
        {
            Instrument = instrument,
            Timestamp = timestamp,
            LocalTimestamp = local,
            Bids = whole ? _incoming.Bids.ToArray() : _incoming.Bids.ChangesSince(book.Bids, bids: true),
            Asks = whole ? _incoming.Asks.ToArray() : _incoming.Asks.ChangesSince(book.Asks, bids: false),
            FirstUpdateId = time.Value,
            LastUpdateId = time.Value,
            PreviousUpdateId = whole ? null : book.Time,
            IsSnapshot = whole,
        });
        book.Bids.CopyFrom(_incoming.Bids);
        book.Asks.CopyFrom(_incoming.Asks);
        book.Time = time.Value;
        return FrameParseResult.Data;
    }

    /// <summary>Forgets a coin's last push, so its next one loads the book whole (the coin was subscribed again).</summary>
    private void ForgetBook(string coin)
    {
        if (_instruments.TryGet(coin, out var instrument))
        {
            _books.Remove(instrument);
        }
    }

    /// <summary><c>[[bids…],[asks…]]</c> into <see cref="_incoming"/>; null, or why not.</summary>
    private FrameParseResult? ReadSides(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Invalid(BookChannel, "levels", "[[bids], [asks]]");
        }

        _incoming.Bids.Clear();
        _incoming.Asks.Clear();
        var sides = 0;
        ElementStep element;
        while ((element = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (sides == 2)
            {
                return Invalid(BookChannel, "levels", "two sides");
            }

            if (ReadLevels(ref reader, sides == 0 ? _incoming.Bids : _incoming.Asks, sides == 0 ? "bid" : "ask") is { } failure)
            {
                return failure;
            }

            sides++;
        }

        if (element == ElementStep.Truncated)
        {
            return Truncated;
        }

        return sides == 2 ? null : Invalid(BookChannel, "levels", "two sides");
    }

    private static FrameParseResult? ReadLevels(scoped ref Utf8JsonReader reader, HyperliquidBookSide side, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Invalid(BookChannel, "levels", $"an array of {what} levels");
        }

        ElementStep element;
        while ((element = JsonArrays.Next(ref reader)) == ElementStep.Value)
        {
            if (side.Count >= MaxBookLevels)
            {
                return FrameParseResult.Malformed($"{BookChannel}: more than {MaxBookLevels} {what} levels");
            }

            if (!HyperliquidLevel.TryRead(ref reader, out var level, out var error))
            {
                return FrameParseResult.Malformed($"{BookChannel}: {what} level {side.Count} {error}");
            }

            side.Add(level);
        }

        return element == ElementStep.Truncated ? Truncated : null;
    }

    /// <summary>
    /// Puts a side best first (pushes already are) and rejects what no whole book can hold: a price twice, a price or
    /// size not above zero. Checked before the push becomes the coin's state, so a rejected push leaves no trace.
    /// </summary>
    private static FrameParseResult? SortAndCheck(HyperliquidBookSide side, bool bids)
    {
        RecordValidator.SortBestFirst(side.Writable, bids);
        var levels = side.Levels;
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i].Price <= 0 || levels[i].Size <= 0)
            {
                return FrameParseResult.Malformed($"{BookChannel}: {(bids ? "bid" : "ask")} level {levels[i].Price} x {levels[i].Size} is not a price and size above zero");
            }

            if (i > 0 && levels[i].Price == levels[i - 1].Price)
            {
                return FrameParseResult.Malformed($"{BookChannel}: {(bids ? "bid" : "ask")} price {levels[i].Price} is listed twice");
            }
        }

        return null;
    }

    /// <summary>Far more than the 20 levels Hyperliquid sends: a bound on what a hostile frame can make the parser hold.</summary>
    private const int MaxBookLevels = 1000;
}

/// <summary>A Hyperliquid level <c>{"px":"105055.0","sz":"3.03622","n":5}</c> (<c>n</c>, the number of orders, is not kept).</summary>
internal static class HyperliquidLevel
{
    public static bool TryRead(scoped ref Utf8JsonReader reader, out BookLevel level, out string? error)
    {
        level = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "is not a {px, sz, n} object";
            return false;
        }

        decimal? price = null;
        decimal? size = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("px"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    error = "has a 'px' that is not a decimal";
                    return false;
                }

                price = parsed;
            }
            else if (name.SequenceEqual("sz"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var parsed))
                {
                    error = "has a 'sz' that is not a decimal";
                    return false;
                }

                size = parsed;
            }
            else
            {
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            error = "is truncated";
            return false;
        }

        if (price is null || size is null)
        {
            error = price is null ? "has no 'px'" : "has no 'sz'";
            return false;
        }

        level = new BookLevel(price.Value, size.Value);
        error = null;
        return true;
    }
}
