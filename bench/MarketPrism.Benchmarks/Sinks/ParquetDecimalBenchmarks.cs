using System.Numerics;
using BenchmarkDotNet.Attributes;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace MarketPrism.Benchmarks.Sinks;

/// <summary>
/// One DECIMAL(38,18) column of exchange prices written by Parquet.Net from <see cref="decimal"/> values (it rescales
/// each through <see cref="BigInteger.Pow(BigInteger, int)"/>) against the same column from unscaled integers computed
/// in 128-bit arithmetic and handed over as <see cref="BigDecimal"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class ParquetDecimalBenchmarks : IDisposable
{
    private const int Values = 100_000;

    private readonly MemoryStream _file = new();
    private readonly decimal[] _decimals = new decimal[Values];
    private readonly BigDecimal[] _unscaled = new BigDecimal[Values];
    private readonly DecimalDataField _decimalField = new("price", 38, 18);
    private readonly BigDecimalDataField _bigField = new("price", 38, 18);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        for (var i = 0; i < Values; i++)
        {
            _decimals[i] = decimal.Round((decimal)(random.NextDouble() * 60_000), random.Next(0, 9));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Values)]
    public async Task<long> FromDecimal()
    {
        _file.SetLength(0);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_decimalField), _file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<decimal>(_decimalField, _decimals);
        }

        return _file.Length;
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public async Task<long> FromUnscaledInt128()
    {
        for (var i = 0; i < Values; i++)
        {
            _unscaled[i] = new BigDecimal(Unscaled(_decimals[i]), 38, 18);
        }

        _file.SetLength(0);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_bigField), _file))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<BigDecimal>(_bigField, _unscaled);
        }

        return _file.Length;
    }

    public void Dispose()
    {
        _file.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly UInt128[] PowersOfTen = [.. Enumerable.Range(0, 19).Select(static n => UInt128.Parse("1" + new string('0', n), System.Globalization.CultureInfo.InvariantCulture))];

    private static BigInteger Unscaled(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var unscaled = mantissa * PowersOfTen[18 - scale];
        var signed = (Int128)unscaled;
        return bits[3] < 0 ? -(BigInteger)signed : (BigInteger)signed;
    }
}
