namespace MarketPrism.Tests.TestSupport;

/// <summary>
/// Addresses of the real NATS and ClickHouse servers scripts/test.sh starts (scripts/test-servers.sh). A test that
/// needs one and finds no address fails under <c>MARKETPRISM_REQUIRE_SERVERS=1</c> (CI) and is skipped, saying how to
/// get the servers, when a developer runs <c>dotnet test</c> alone.
/// </summary>
internal static class TestServers
{
    public const string RequireVariable = "MARKETPRISM_REQUIRE_SERVERS";

    public static string NatsUrl() => Require("MARKETPRISM_TEST_NATS_URL", "a NATS server with JetStream");

    public static string ClickHouseUrl() => Require("MARKETPRISM_TEST_CLICKHOUSE_URL", "a ClickHouse server");

    /// <summary>A name no other test (or earlier run against the same servers) uses: streams, databases.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)].ToUpperInvariant();

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"This test needs {what}, but {variable} is not set. Run scripts/test.sh, or `eval \"$(scripts/test-servers.sh start)\"` before dotnet test.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return "";
    }
}
