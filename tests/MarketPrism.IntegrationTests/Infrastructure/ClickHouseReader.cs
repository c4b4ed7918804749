using System.Globalization;
using MarketPrism.Sinks.ClickHouse;

namespace MarketPrism.IntegrationTests.Infrastructure;

/// <summary>Reads what the ClickHouse sink wrote, over HTTP.</summary>
public sealed class ClickHouseReader(string url, string database) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Database => database;

    /// <summary>Every record key in every table, one per row as a query with <c>FINAL</c> sees them (copies collapsed).</summary>
    public async Task<List<string>> KeysAsync()
    {
        var keys = new List<string>();
        foreach (var table in ClickHouseTables.All)
        {
            var body = await ExecuteAsync($"SELECT record_key FROM {database}.{table} FINAL FORMAT TSV");
            keys.AddRange(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return keys;
    }

    /// <summary>Rows in every table, copies included (0 while the database does not exist yet).</summary>
    public async Task<long> CountAsync()
    {
        var exists = await ExecuteAsync($"SELECT count() FROM system.tables WHERE database = '{database}'");
        if (exists.Trim() == "0")
        {
            return 0;
        }

        long total = 0;
        foreach (var table in ClickHouseTables.All)
        {
            total += long.Parse((await ExecuteAsync($"SELECT count() FROM {database}.{table}")).Trim(), CultureInfo.InvariantCulture);
        }

        return total;
    }

    public Task DropAsync() => ExecuteAsync($"DROP DATABASE IF EXISTS {database}");

    public async Task<string> ExecuteAsync(string sql)
    {
        using var content = new StringContent(sql);
        using var response = await _http.PostAsync(new Uri(url), content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{sql}: {body}");
        }

        return body;
    }

    public void Dispose() => _http.Dispose();
}
