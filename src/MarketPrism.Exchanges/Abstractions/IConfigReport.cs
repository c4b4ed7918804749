namespace MarketPrism.Exchanges.Abstractions;

/// <summary>
/// Where an exchange's config rules report what is wrong. The collector turns a key path into the file position
/// (<c>config/collector.yaml:7:19</c>) or the environment variable the value came from, so an exchange states the
/// problem and its key and never sees the YAML.
/// </summary>
public interface IConfigReport
{
    /// <param name="keyPath">Where in the config, e.g. <c>exchanges[1].options.book_depth</c> or <c>books.max_levels</c>.</param>
    /// <param name="message">What is wrong and, where possible, what would be right (<c>must be strict or lenient, got `x`</c>).</param>
    void Error(string keyPath, string message);
}
