namespace MarketPrism.Exchanges.Abstractions;

/// <summary>The fewest levels per side a bounded local book must keep, and why (printed in the error).</summary>
/// <param name="Levels">Levels per side.</param>
/// <param name="Reason">Why, e.g. <c>OKX's checksum covers the top 25 levels</c> or the key that sets the depth.</param>
public sealed record BookLevelsNeed(int Levels, string Reason);
