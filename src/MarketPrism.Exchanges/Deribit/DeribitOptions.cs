using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Deribit;

/// <summary>
/// The <c>options:</c> of a Deribit entry: none yet. Deribit has one trades channel and one book channel per
/// instrument, so there is nothing to choose; a key under <c>options:</c> is an error naming this.
/// </summary>
public sealed class DeribitOptions : IVenueOptions
{
    public void Validate(string path, IConfigReport report)
    {
    }
}
