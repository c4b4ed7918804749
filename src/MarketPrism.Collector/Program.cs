using System.CommandLine;
using MarketPrism.Collector.Cli;

namespace MarketPrism.Collector;

/// <summary>The <c>marketprism</c> executable: collect, tail, simulate, validate-config, normalize, bench-e2e, inspect-store, replay-dead-letters.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("MarketPrism: a crypto market-data collector that normalizes exchange feeds and stores them without silent loss.")
        {
            CollectCommand.Create(),
            TailCommand.Create(),
            SimulateCommand.Create(),
            ValidateConfigCommand.Create(),
            NormalizeCommand.Create(),
            BenchE2eCommand.Create(),
            InspectStoreCommand.Create(),
            ReplayDeadLettersCommand.Create(),
        };

        var parseResult = root.Parse(args);
        try
        {
            // Signals are handled by each command (graceful drain, then a forced exit on the second signal).
            return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            // Stopped by a signal before the verb handled it: 128 + SIGINT, as a shell reports it.
            return 130;
        }
        catch (Exception exception)
        {
            // Every verb reports the problems it knows (bad config, bad input, unreachable servers) itself; what arrives
            // here is a bug. Its type and message say enough to report it; a stack trace is not for the user.
            await Console.Error.WriteLineAsync($"marketprism: unexpected error: {exception.GetType().Name}: {exception.Message}");
            await Console.Error.WriteLineAsync("This is a bug in MarketPrism; please report it with the command line and its input.");
            return ExitCodes.Failure;
        }
    }
}
