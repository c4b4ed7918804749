namespace MarketPrism.Exchanges.Wire;

/// <summary>What <see cref="JsonArrays.Next"/> found.</summary>
internal enum ElementStep : byte
{
    /// <summary>An element; the reader is on its first token.</summary>
    Value,

    /// <summary>The array ended; the reader is on its closing bracket.</summary>
    End,

    /// <summary>The input ended inside the array.</summary>
    Truncated,
}
