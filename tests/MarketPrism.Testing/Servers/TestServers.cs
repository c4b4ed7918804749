using System.Net;
using System.Net.Sockets;

namespace MarketPrism.Testing;

/// <summary>
/// What scripts/test-servers.sh provides: the shared NATS and ClickHouse servers' addresses, and the nats-server and
/// clickhouse-server binaries for tests that start (and kill) servers of their own. A test that needs one and finds
/// none fails under <c>MPTEST_REQUIRE_SERVERS=1</c> (scripts/test.sh, CI) and is skipped, saying how to get the
/// servers, when a developer runs <c>dotnet test</c> alone.
/// </summary>
public static class TestServers
{
    public const string RequireVariable = "MPTEST_REQUIRE_SERVERS";

    public static string NatsUrl() =>
        Require(Environment.GetEnvironmentVariable("MPTEST_NATS_URL"), "a NATS server with JetStream (MPTEST_NATS_URL)");

    public static string ClickHouseUrl() =>
        Require(Environment.GetEnvironmentVariable("MPTEST_CLICKHOUSE_URL"), "a ClickHouse server (MPTEST_CLICKHOUSE_URL)");

    public static string NatsServerBinary() =>
        Require(Binary("MPTEST_NATS_SERVER_BIN", "nats-server"), "the nats-server binary (MPTEST_NATS_SERVER_BIN or PATH)");

    public static string ClickHouseServerBinary() =>
        Require(Binary("MPTEST_CLICKHOUSE_SERVER_BIN", "clickhouse-server"), "the clickhouse-server binary (MPTEST_CLICKHOUSE_SERVER_BIN or PATH)");

    /// <summary>
    /// A name no other test (or earlier run against the same servers) uses: streams, databases. Upper case, as NATS
    /// stream names are by convention; lower it for ClickHouse databases and subjects.
    /// </summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)].ToUpperInvariant();

    /// <summary>A TCP port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Binary(string variable, string name)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured))
        {
            return configured;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static string Require(string? value, string what)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"This test needs {what}. Run scripts/test.sh, or `eval \"$(scripts/test-servers.sh start)\"` before dotnet test.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return "";
    }
}
