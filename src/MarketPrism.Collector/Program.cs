using System.CommandLine;
using MarketPrism.Collector.Cli;

namespace MarketPrism.Collector;

/// <summary>The <c>marketprism</c> executable: collect, tail, simulate, validate-config, normalize, bench-e2e, replay-dead-letters.</summary>
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
            ReplayDeadLettersCommand.Create(),
        };

        var parseResult = root.Parse(args);
        // Signals are handled by each command (graceful drain, then a forced exit on the second signal).
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
