using System.Buffers.Text;
using System.Text.Json;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// Encodes records as JSON lines into one reused buffer: byte for byte what <see cref="RecordJsonWriter"/> writes
/// through a <see cref="Utf8JsonWriter"/> (microsecond timestamps, so journals and jsonl files keep everything the
/// Parquet store keeps) plus <c>\n</c>.
/// <para>
/// Why not <see cref="Utf8JsonWriter"/>: the journal writes a line for every stored record, and the writer's
/// general machinery (state, escaping checks, buffer requests per token) cost about as much as the Parquet encoding
/// itself. The fields of each record type are known, so they are formatted straight into the buffer: names are
/// pre-encoded, numbers use the same <see cref="Utf8Formatter"/> the writer uses, and a string is copied as is
/// when it holds only characters the writer's default encoder leaves alone, otherwise it is escaped by
/// <see cref="JsonEncodedText"/>, the writer's own encoder. Tests compare both encodings for every record type.
/// </para>
/// One instance serves all line files of a sink; it is not thread-safe.
/// </summary>
internal sealed class RecordLineEncoder : IDisposable
{
    /// <summary>Longest decimal text (sign, 29 digits, point, with room to spare).</summary>
    private const int MaxNumberLength = 40;

    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The line for <paramref name="record"/>, valid until the next call.</summary>
    public ReadOnlySpan<byte> Encode(MarketRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _length = 0;
        Raw("{"u8);
        Name(FieldNames.DataType, first: true);
        String(record.DataType.ToWireName());
        Name(FieldNames.ExchangeName);
        String(record.ExchangeName);
        Name(FieldNames.MarketType);
        String(record.MarketType.ToWireName());
        Name(FieldNames.SymbolName);
        String(record.SymbolName);
        Name(FieldNames.ExchangeSymbol);
        String(record.ExchangeSymbol);
        Name(FieldNames.Timestamp);
        Timestamp(record.Timestamp);
        Name(FieldNames.LocalTimestamp);
        Timestamp(record.LocalTimestamp);

        switch (record)
        {
            case TradeRecord trade:
                Name(FieldNames.TradeId);
                Id(trade.TradeId);
                Field(FieldNames.Price, trade.Price);
                Field(FieldNames.Quantity, trade.Quantity);
                Name(FieldNames.Side);
                String(trade.Side.ToWireName());

                // Only on venues that publish one, so the trades of every other venue keep their exact shape.
                if (trade.TransactionHash is { } hash)
                {
                    Name(FieldNames.TransactionHash);
                    String(hash);
                }

                break;
            case BookDeltaRecord delta:
                Book(delta);
                Name(FieldNames.Depth);
                Raw("null"u8);
                break;
            case BookSnapshotRecord snapshot:
                Book(snapshot);
                Name(FieldNames.Depth);
                Number(snapshot.Depth);
                break;
            case BestBidAskRecord quote:
                Field(FieldNames.BidPrice, quote.BidPrice);
                Field(FieldNames.BidSize, quote.BidSize);
                Field(FieldNames.AskPrice, quote.AskPrice);
                Field(FieldNames.AskSize, quote.AskSize);
                Name(FieldNames.UpdateId);
                if (quote.UpdateId is { } updateId)
                {
                    Number(updateId);
                }
                else
                {
                    Raw("null"u8);
                }

                break;
            case FundingRateRecord funding:
                Field(FieldNames.FundingRate, funding.FundingRate);
                Field(FieldNames.EstimatedRate, funding.EstimatedRate);
                Name(FieldNames.NextFundingTime);
                if (funding.NextFundingTime is { } next)
                {
                    Timestamp(next);
                }
                else
                {
                    Raw("null"u8);
                }

                Field(FieldNames.MarkPrice, funding.MarkPrice);
                Field(FieldNames.IndexPrice, funding.IndexPrice);
                Field(FieldNames.PremiumIndex, funding.PremiumIndex);
                break;
            case OpenInterestRecord openInterest:
                Field(FieldNames.OpenInterest, openInterest.OpenInterest);
                Field(FieldNames.OpenInterestValue, openInterest.OpenInterestValue);
                break;
            case LiquidationRecord liquidation:
                Name(FieldNames.LiquidationId);
                if (liquidation.LiquidationId is { } id)
                {
                    Id(id);
                }
                else
                {
                    Raw("null"u8);
                }

                Name(FieldNames.Side);
                String(liquidation.Side.ToWireName());
                Field(FieldNames.Price, liquidation.Price);
                Field(FieldNames.Quantity, liquidation.Quantity);
                Field(FieldNames.Leverage, liquidation.Leverage);
                Name(FieldNames.InstrumentType);
                String(liquidation.InstrumentType.ToWireName());
                break;
            case MarkPriceRecord mark:
                Field(FieldNames.MarkPrice, mark.MarkPrice);
                Field(FieldNames.IndexPrice, mark.IndexPrice);
                break;
            case LongShortRatioRecord ratio:
                Name(FieldNames.Kind);
                String(ratio.Kind.ToWireName());
                Field(FieldNames.LongRatio, ratio.LongRatio);
                Field(FieldNames.ShortRatio, ratio.ShortRatio);
                Field(FieldNames.LongShortRatio, ratio.LongShortRatio);
                Name(FieldNames.Period);
                String(ratio.Period);
                break;
            case VolatilityIndexRecord volatility:
                Field(FieldNames.Volatility, volatility.Volatility);
                break;
            default:
                throw new ArgumentException($"No JSON form for record type {record.GetType().Name}.", nameof(record));
        }

        Raw("}\n"u8);
        return _buffer.AsSpan(0, _length);
    }

    public void Dispose()
    {
        // Nothing to release since the encoder stopped using Utf8JsonWriter; kept so owners need not change.
    }

    private void Book(BookRecord book)
    {
        Levels(FieldNames.Bids, book.Bids);
        Levels(FieldNames.Asks, book.Asks);
        Name(FieldNames.FirstUpdateId);
        Number(book.FirstUpdateId);
        Name(FieldNames.LastUpdateId);
        Number(book.LastUpdateId);
    }

    private void Levels(JsonEncodedText name, BookLevel[] levels)
    {
        Name(name);
        Ensure((levels.Length * ((2 * MaxNumberLength) + 4)) + 2);
        _buffer[_length++] = (byte)'[';
        for (var i = 0; i < levels.Length; i++)
        {
            if (i > 0)
            {
                _buffer[_length++] = (byte)',';
            }

            _buffer[_length++] = (byte)'[';
            NumberUnchecked(levels[i].Price);
            _buffer[_length++] = (byte)',';
            NumberUnchecked(levels[i].Size);
            _buffer[_length++] = (byte)']';
        }

        _buffer[_length++] = (byte)']';
    }

    private void Field(JsonEncodedText name, decimal value)
    {
        Name(name);
        Ensure(MaxNumberLength);
        NumberUnchecked(value);
    }

    private void Field(JsonEncodedText name, decimal? value)
    {
        Name(name);
        if (value is { } number)
        {
            Ensure(MaxNumberLength);
            NumberUnchecked(number);
        }
        else
        {
            Raw("null"u8);
        }
    }

    /// <summary>Writes <c>,"name":</c> (no comma for the first property), as the writer does.</summary>
    private void Name(JsonEncodedText name, bool first = false)
    {
        var encoded = name.EncodedUtf8Bytes;
        Ensure(encoded.Length + 4);
        if (!first)
        {
            _buffer[_length++] = (byte)',';
        }

        _buffer[_length++] = (byte)'"';
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
        _buffer[_length++] = (byte)'"';
        _buffer[_length++] = (byte)':';
    }

    private void String(string value)
    {
        Ensure(value.Length + 2);
        var start = _length;
        _buffer[_length++] = (byte)'"';
        foreach (var c in value)
        {
            if (!IsPlain(c))
            {
                // Rare (symbols and names are plain ASCII): let the writer's own encoder decide how to escape it.
                _length = start;
                Escaped(value);
                return;
            }

            _buffer[_length++] = (byte)c;
        }

        _buffer[_length++] = (byte)'"';
    }

    private void Escaped(string value)
    {
        var encoded = JsonEncodedText.Encode(value).EncodedUtf8Bytes;
        Ensure(encoded.Length + 2);
        _buffer[_length++] = (byte)'"';
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>Characters the default JavaScriptEncoder writes as themselves (a conservative subset).</summary>
    private static bool IsPlain(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or '/' or ' ';

    private void Timestamp(DateTime value)
    {
        Ensure(UtcTimestamp.IsoLength + 2);
        if (!UtcTimestamp.TryFormatIso(value, _buffer.AsSpan(_length + 1), out var written, TimestampPrecision.Microseconds))
        {
            // A year past 9999: the writer would have failed on it as well; say which value it was.
            throw new ArgumentOutOfRangeException(nameof(value), value, "The timestamp cannot be written in ISO-8601 form.");
        }

        _buffer[_length] = (byte)'"';
        _length += written + 1;
        _buffer[_length++] = (byte)'"';
    }

    private void Id(RecordId id)
    {
        Ensure(24);
        if (id.TryFormatNumber(_buffer.AsSpan(_length + 1), out var written))
        {
            _buffer[_length] = (byte)'"';
            _length += written + 1;
            _buffer[_length++] = (byte)'"';
        }
        else
        {
            String(id.ToString());
        }
    }

    private void Number(long value)
    {
        Ensure(24);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as <see cref="Utf8Formatter"/> does (all its digits, its scale kept, no
    /// exponent). Exchange numbers fit 64 bits of mantissa: those are formatted here from the integer and the scale,
    /// at about a third of the general formatter's cost; the rest (and negative zero) go to the general formatter.
    /// Caller has ensured <see cref="MaxNumberLength"/> bytes.
    /// </summary>
    private void NumberUnchecked(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        if (bits[2] != 0 || (negative && mantissa == 0))
        {
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var formatted);
            _length += formatted;
            return;
        }

        var scale = (bits[3] >> 16) & 0xFF;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(mantissa, digits, out var count);
        var buffer = _buffer;
        var position = _length;
        if (negative)
        {
            buffer[position++] = (byte)'-';
        }

        if (scale == 0)
        {
            digits[..count].CopyTo(buffer.AsSpan(position));
            position += count;
        }
        else if (count > scale)
        {
            digits[..(count - scale)].CopyTo(buffer.AsSpan(position));
            position += count - scale;
            buffer[position++] = (byte)'.';
            digits[(count - scale)..count].CopyTo(buffer.AsSpan(position));
            position += scale;
        }
        else
        {
            buffer[position++] = (byte)'0';
            buffer[position++] = (byte)'.';
            buffer.AsSpan(position, scale - count).Fill((byte)'0');
            position += scale - count;
            digits[..count].CopyTo(buffer.AsSpan(position));
            position += count;
        }

        _length = position;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
