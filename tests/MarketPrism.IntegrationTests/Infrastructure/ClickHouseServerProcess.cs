using System.Globalization;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>
/// A clickhouse-server of the test's own (the shared one serves other tests), on free ports with its data in the
/// test directory, so the test can kill it and bring it back on the same port and data.
/// </summary>
public sealed class ClickHouseServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _directory;
    private ChildProcess? _process;
    private TempDirectory? _owned;

    private ClickHouseServerProcess(string binary, string directory, int httpPort, int tcpPort)
    {
        _binary = binary;
        _directory = directory;
        HttpPort = httpPort;
        TcpPort = tcpPort;
    }

    public int HttpPort { get; }

    public int TcpPort { get; }

    public string Url => $"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a server with fresh data in a directory of its own, deleted with it.</summary>
    public static async Task<ClickHouseServerProcess> StartAsync()
    {
        var binary = TestServers.ClickHouseServerBinary();
        var directory = new TempDirectory();
        var server = new ClickHouseServerProcess(binary, directory.Combine("clickhouse"), TestServers.FreePort(), TestServers.FreePort()) { _owned = directory };
        try
        {
            server.WriteConfig();
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async Task StartAgainAsync()
    {
        _process = ChildProcess.Start(_binary, [$"--config-file={Path.Combine(_directory, "config.xml")}"], _directory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetStringAsync(new Uri(Url + "/ping"))).StartsWith("Ok", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (_process.HasExited || started.Elapsed > TimeSpan.FromSeconds(90))
            {
                var log = Path.Combine(_directory, "log", "clickhouse-server.err.log");
                throw new InvalidOperationException($"clickhouse-server did not start on {Url}: {_process.Output} {(File.Exists(log) ? File.ReadAllText(log) : "")}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: the server vanishes mid-insert, as in a crash or a lost host.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(30));
            await _process.DisposeAsync();
            _process = null;
        }

        _owned?.Dispose();
    }

    private void WriteConfig()
    {
        foreach (var sub in new[] { "data", "tmp", "user_files", "format_schemas", "log" })
        {
            Directory.CreateDirectory(Path.Combine(_directory, sub));
        }

        File.WriteAllText(Path.Combine(_directory, "config.xml"), $"""
            <?xml version="1.0"?>
            <yandex>
                <logger>
                    <level>warning</level>
                    <log>{_directory}/log/clickhouse-server.log</log>
                    <errorlog>{_directory}/log/clickhouse-server.err.log</errorlog>
                </logger>
                <listen_host>127.0.0.1</listen_host>
                <http_port>{HttpPort}</http_port>
                <tcp_port>{TcpPort}</tcp_port>
                <path>{_directory}/data/</path>
                <tmp_path>{_directory}/tmp/</tmp_path>
                <user_files_path>{_directory}/user_files/</user_files_path>
                <format_schema_path>{_directory}/format_schemas/</format_schema_path>
                <users_config>users.xml</users_config>
                <default_profile>default</default_profile>
                <default_database>default</default_database>
                <mark_cache_size>268435456</mark_cache_size>
            </yandex>
            """);
        File.WriteAllText(Path.Combine(_directory, "users.xml"), """
            <?xml version="1.0"?>
            <yandex>
                <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
                <users>
                    <default>
                        <password></password>
                        <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                        <profile>default</profile>
                        <quota>default</quota>
                    </default>
                </users>
                <quotas>
                    <default>
                        <interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
                    </default>
                </quotas>
            </yandex>
            """);
    }
}
