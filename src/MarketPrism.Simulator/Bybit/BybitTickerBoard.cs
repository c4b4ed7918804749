namespace MarketPrism.Simulator.Bybit;

/// <summary>
/// A symbol's <c>tickers</c> fields as last published, as the exact text sent. Derivatives send a snapshot to a new
/// subscriber and then deltas of the fields whose text changed; spot sends the whole snapshot each time. Touched under
/// the symbol's lock.
/// </summary>
internal sealed class BybitTickerBoard
{
    private readonly string[] _names;
    private readonly string?[] _values;

    public BybitTickerBoard(string[] names)
    {
        _names = names;
        _values = new string?[names.Length];
    }

    /// <summary>False until the first values are set.</summary>
    public bool HasValues { get; private set; }

    /// <summary>Every field, in the venue's order.</summary>
    public List<KeyValuePair<string, string>> Snapshot()
    {
        var fields = new List<KeyValuePair<string, string>>(_names.Length);
        for (var i = 0; i < _names.Length; i++)
        {
            fields.Add(new(_names[i], _values[i] ?? ""));
        }

        return fields;
    }

    /// <summary>Sets every field (in <see cref="Names"/> order) and returns those whose text changed.</summary>
    public List<KeyValuePair<string, string>> Update(string[] values)
    {
        if (values.Length != _names.Length)
        {
            throw new ArgumentException($"Expected {_names.Length} ticker values, got {values.Length}.", nameof(values));
        }

        var changed = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < values.Length; i++)
        {
            if (!string.Equals(_values[i], values[i], StringComparison.Ordinal))
            {
                _values[i] = values[i];
                changed.Add(new(_names[i], values[i]));
            }
        }

        HasValues = true;
        return changed;
    }

    public IReadOnlyList<string> Names => _names;
}
