namespace MarketPrism.Core.Model;

/// <summary>One price level: absolute size at a price. A size of zero in a delta means the level was removed.</summary>
public readonly record struct BookLevel(decimal Price, decimal Size);
