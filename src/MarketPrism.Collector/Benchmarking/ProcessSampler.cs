using System.Diagnostics;

namespace MarketPrism.Collector.Benchmarking;

/// <summary>
/// Reads RSS, CPU time, open sockets and handles of a process (on Linux from <c>/proc/&lt;pid&gt;/fd</c>, where a
/// socket is a descriptor linked to <c>socket:[…]</c>), and the managed heap of this process.
/// </summary>
internal static class ProcessSampler
{
    public static ResourceSample Sample(Process process, TimeSpan elapsed, bool self)
    {
        process.Refresh();
        var (sockets, handles) = CountDescriptors(process);
        if (!self)
        {
            return new ResourceSample(elapsed, process.WorkingSet64, -1, sockets, handles, process.TotalProcessorTime);
        }

        var gc = GC.GetGCMemoryInfo();
        var generations = gc.GenerationInfo;
        const int LargeObjectHeap = 3;
        return new ResourceSample(
            elapsed,
            process.WorkingSet64,
            gc.HeapSizeBytes,
            sockets,
            handles,
            process.TotalProcessorTime,
            new GcBreakdown(
                gc.TotalCommittedBytes,
                gc.FragmentedBytes,
                generations.Length > LargeObjectHeap ? generations[LargeObjectHeap].SizeAfterBytes : 0,
                gc.PromotedBytes,
                GC.CollectionCount(2),
                HeapAfterLastGen2()));
    }

    /// <summary>The heap size after the latest gen-2 collection, background or blocking (0 before the first).</summary>
    private static long HeapAfterLastGen2()
    {
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return background.Index >= blocking.Index ? background.HeapSizeBytes : blocking.HeapSizeBytes;
    }

    /// <summary>Peak resident set size (VmHWM on Linux).</summary>
    public static long PeakResidentBytes(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static (int Sockets, int Handles) CountDescriptors(Process process)
    {
        var directory = $"/proc/{process.Id}/fd";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(directory))
        {
            return (-1, process.HandleCount);
        }

        var sockets = 0;
        var handles = 0;
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                handles++;
                var target = new FileInfo(entry).LinkTarget;
                if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A descriptor closed while we looked: the counts are a moment's reading either way.
        }

        return (sockets, handles);
    }
}
