using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Okx;

/// <summary>
/// The <c>options:</c> of an OKX entry: none yet. OKX has one trade channel and one book channel (400 levels with a
/// checksum), so there is nothing to choose; a key under <c>options:</c> is an error naming this.
/// </summary>
public sealed class OkxOptions : IVenueOptions
{
    public void Validate(string path, IConfigReport report)
    {
    }
}
