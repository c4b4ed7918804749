using MarketPrism.Core.Model;

namespace MarketPrism.Simulator.Binance;

/// <summary>A number found in a frame: where it is and its value.</summary>
internal readonly record struct NumberField(int Start, int Length, long Value);

/// <summary>What the scanner found in one recorded frame (load time only).</summary>
internal sealed class ScannedFrame
{
    /// <summary>Stream name from the combined wrapper, or null for a raw frame.</summary>
    public string? Stream { get; set; }

    public int DataStart { get; set; }

    public int DataLength { get; set; }

    /// <summary>Integer fields of the data object by name; nested objects' fields as <c>k.t</c>, <c>o.T</c>.</summary>
    public Dictionary<string, NumberField> Numbers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Strings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> Booleans { get; } = new(StringComparer.Ordinal);

    /// <summary>Depth levels (<c>b</c>), when the frame has them as arrays.</summary>
    public List<BookLevel>? Bids { get; set; }

    /// <summary>Depth levels (<c>a</c>), when the frame has them as arrays.</summary>
    public List<BookLevel>? Asks { get; set; }

    public string? EventType => Strings.GetValueOrDefault("e");

    /// <summary>Symbol of the event (<c>s</c>, or <c>o.s</c> for a liquidation).</summary>
    public string? Symbol => Strings.GetValueOrDefault("s") ?? Strings.GetValueOrDefault("o.s");

    public bool TryGetNumber(string name, out long value)
    {
        var found = Numbers.TryGetValue(name, out var field);
        value = field.Value;
        return found;
    }
}
