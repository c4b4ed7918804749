namespace MarketPrism.Collector.Benchmarking;

/// <summary>One reading of a process's resources.</summary>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="ResidentBytes">Resident set size.</param>
/// <param name="GcHeapBytes">Managed heap size after the last collection (-1 for another process).</param>
/// <param name="Sockets">Open sockets (-1 where the platform does not tell).</param>
/// <param name="Handles">Open file descriptors / handles.</param>
/// <param name="CpuTime">Processor time used so far, all threads.</param>
/// <param name="Gc">Where this process's managed memory is, as of the last collection (default for another process).</param>
public readonly record struct ResourceSample(
    TimeSpan Elapsed,
    long ResidentBytes,
    long GcHeapBytes,
    int Sockets,
    int Handles,
    TimeSpan CpuTime,
    GcBreakdown Gc = default);

/// <summary>
/// The managed heap as of the last collection: what the GC keeps committed, how much of the heap is free space
/// between live objects (fragmentation), and the large-object heap, so a soak tells live growth from retained memory.
/// The heap after the last gen-2 collection is the leak signal: after a young collection the heap still holds every
/// dead object that reached gen 2 since the last full one, so it climbs between gen-2 collections without a leak.
/// </summary>
public readonly record struct GcBreakdown(
    long CommittedBytes,
    long FragmentedBytes,
    long LargeObjectHeapBytes,
    long PromotedBytes,
    int Gen2Collections,
    long HeapAfterGen2Bytes);
