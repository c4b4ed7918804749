namespace MarketPrism.Core.Books;

/// <summary>What the caller of a <see cref="BookSynchronizer"/> must do next.</summary>
public enum BookSyncAction : byte
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>
    /// Fetch a REST snapshot of this instrument's book and pass it to <see cref="BookSynchronizer.OnSnapshot"/>.
    /// Returned once per attempt; updates arriving meanwhile are buffered. When the fetch fails, report it with
    /// <see cref="BookSynchronizer.Reset"/> (<see cref="ResyncReason.SnapshotFailed"/>): the next update asks again,
    /// so pace retries on the caller's side.
    /// </summary>
    FetchSnapshot,

    /// <summary>Unsubscribe and subscribe this instrument's book stream again so the venue sends a fresh in-band snapshot.</summary>
    Resubscribe,
}
