using System.Globalization;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>What a process holds, read from <c>/proc</c> (Linux): open file descriptors and resident memory.</summary>
/// <param name="FileDescriptors">Entries of <c>/proc/&lt;pid&gt;/fd</c>: sockets, files, pipes, epoll and event fds.</param>
/// <param name="Sockets">The descriptors that are sockets.</param>
/// <param name="OtherHandles">
/// Descriptors that are neither sockets nor files (pipes, epoll, eventfd, timerfd): a leaked wait handle or timer
/// shows here. Files are left out: the runtime maps each assembly when it is first loaded, and keeps it.
/// </param>
/// <param name="ResidentBytes"><c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>.</param>
public readonly record struct ProcessResources(int FileDescriptors, int Sockets, int OtherHandles, long ResidentBytes)
{
    public long ResidentMegabytes => ResidentBytes / (1024 * 1024);

    public static ProcessResources Of(int pid)
    {
        var targets = Directory.GetFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "?")
            .ToList();
        var sockets = targets.Count(target => target.StartsWith("socket:", StringComparison.Ordinal));
        var others = targets.Count(target => !target.StartsWith('/') && !target.StartsWith("socket:", StringComparison.Ordinal));
        long resident = 0;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                resident = long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return new ProcessResources(targets.Count, sockets, others, resident);
    }

    /// <summary>
    /// The process's descriptors that are not mapped files, grouped: sockets by TCP state and remote port (from
    /// <c>/proc/&lt;pid&gt;/net/tcp*</c>), pipes, and the rest, for failure messages.
    /// </summary>
    public static string Describe(int pid)
    {
        var id = pid.ToString(CultureInfo.InvariantCulture);
        var tcp = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            var path = $"/proc/{id}/net/{table}";
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var remotePort = int.Parse(fields[2][(fields[2].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                tcp[fields[9]] = $"tcp {State(fields[3])} :{remotePort.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return string.Join(", ", Directory.GetFileSystemEntries($"/proc/{id}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget ?? "?")
            .Where(target => !target.StartsWith('/'))
            .Select(target => target.StartsWith("socket:[", StringComparison.Ordinal) && tcp.TryGetValue(target[8..^1], out var socket) ? socket : target.Split(':')[0])
            .GroupBy(target => target)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} x{group.Count()}"));
    }

    private static string State(string hex) => hex switch
    {
        "01" => "ESTABLISHED",
        "06" => "TIME_WAIT",
        "07" => "CLOSE",
        "08" => "CLOSE_WAIT",
        "0A" => "LISTEN",
        _ => hex,
    };

    public override string ToString() => $"{FileDescriptors} fds ({Sockets} sockets, {OtherHandles} pipes/event fds), {ResidentMegabytes} MB resident";
}
