namespace MarketPrism.Core.Books;

/// <summary>Stable lower-case names of the book synchronization enums, for logs and metric labels.</summary>
public static class BookSyncWireNames
{
    private static readonly string[] ResyncReasonNames =
        ["gap", "crossed", "stale_snapshot", "buffer_overflow", "checksum_mismatch", "disconnected", "snapshot_failed", "restart", "invalid_update"];

    private static readonly string[] SkipReasonNames = ["stale", "awaiting_snapshot", "buffer_overflow"];
    private static readonly string[] StateNames = ["unsynced", "awaiting_snapshot", "synced"];

    /// <summary>Every resync reason's wire name, in declaration order (to pre-create metric series).</summary>
    public static IReadOnlyList<string> ResyncReasons => ResyncReasonNames;

    /// <summary>Every skip reason's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> UpdateSkipReasons => SkipReasonNames;

    /// <summary>Every sync state in label form, indexed by <see cref="BookSyncState"/>.</summary>
    public static IReadOnlyList<string> States => StateNames;

    public static string ToWireName(this ResyncReason value) => ResyncReasonNames[(int)value];

    public static string ToWireName(this UpdateSkipReason value) => SkipReasonNames[(int)value];

    public static string ToWireName(this BookSyncState value) => StateNames[(int)value];
}
