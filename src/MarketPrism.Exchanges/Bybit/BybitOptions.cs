using MarketPrism.Core.Configuration;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Exchanges.Bybit;

/// <summary>The <c>options:</c> of a Bybit entry (config keys are the snake_case property names).</summary>
public sealed class BybitOptions : IVenueOptions
{
    /// <summary>The <see cref="BookContinuity"/> value that resynchronizes on every skipped id.</summary>
    public const string StrictBookContinuity = "strict";

    /// <summary>The <see cref="BookContinuity"/> value that applies and counts a skipped id.</summary>
    public const string LenientBookContinuity = "lenient";

    private static readonly string[] BookContinuities = [StrictBookContinuity, LenientBookContinuity];

    /// <summary>Levels of the <c>orderbook.{depth}</c> topic the books are kept from: 50, 200 or 1000. Default: 200.</summary>
    public int BookDepth { get; set; } = BybitTopics.DefaultBookDepth;

    /// <summary>
    /// What a book update id <c>u</c> that skips ahead means. <c>lenient</c>: the update is applied and counted
    /// (<c>marketprism_book_update_id_skips_total</c>), and the book is resynchronized only when it turns crossed or
    /// Bybit sends a snapshot, since Bybit promises consecutive ids only on its full-depth stream. <c>strict</c>:
    /// every skipped id resynchronizes the book. Default: lenient.
    /// </summary>
    public string BookContinuity { get; set; } = LenientBookContinuity;

    public void Validate(string path, IConfigReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!BybitLimits.IsBookDepth(BookDepth))
        {
            report.Error($"{path}.book_depth", $"must be one of {string.Join(", ", BybitTopics.BookDepths)}, the depths of Bybit's orderbook topic; got {BookDepth}");
        }

        if (Array.IndexOf(BookContinuities, BookContinuity) < 0)
        {
            report.Error($"{path}.book_continuity", $"must be strict or lenient, got `{BookContinuity}`{Suggestions.DidYouMean(BookContinuity, BookContinuities)}");
        }
    }
}
