using System.CommandLine;
using MarketPrism.Collector.Configuration;
using MarketPrism.Collector.Logging;
using MarketPrism.Core.Configuration;
using MarketPrism.Simulator;
using MarketPrism.Simulator.Plugins;
using Microsoft.Extensions.Logging;

namespace MarketPrism.Collector.Cli;

/// <summary><c>simulate</c>: runs the local exchange simulator (recorded sessions, fault injection) until stopped.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var arguments = new Arguments();
        var command = arguments.CreateCommand();
        command.SetAction(async (result, _) =>
        {
            var (options, error) = arguments.Read(result);
            if (options is null)
            {
                await Console.Error.WriteLineAsync(error);
                return ExitCodes.InvalidConfiguration;
            }

            return await RunAsync(options, result.GetValue(arguments.LogLevel)!);
        });
        return command;
    }

    /// <summary>Parses a <c>simulate</c> command line into options without starting anything; the error says what was refused.</summary>
    internal static (SimulatorOptions? Options, string? Error) ReadOptions(params string[] args)
    {
        var arguments = new Arguments();
        var result = arguments.CreateCommand().Parse(args);
        return result.Errors.Count > 0 ? (null, result.Errors[0].Message) : arguments.Read(result);
    }

    /// <summary>The exception's message without the " (Parameter 'x')" suffix .NET appends.</summary>
    private static string StripParameterName(ArgumentException ex) =>
        ex.ParamName is { } name && ex.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? ex.Message[..^$" (Parameter '{name}')".Length]
            : ex.Message;

    private static async Task<int> RunAsync(SimulatorOptions options, string logLevel)
    {
        using var loggerFactory = LoggingSetup.Create(LogFormat.Text, logLevel);
        var logger = loggerFactory.CreateLogger("MarketPrism.Simulator");
        using var signal = new StopSignal(() => { });
        RunningSimulator simulator;
        try
        {
            simulator = await ExchangeSimulator.StartAsync(options, loggerFactory, TimeProvider.System, signal.Token);
        }
        catch (Exception ex) when (ex is ArgumentException or DirectoryNotFoundException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"simulate: {ex.Message}");
            return ExitCodes.InvalidConfiguration;
        }

        await using (simulator)
        {
            // Tests and scripts read the address from stdout; logs go to stderr.
            Console.Out.WriteLine($"Simulator listening on {simulator.BaseAddress.ToString().TrimEnd('/')}");
            await Console.Out.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, signal.Token);
            }
            catch (OperationCanceledException)
            {
            }

            CollectorLog.SimulatorStopping(logger, signal.Reason ?? "stop requested");
        }

        return ExitCodes.Success;
    }

    private static string? TryParseDuration(string? text, string option, out TimeSpan? duration)
    {
        duration = null;
        if (text is null)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var parsed) || parsed <= TimeSpan.Zero)
        {
            return $"{option}: '{text}' is not a duration such as 30s or 5m.";
        }

        duration = parsed;
        return null;
    }

    private static string LocateRecordings()
    {
        var local = Path.Combine(Environment.CurrentDirectory, "recordings");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "recordings");
    }

    /// <summary>A CLI flag declared by one or more venues, and the <c>venue.key</c> options it sets.</summary>
    private sealed record VenueFlag(Option Option, (string Venue, string Key)[] Keys);

    /// <summary>The command's options: the shared ones, then those the venues declare.</summary>
    private sealed class Arguments
    {
        private readonly Option<int> _port = new("--port", "-p") { Description = "Port to listen on (0 = any free port).", DefaultValueFactory = _ => 8765 };
        private readonly Option<string> _host = new("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        private readonly Option<string?> _recordings = new("--recordings") { Description = "Folder of recorded sessions. Default: ./recordings, else the copy beside the executable." };
        private readonly Option<double> _speed = new("--speed", "-s") { Description = "Replay pace: 1 = as recorded, 10 = ten times faster, 0 = as fast as the sockets take.", DefaultValueFactory = _ => 1 };
        private readonly Option<bool> _loop = new("--loop") { Description = "Replay the sessions again and again, ids and times moving forward." };
        private readonly Option<bool> _manualStart = new("--manual-start") { Description = "Wait for POST /sim/start instead of starting at the first subscription." };
        private readonly Option<string?> _lifetime = new("--max-connection-lifetime") { Description = "Close connections older than this (e.g. 30s), the way venues cut long-lived connections." };
        private readonly Option<bool> _keepTimestamps = new("--keep-timestamps") { Description = "Send the recorded exchange timestamps instead of shifting them to now." };
        private readonly Option<int> _syntheticCopies = new("--synthetic-copies") { Description = "Also serve this many renamed copies of every recorded symbol (X1NKNUSDT, …), each with its own book: load tests with many symbols." };
        private readonly Option<string[]> _venueOption;
        private readonly List<VenueFlag> _venueFlags = [];

        public Arguments()
        {
            // Venue options come from the venues themselves: each declares its keys (set with --venue-option) and
            // the older flags that still set them; a flag several venues declare (--ping-interval) sets each of them.
            var defaults = new SimulatorOptions();
            _venueOption = new Option<string[]>("--venue-option")
            {
                Description = "Set a venue's option, <venue>.<key>=<value> (repeatable). Keys (defaults): "
                    + string.Join(", ", defaults.Venues.SelectMany(venue => venue.Options.Select(option => $"{venue.Venue}.{option.Key} ({option.CurrentText})")))
                    + ".",
                AllowMultipleArgumentsPerToken = false,
            };
            foreach (var group in defaults.Venues
                         .SelectMany(venue => venue.Options.Where(option => option.CliFlag is not null).Select(option => (venue.Venue, Option: option)))
                         .GroupBy(pair => pair.Option.CliFlag!, StringComparer.Ordinal))
            {
                var first = group.First().Option;
                var description = $"{string.Join(", ", group.Select(pair => pair.Venue))}: {first.Description} Same as --venue-option <venue>.{first.Key}=…";
                Option flag = first.Kind == VenueOptionKind.Switch
                    ? new Option<bool>(group.Key) { Description = description }
                    : new Option<string?>(group.Key) { Description = description };
                _venueFlags.Add(new VenueFlag(flag, [.. group.Select(pair => (pair.Venue, pair.Option.Key))]));
            }
        }

        public Option<string> LogLevel { get; } = new("--log-level") { Description = "trace, debug, information, warning, error.", DefaultValueFactory = _ => "information" };

        public Command CreateCommand()
        {
            var command = new Command("simulate", $"Run the local exchange simulator: the protocols of {string.Join(", ", new SimulatorOptions().Venues.Select(venue => venue.Venue))} replaying recorded sessions, with a control API under /sim/.")
            {
                _port, _host, _recordings, _speed, _loop, _manualStart, _lifetime, _keepTimestamps, _syntheticCopies, _venueOption, LogLevel,
            };
            foreach (var flag in _venueFlags)
            {
                command.Options.Add(flag.Option);
            }

            return command;
        }

        /// <summary>
        /// The simulator's options: the shared ones, then each venue's from the older flags (each sets every venue
        /// that declares it), then the <c>--venue-option</c> assignments in order, so an explicit assignment wins.
        /// </summary>
        public (SimulatorOptions? Options, string? Error) Read(ParseResult result)
        {
            if (TryParseDuration(result.GetValue(_lifetime), "--max-connection-lifetime", out var maxLifetime) is { } lifetimeError)
            {
                return (null, lifetimeError);
            }

            var options = new SimulatorOptions
            {
                Port = result.GetValue(_port),
                Host = result.GetValue(_host)!,
                RecordingsDirectory = result.GetValue(_recordings) ?? LocateRecordings(),
                Speed = result.GetValue(_speed),
                Loop = result.GetValue(_loop),
                AutoStart = !result.GetValue(_manualStart),
                MaxConnectionLifetime = maxLifetime,
                Retime = !result.GetValue(_keepTimestamps),
                SyntheticCopies = result.GetValue(_syntheticCopies),
            };
            foreach (var flag in _venueFlags)
            {
                var text = flag.Option switch
                {
                    Option<bool> onOff => result.GetValue(onOff) ? "true" : null,
                    Option<string?> valued => result.GetValue(valued),
                    _ => null,
                };
                if (text is null)
                {
                    continue;
                }

                foreach (var (venue, key) in flag.Keys)
                {
                    // Venues sharing a flag read it alike, so the first refusal speaks for the flag.
                    if (options.TrySetVenueOption(venue, key, text) is { } problem)
                    {
                        return (null, $"{flag.Option.Name}: {problem}");
                    }
                }
            }

            foreach (var assignment in result.GetValue(_venueOption) ?? [])
            {
                try
                {
                    options.SetVenueOption(assignment);
                }
                catch (ArgumentException ex)
                {
                    return (null, $"--venue-option: {StripParameterName(ex)}");
                }
            }

            return (options, null);
        }
    }
}
