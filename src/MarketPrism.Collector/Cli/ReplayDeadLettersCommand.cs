using System.CommandLine;
using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Sinks;
using MarketPrism.Sinks.ClickHouse;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>replay-dead-letters</c>: inserts the rows the ClickHouse sink kept in dead-letter files (a table that did not
/// match, rows it refused) once the table is fixed. Per table it first checks the table against the schema (creating
/// it when missing), then inserts each file as it was first sent and deletes the file only after ClickHouse accepted
/// it; a table that still does not match is left alone with its files. The tables' ReplacingMergeTree collapses a row
/// replayed twice (e.g. after an interrupted run) by its record key. It can run while a collector writes.
/// </summary>
internal static class ReplayDeadLettersCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var table = new Option<string?>("--table", "-t") { Description = "Only this table's dead letters (e.g. trades). Default: every table's." };
        var command = new Command("replay-dead-letters", "Insert the rows ClickHouse refused (kept under sinks.clickhouse.dead_letter_directory) once their table is fixed.")
        {
            config, table,
        };
        command.SetAction(async (result, _) =>
        {
            using var signal = new StopSignal(() => { });
            return await RunAsync(result.GetValue(config), result.GetValue(table), Console.Out, Console.Error, TimeProvider.System, signal.Token);
        });
        return command;
    }

    public static async Task<int> RunAsync(string? configPath, string? table, TextWriter output, TextWriter errors, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ConfigSupport.TryLoad(configPath, errors) is not { } loaded)
        {
            return ExitCodes.InvalidConfiguration;
        }

        ConfigSupport.PrintWarnings(loaded.Warnings, errors);

        if (table is not null && !ClickHouseTables.All.Contains(table, StringComparer.Ordinal))
        {
            errors.WriteLine($"replay-dead-letters: --table {table} is not a MarketPrism table; one of: {string.Join(", ", ClickHouseTables.All)}");
            return ExitCodes.InvalidConfiguration;
        }

        return await RunAsync(loaded.Config.Sinks.Clickhouse, table, output, errors, time, cancellationToken);
    }

    /// <summary>Replays with the given sink settings (the config's <c>sinks.clickhouse</c>).</summary>
    public static async Task<int> RunAsync(ClickHouseSinkOptions options, string? table, TextWriter output, TextWriter errors, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        await using var sink = new ClickHouseSink(options, NullLogger<ClickHouseSink>.Instance, time);
        var files = sink.DeadLetters.List(table);
        if (files.Count == 0)
        {
            output.WriteLine($"replay-dead-letters: no dead letters{(table is null ? "" : $" of {table}")} under {sink.DeadLetters.Directory}");
            return ExitCodes.Success;
        }

        IReadOnlyDictionary<string, IReadOnlyList<string>> problems;
        try
        {
            problems = await sink.CheckSchemaAsync(table, cancellationToken);
        }
        catch (Exception ex) when (ex is SinkUnavailableException or ClickHouseServerException)
        {
            errors.WriteLine($"replay-dead-letters: cannot check the tables of {options.Database} at {options.Url}: {ex.Message}");
            return ExitCodes.Failure;
        }

        var left = 0;
        foreach (var group in files.GroupBy(file => file.Table))
        {
            var rows = group.Sum(file => file.Rows);
            if (problems.GetValueOrDefault(group.Key) is { Count: > 0 } wrong)
            {
                errors.WriteLine($"replay-dead-letters: {options.Database}.{group.Key} still does not match the schema ({string.Join("; ", wrong)}); {group.Count()} files with {rows} rows left in place");
                left += group.Count();
                continue;
            }

            var replayedFiles = 0;
            var replayedRows = 0;
            foreach (var file in group)
            {
                try
                {
                    await sink.ReplayAsync(file, cancellationToken);
                }
                catch (Exception ex) when (ex is SinkUnavailableException or ClickHouseServerException)
                {
                    errors.WriteLine($"replay-dead-letters: {options.Database}.{group.Key} refused {Path.GetFileName(file.Path)}: {ex.Message}; it and the table's {group.Count() - replayedFiles - 1} later files are left in place");
                    break;
                }

                // Only after ClickHouse accepted the rows: an interrupted run replays the file again, and its copies collapse by key.
                File.Delete(file.Path);
                replayedFiles++;
                replayedRows += file.Rows;
            }

            left += group.Count() - replayedFiles;
            output.WriteLine($"replay-dead-letters: {options.Database}.{group.Key}: {replayedRows} of {rows} rows replayed from {replayedFiles} of {group.Count()} files");
        }

        return left == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
