using System.Buffers;
using System.Text.Json;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;
using MarketPrism.Core.Serialization;
using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class RecordLineEncoderTests
{
    private static readonly DateTime Time = SampleRecords.Time;

    /// <summary>The form journals and jsonl files had before the direct encoder: the JSON writer's output plus a newline.</summary>
    private static byte[] Reference(MarketRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            RecordJsonWriter.Write(writer, record, TimestampPrecision.Microseconds);
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static MarketRecord[] EveryTypeAndOddities()
    {
        var odd = new Instrument("ex+ch\"ange", MarketType.Perpetual, "BTC", "USDT", "BTC/USDT<é>&'\\", ContractKind.Linear);
        return
        [
            .. SampleRecords.EveryType(),
            new LongShortRatioRecord
            {
                Instrument = SampleRecords.BinancePerpetual, Timestamp = Time, LocalTimestamp = Time.AddTicks(3),
                Kind = LongShortRatioKind.TopPosition, LongRatio = SampleRecords.D("0.6512"), ShortRatio = SampleRecords.D("0.3488"),
                LongShortRatio = SampleRecords.D("1.8670"), Period = "5m",
            },
            new LongShortRatioRecord
            {
                Instrument = SampleRecords.OkxPerpetual, Timestamp = Time, LocalTimestamp = Time,
                Kind = LongShortRatioKind.AllAccount, LongRatio = null, ShortRatio = null, LongShortRatio = SampleRecords.D("0.98"), Period = "1H",
            },
            new VolatilityIndexRecord
            {
                Instrument = SampleRecords.OkxPerpetual, Timestamp = Time, LocalTimestamp = Time.AddTicks(9), Volatility = SampleRecords.D("54.2300"),
            },
            new TradeRecord
            {
                Instrument = odd, Timestamp = DateTime.MaxValue.AddDays(-1), LocalTimestamp = DateTime.UnixEpoch,
                TradeId = RecordId.Parse("id \"quoted\" +1 ü"), Price = decimal.MaxValue, Quantity = decimal.MinValue, Side = Side.Buy,
            },
            new TradeRecord
            {
                Instrument = odd, Timestamp = Time, LocalTimestamp = Time, TradeId = new RecordId(long.MinValue),
                Price = -0.0000000000000000000000000001m, Quantity = 0m, Side = Side.Sell,
            },
            new BookSnapshotRecord
            {
                Instrument = odd, Timestamp = Time, LocalTimestamp = Time, Bids = [], Asks = [], FirstUpdateId = long.MaxValue, LastUpdateId = -1, Depth = 0,
            },
            new LiquidationRecord
            {
                Instrument = odd, Timestamp = Time, LocalTimestamp = Time, LiquidationId = RecordId.Parse("a+b"), Side = Side.Buy,
                Price = 1.5m, Quantity = 2m, Leverage = 125m, InstrumentType = InstrumentType.Option,
            },
        ];
    }

    [Fact]
    public void Lines_are_byte_for_byte_those_of_the_json_writer_for_every_record_type()
    {
        using var encoder = new RecordLineEncoder();
        var records = EveryTypeAndOddities();
        var types = new HashSet<DataType>();
        foreach (var record in records)
        {
            Assert.Equal(
                System.Text.Encoding.UTF8.GetString(Reference(record)),
                System.Text.Encoding.UTF8.GetString(encoder.Encode(record)));
            types.Add(record.DataType);
        }

        Assert.Equal(Enum.GetValues<DataType>().Length, types.Count);
    }

    [Fact]
    public void Lines_read_back_to_records_that_encode_to_the_same_line()
    {
        using var encoder = new RecordLineEncoder();
        var reader = new RecordJsonReader();
        foreach (var record in EveryTypeAndOddities())
        {
            var line = encoder.Encode(record).ToArray();
            var read = reader.Read(line.AsSpan(0, line.Length - 1));
            Assert.Equal(record.GetType(), read.GetType());
            Assert.Equal(line, encoder.Encode(read).ToArray());
        }
    }

    [Fact]
    public void Generated_decimals_and_wide_books_encode_exactly_as_the_json_writer()
    {
        var random = new Random(20261125);
        using var encoder = new RecordLineEncoder();
        for (var n = 0; n < 2_000; n++)
        {
            var levels = new BookLevel[random.Next(0, 400)];
            for (var i = 0; i < levels.Length; i++)
            {
                levels[i] = new BookLevel(RandomDecimal(random), RandomDecimal(random));
            }

            var record = new BookDeltaRecord
            {
                Instrument = SampleRecords.BinancePerpetual, Timestamp = Time.AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay)), LocalTimestamp = Time,
                Bids = levels, Asks = levels.Length > 0 ? levels[..(levels.Length / 2)] : [], FirstUpdateId = random.NextInt64(), LastUpdateId = random.NextInt64(),
            };

            Assert.Equal(Reference(record), encoder.Encode(record).ToArray());
        }
    }

    [Fact]
    public void Exchange_shaped_decimals_encode_exactly_as_the_json_writer()
    {
        var random = new Random(1125);
        using var encoder = new RecordLineEncoder();
        decimal[] edges = [0m, 0.000m, -0.000m, -0m, 1m, -1m, 0.1m, 10m, 100.00m, ulong.MaxValue, -(decimal)ulong.MaxValue, (decimal)ulong.MaxValue + 1,
            0.0000000000000000000000000001m, 1.0000000000000000000000000000m, 123456789.123456789m, decimal.MaxValue, decimal.MinValue];
        var values = edges.Concat(Enumerable.Range(0, 200_000).Select(_ => RandomDecimal(random)));
        foreach (var value in values)
        {
            var record = new MarkPriceRecord { Instrument = SampleRecords.OkxPerpetual, Timestamp = Time, LocalTimestamp = Time, MarkPrice = value, IndexPrice = -value };
            var expected = Reference(record);
            var actual = encoder.Encode(record).ToArray();
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                Assert.Fail($"{value} (scale {value.Scale}): expected {System.Text.Encoding.UTF8.GetString(expected)}, got {System.Text.Encoding.UTF8.GetString(actual)}");
            }
        }
    }

    /// <summary>Mostly what exchanges send (a 64-bit or smaller mantissa, any scale), sometimes the full 96 bits.</summary>
    private static decimal RandomDecimal(Random random)
    {
        var lo = random.Next(8) switch { 0 => 0, 1 => random.Next(1000), _ => random.Next() * (random.Next(2) == 0 ? 1 : -1) };
        var mid = random.Next(4) == 0 ? random.Next() : 0;
        var hi = random.Next(8) == 0 ? random.Next() : 0;
        return new decimal(lo, mid, hi, random.Next(2) == 0, (byte)random.Next(0, 29));
    }
}
