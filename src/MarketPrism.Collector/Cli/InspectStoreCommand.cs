using System.CommandLine;
using System.Globalization;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>inspect-store</c>: what a file store directory holds per data type, read from the files' own metadata: files,
/// Parquet row groups, rows, rows per row group (mean, smallest, largest) and bytes per row on disk. Complete files
/// only (never temporary files, journals or <c>_quarantine/</c>), so it is safe on the store of a running collector.
/// </summary>
internal static class InspectStoreCommand
{
    public static Command Create()
    {
        var path = new Option<string>("--path", "-p") { Description = "Store directory (sinks.file.directory).", DefaultValueFactory = _ => "data" };
        var exchange = new Option<string?>("--exchange", "-e") { Description = $"Only this exchange's files (e.g. {ExchangeCatalog.Exchanges[0]})." };
        var market = new Option<string?>("--market", "-m") { Description = "Only this market's files: " + string.Join(", ", WireNames.MarketTypeWireNames) + "." };
        var command = new Command("inspect-store", "Show what a file store holds per data type: files, row groups, rows, rows per row group, bytes per row.")
        {
            path, exchange, market,
        };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(path)!, result.GetValue(exchange), result.GetValue(market), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        string path, string? exchange, string? market, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        MarketType? marketType = null;
        if (market is not null)
        {
            if (!WireNames.TryParseMarketType(market, out var parsed))
            {
                await errors.WriteLineAsync($"inspect-store: unknown market '{market}'. Known: {string.Join(", ", WireNames.MarketTypeWireNames)}.");
                return ExitCodes.InvalidConfiguration;
            }

            marketType = parsed;
        }

        if (!Directory.Exists(path))
        {
            await errors.WriteLineAsync($"inspect-store: no store directory at {Path.GetFullPath(path)}.");
            return ExitCodes.InvalidConfiguration;
        }

        StoreInspection inspection;
        try
        {
            inspection = await StoreInspection.InspectAsync(path, new StoreFilter { Exchange = exchange, MarketType = marketType }, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"inspect-store: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (inspection.Entries.Count == 0)
        {
            await output.WriteLineAsync($"{Path.GetFullPath(path)}: no complete data files.");
            return ExitCodes.Success;
        }

        await output.WriteLineAsync(Path.GetFullPath(path) + ":");
        await output.WriteLineAsync(
            $"{"data type",-18} {"format",-7} {"files",6} {"row groups",10} {"rows",12} {"rows/row group",14} {"smallest",9} {"largest",9} {"bytes",14} {"bytes/row",9}");
        foreach (var entry in inspection.Entries)
        {
            await output.WriteLineAsync(Line(entry));
        }

        if (inspection.Entries.Count > 1)
        {
            await output.WriteLineAsync(Line(inspection.Total));
        }

        return ExitCodes.Success;
    }

    private static string Line(StoreInspectionEntry entry)
    {
        var culture = CultureInfo.InvariantCulture;
        var hasGroups = entry.RowGroups > 0;
        var perGroup = hasGroups ? entry.RowsPerRowGroup.ToString("F1", culture) : "-";
        var smallest = hasGroups ? entry.SmallestRowGroup.ToString(culture) : "-";
        var largest = hasGroups ? entry.LargestRowGroup.ToString(culture) : "-";
        return string.Create(
            culture,
            $"{entry.DataType,-18} {entry.Format,-7} {entry.Files,6} {entry.RowGroups,10} {entry.Rows,12} {perGroup,14} {smallest,9} {largest,9} {entry.Bytes,14} {entry.BytesPerRow,9:F1}");
    }
}
