namespace MarketPrism.Exchanges.Wire;

/// <summary>What <see cref="JsonProperties.Next"/> found.</summary>
internal enum PropertyStep : byte
{
    /// <summary>A property; the reader is on its value and the name was returned.</summary>
    Value,

    /// <summary>The object ended; the reader is on its closing brace.</summary>
    End,

    /// <summary>The input ended inside the object.</summary>
    Truncated,
}
