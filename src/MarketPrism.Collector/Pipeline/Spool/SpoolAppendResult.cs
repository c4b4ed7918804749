namespace MarketPrism.Collector.Pipeline.Spool;

internal enum SpoolAppendResult
{
    Appended,

    /// <summary>The batch was discarded by the full policy (and counted).</summary>
    Dropped,

    /// <summary>The spool is full and its policy is <c>block</c>: nothing changed; try again once it has room.</summary>
    Full,
}
