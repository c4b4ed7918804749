namespace MarketPrism.Testing;

/// <summary>
/// <see cref="LogCapture"/> under the name the simulator tests knew it by (added to a host's logging, read as text).
/// Kept so those tests did not need editing when the kit took the type over; new tests use <see cref="LogCapture"/>.
/// </summary>
public sealed class ListLoggerProvider : LogCapture
{
    /// <summary>Every line so far as text: "Level Category: message".</summary>
    public IReadOnlyList<string> Lines => Text;
}
