using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>
    /// Spellings the fast index remembers at most. It learns every spelling a valid symbol arrives in (Binance streams
    /// name symbols in lower case, their payloads in upper case), so a feed that mixed cases at random could otherwise
    /// grow it without end; past this, other spellings still resolve, through the slow path.
    /// </summary>
    private const int MaxSpellings = 1 << 16;

    private readonly ConcurrentDictionary<string, Instrument> _bySymbol = new(Utf8SymbolComparer.Instance);
    private readonly ConcurrentDictionary<string, Instrument>.AlternateLookup<ReadOnlySpan<byte>> _byUtf8;

    /// <summary>Every spelling seen in frames, by its exact bytes: the per-frame lookup (see <see cref="Utf8SymbolIndex{TValue}"/>).</summary>
    private readonly Utf8SymbolIndex<Instrument> _bySpelling = new();

    /// <summary>Serializes writes to <see cref="_bySpelling"/> and keeps them in step with <see cref="_bySymbol"/>.</summary>
    private readonly Lock _writeLock = new();
    private readonly Func<string, Instrument?> _resolve;

    /// <summary>Symbols are compared and resolved as spelled (see the constructor's <c>caseSensitive</c>).</summary>
    private readonly bool _caseSensitive;

    /// <summary>Counts the times <see cref="Add"/> replaced an instrument (and cleared the index); guarded by <see cref="_writeLock"/>.</summary>
    private int _replacements;

    /// <param name="exchange">Lower-case exchange name.</param>
    /// <param name="marketType">The market these instruments trade in.</param>
    /// <param name="resolve">
    /// Builds an instrument from an upper-case exchange symbol (as spelled when <paramref name="caseSensitive"/>), or
    /// null when it cannot be normalized.
    /// </param>
    /// <param name="caseSensitive">
    /// The venue's symbols differ by case alone (Hyperliquid: <c>kPEPE</c> is 1000 PEPE, HIP-3 dexes are lower case
    /// in <c>xyz:XYZ100</c>), so they are matched and resolved exactly as spelled, never upper-cased. Default: false.
    /// </param>
    public InstrumentTable(string exchange, MarketType marketType, Func<string, Instrument?> resolve, bool caseSensitive = false)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        Exchange = exchange;
        MarketType = marketType;
        _resolve = resolve;
        _caseSensitive = caseSensitive;
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
        var symbol = _caseSensitive ? instrument.ExchangeSymbol : instrument.ExchangeSymbol.ToUpperInvariant();
        lock (_writeLock)
        {
            var replaced = _bySymbol.TryGetValue(symbol, out var previous) && !ReferenceEquals(previous, instrument);
            _bySymbol[symbol] = instrument;
            if (replaced)
            {
                // Other spellings of the symbol still point at the instrument it replaces: start the index over.
                _bySpelling.Clear();
                _replacements++;
            }

            _bySpelling.Set(Encoding.UTF8.GetBytes(symbol), instrument);
        }
    }

    /// <summary>Finds (or resolves and caches) the instrument for a symbol as it appears in a frame.</summary>
    public bool TryGet(ReadOnlySpan<byte> exchangeSymbol, out Instrument instrument) =>
        _bySpelling.TryGetValue(exchangeSymbol, out instrument!) || TryGetFirstTime(exchangeSymbol, out instrument);

    public bool TryGet(string exchangeSymbol, out Instrument instrument) =>
        TryGet(Encoding.UTF8.GetBytes(exchangeSymbol), out instrument);

    /// <summary>
    /// A spelling the index has not seen: looks it up case-insensitively, resolving a new instrument if need be, and
    /// teaches the index the spelling.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryGetFirstTime(ReadOnlySpan<byte> exchangeSymbol, out Instrument instrument)
    {
        var replacements = Volatile.Read(ref _replacements);
        if (!TryFind(exchangeSymbol, out instrument))
        {
            return false;
        }

        lock (_writeLock)
        {
            // If Add replaced an instrument meanwhile, the one found may be the old one: leave the spelling to the next lookup.
            if (replacements == _replacements && _bySpelling.Count < MaxSpellings)
            {
                _bySpelling.Set(exchangeSymbol, instrument);
            }
        }

        return true;
    }

    private bool TryFind(ReadOnlySpan<byte> exchangeSymbol, out Instrument instrument)
    {
        if (_byUtf8.TryGetValue(exchangeSymbol, out instrument!))
        {
            return true;
        }

        if (exchangeSymbol.IsEmpty || exchangeSymbol.Length > MaxSymbolLength)
        {
            return false;
        }

        if (_caseSensitive)
        {
            return TryResolve(Encoding.UTF8.GetString(exchangeSymbol), out instrument);
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

        return TryResolve(Encoding.UTF8.GetString(upper), out instrument);
    }

    private bool TryResolve(string symbol, out Instrument instrument)
    {
        var resolved = _resolve(symbol);
        if (resolved is null)
        {
            instrument = null!;
            return false;
        }

        instrument = _bySymbol.GetOrAdd(symbol, resolved);
        return true;
    }
}
