using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges.Wire;

namespace MarketPrism.Exchanges.Coinbase;

/// <summary>
/// Reads Coinbase book changes, which name each level's side, into exactly sized bid and ask arrays: the Exchange
/// feed's <c>l2update</c> <c>changes: [["buy"|"sell", price, size], …]</c> and Advanced Trade's <c>l2_data</c>
/// <c>updates: [{"side":"bid"|"offer","event_time","price_level","new_quantity"}, …]</c>. Sizes are absolute and 0
/// removes the level on both. Levels collect in buffers rented from <see cref="ArrayPool{T}.Shared"/>, so the two
/// result arrays are the only allocation (none for an empty side).
/// </summary>
internal static class CoinbaseBookLevels
{
    private const int InitialCapacity = 32;

    /// <param name="advancedTrade">Objects of Advanced Trade's <c>updates</c>, not the Exchange's arrays.</param>
    /// <param name="error">Why the array was rejected, naming the level; null on success.</param>
    public static bool TryReadChanges(scoped ref Utf8JsonReader reader, bool advancedTrade, out BookLevel[] bids, out BookLevel[] asks, out string? error)
    {
        bids = [];
        asks = [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = advancedTrade ? "is not an array of level updates" : "is not an array of [side, price, size] changes";
            return false;
        }

        var bidBuffer = new Buffer();
        var askBuffer = new Buffer();
        try
        {
            var index = 0;
            while (true)
            {
                if (!reader.Read())
                {
                    error = "is truncated";
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                bool isBid;
                BookLevel level;
                var read = advancedTrade
                    ? TryReadUpdate(ref reader, out isBid, out level, out error)
                    : TryReadChange(ref reader, out isBid, out level, out error);
                if (!read)
                {
                    error = $"level {index} {error}";
                    return false;
                }

                (isBid ? ref bidBuffer : ref askBuffer).Add(level);
                index++;
            }

            bids = bidBuffer.ToArray();
            asks = askBuffer.ToArray();
            error = null;
            return true;
        }
        finally
        {
            bidBuffer.Return();
            askBuffer.Return();
        }
    }

    /// <summary><c>["buy"|"sell", price, size]</c>, nothing after the size.</summary>
    private static bool TryReadChange(scoped ref Utf8JsonReader reader, out bool isBid, out BookLevel level, out string? error)
    {
        isBid = false;
        level = default;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = "is not a [side, price, size] array";
            return false;
        }

        if (!reader.Read() || !JsonText.TryRead(ref reader, out var side) || !TryReadSide(side, "buy"u8, "sell"u8, out isBid))
        {
            error = "has no side buy or sell";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var price))
        {
            error = "has no decimal price";
            return false;
        }

        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray || !JsonScalars.TryReadDecimal(ref reader, out var size))
        {
            error = "has no decimal size";
            return false;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            error = "has more than its side, price and size";
            return false;
        }

        level = new BookLevel(price, size);
        error = null;
        return true;
    }

    /// <summary><c>{"side":"bid"|"offer","event_time","price_level","new_quantity"}</c>, keys in any order.</summary>
    private static bool TryReadUpdate(scoped ref Utf8JsonReader reader, out bool isBid, out BookLevel level, out string? error)
    {
        isBid = false;
        level = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = "is not an object";
            return false;
        }

        var hasSide = false;
        decimal? price = null;
        decimal? quantity = null;
        PropertyStep step;
        while ((step = JsonProperties.Next(ref reader, out var name)) == PropertyStep.Value)
        {
            if (name.SequenceEqual("side"u8))
            {
                if (!JsonText.TryRead(ref reader, out var side) || !TryReadSide(side, "bid"u8, "offer"u8, out isBid))
                {
                    error = "has a side that is not bid or offer";
                    return false;
                }

                hasSide = true;
            }
            else if (name.SequenceEqual("price_level"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    error = "has a price_level that is not a decimal";
                    return false;
                }

                price = value;
            }
            else if (name.SequenceEqual("new_quantity"u8))
            {
                if (!JsonScalars.TryReadDecimal(ref reader, out var value))
                {
                    error = "has a new_quantity that is not a decimal";
                    return false;
                }

                quantity = value;
            }
            else
            {
                // event_time: the book record carries the message's time.
                reader.Skip();
            }
        }

        if (step == PropertyStep.Truncated)
        {
            error = "is truncated";
            return false;
        }

        if (!hasSide || price is null || quantity is null)
        {
            error = !hasSide ? "has no side" : price is null ? "has no price_level" : "has no new_quantity";
            return false;
        }

        level = new BookLevel(price.Value, quantity.Value);
        error = null;
        return true;
    }

    private static bool TryReadSide(ReadOnlySpan<byte> side, ReadOnlySpan<byte> bid, ReadOnlySpan<byte> ask, out bool isBid)
    {
        isBid = side.SequenceEqual(bid);
        return isBid || side.SequenceEqual(ask);
    }

    /// <summary>A growable run of levels in a rented array.</summary>
    private struct Buffer
    {
        private BookLevel[]? _items;
        private int _count;

        public void Add(BookLevel level)
        {
            if (_items is null)
            {
                _items = ArrayPool<BookLevel>.Shared.Rent(InitialCapacity);
            }
            else if (_count == _items.Length)
            {
                var larger = ArrayPool<BookLevel>.Shared.Rent(_items.Length * 2);
                _items.AsSpan(0, _count).CopyTo(larger);
                ArrayPool<BookLevel>.Shared.Return(_items);
                _items = larger;
            }

            _items[_count++] = level;
        }

        public readonly BookLevel[] ToArray() => _count == 0 ? [] : _items.AsSpan(0, _count).ToArray();

        public void Return()
        {
            if (_items is not null)
            {
                ArrayPool<BookLevel>.Shared.Return(_items);
                _items = null;
            }
        }
    }
}
