using MarketPrism.Simulator.Plugins;

namespace MarketPrism.Simulator.Okx;

/// <summary>OKX v5 (<c>okx</c>).</summary>
public sealed class OkxVenueOptions : VenueOptions
{
    public OkxVenueOptions()
        : base(OkxVenue.VenueName)
    {
        Options =
        [
            VenueOption.Duration("idle_timeout", "Close a connection with nothing pushed for this long (OKX: 30 s); a client keeps it open with the text ping.", () => IdleTimeout, value => IdleTimeout = value, "--okx-idle-timeout"),
            VenueOption.Switch("withhold_book_snapshot", "Send no snapshot on a books subscription, only the updates (as OKX announced); clients seed books from /api/v5/market/books and its seqId.", () => WithholdBookSnapshot, value => WithholdBookSnapshot = value, "--okx-withhold-book-snapshot"),
            VenueOption.Count("requests_per_minute", "REST requests per minute and client address; beyond it requests get 429 (code 50011).", () => RequestsPerMinute, value => RequestsPerMinute = value),
        ];
    }

    /// <summary>
    /// A connection on which nothing was pushed (no data, no acknowledgement, no <c>pong</c>) for this long is
    /// closed, as OKX does after 30 s; a client keeps it open with the text <c>ping</c>. Default: 30s.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A <c>books</c> subscription gets no <c>action:"snapshot"</c> message, only the updates from then on, as OKX
    /// announced for when it delists the initial snapshot (clients then seed the book from
    /// <c>/api/v5/market/books</c>, whose <c>seqId</c> bridges it to the updates). Default: false.
    /// </summary>
    public bool WithholdBookSnapshot { get; set; }

    /// <summary>REST requests per minute and client address; beyond it requests get 429 (code 50011). Default: 1200.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    public override IReadOnlyList<VenueOption> Options { get; }
}
