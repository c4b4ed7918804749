using System.Collections.Concurrent;
using MarketPrism.Core.Instruments;
using MarketPrism.Core.Model;

namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// The instruments of one exchange market, looked up by the exchange's symbol as it appears in frames (UTF-8 bytes,
/// matched case-insensitively for ASCII by upper-casing first), without allocating. Instruments not configured are
/// created once through the venue's resolver and cached, so tools like <c>normalize</c> work on any capture.
/// Safe for concurrent use (two connections of one market parse in parallel during a connection hand-over).
/// </summary>
public sealed class InstrumentTable
{
    private const int MaxSymbolLength = 64;

    private readonly ConcurrentDictionary<string, Instrument> _bySymbol = new(Utf8SymbolComparer.Instance);
    private readonly ConcurrentDictionary<string, Instrument>.AlternateLookup<ReadOnlySpan<byte>> _byUtf8;
    private readonly Func<string, Instrument?> _resolve;

    /// <param name="exchange">Lower-case exchange name.</param>
    /// <param name="marketType">The market these instruments trade in.</param>
    /// <param name="resolve">Builds an instrument from an upper-case exchange symbol, or null when it cannot be normalized.</param>
    public InstrumentTable(string exchange, MarketType marketType, Func<string, Instrument?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        Exchange = exchange;
        MarketType = marketType;
        _resolve = resolve;
        _byUtf8 = _bySymbol.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public string Exchange { get; }

    public MarketType MarketType { get; }

    /// <summary>Instruments known so far (configured plus resolved).</summary>
    public ICollection<Instrument> Instruments => _bySymbol.Values;

    /// <summary>Registers a configured instrument under its exchange symbol.</summary>
    public void Add(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        _bySymbol[instrument.ExchangeSymbol.ToUpperInvariant()] = instrument;
    }

    /// <summary>Finds (or resolves and caches) the instrument for a symbol as it appears in a frame.</summary>
    public bool TryGet(ReadOnlySpan<byte> exchangeSymbol, out Instrument instrument)
    {
        if (_byUtf8.TryGetValue(exchangeSymbol, out instrument!))
        {
            return true;
        }

        if (exchangeSymbol.IsEmpty || exchangeSymbol.Length > MaxSymbolLength)
        {
            return false;
        }

        // Streams name symbols in lower case; the table is keyed upper case.
        Span<byte> upper = stackalloc byte[exchangeSymbol.Length];
        for (var i = 0; i < exchangeSymbol.Length; i++)
        {
            var b = exchangeSymbol[i];
            upper[i] = b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
        }

        if (_byUtf8.TryGetValue(upper, out instrument!))
        {
            return true;
        }

        var symbol = System.Text.Encoding.UTF8.GetString(upper);
        var resolved = _resolve(symbol);
        if (resolved is null)
        {
            return false;
        }

        instrument = _bySymbol.GetOrAdd(symbol, resolved);
        return true;
    }

    public bool TryGet(string exchangeSymbol, out Instrument instrument) =>
        TryGet(System.Text.Encoding.UTF8.GetBytes(exchangeSymbol), out instrument);
}
