using System.CommandLine;
using System.Globalization;
using System.Threading.Channels;
using MarketPrism.Collector.Configuration;
using MarketPrism.Core.Configuration;
using MarketPrism.Core.Model;
using MarketPrism.Exchanges;
using MarketPrism.Sinks.Nats;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace MarketPrism.Collector.Cli;

/// <summary>
/// <c>tail</c>: subscribes to the records the NATS sink publishes and prints each as one JSON line, as it arrives
/// (the first thing to type to see data flowing). Live by default; <c>--since</c>/<c>--all</c> first replay what the
/// JetStream stream holds. Progress and problems go to stderr, so stdout is pure JSON lines.
/// </summary>
internal static class TailCommand
{
    private const string DefaultUrl = "nats://127.0.0.1:4222";

    /// <summary>The exchange the help's examples name: the first of the catalog.</summary>
    private static readonly string ExampleExchange = ExchangeCatalog.Exchanges[0];

    public static Command Create()
    {
        var subject = new Argument<string?>("subject")
        {
            Description = $"Subject filter: {{data_type}}.{{exchange}}.{{market_type}}.{{symbol}} with * and > wildcards, e.g. 'trade.{ExampleExchange}.>' or '*.*.perpetual.BTC-USDT'. Default: every record.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var url = new Option<string?>("--url", "-u") { Description = $"NATS server. Default: sinks.nats.url of the config, else {DefaultUrl}." };
        var config = CommonOptions.Config();
        var count = new Option<int?>("--count", "-n") { Description = "Exit after this many records." };
        var since = new Option<string?>("--since") { Description = "First print what the stream stored in this last period (e.g. 5m, 1h), then follow live." };
        var all = new Option<bool>("--all") { Description = "First print everything the stream holds, then follow live." };
        var stream = new Option<string?>("--stream") { Description = "JetStream stream for --since/--all. Default: sinks.nats.stream of the config, else MARKETPRISM." };
        var withSubject = new Option<bool>("--with-subject") { Description = "Prefix each line with the message's subject and a space." };
        var command = new Command("tail", "Print the records published to NATS as JSON lines as they arrive (Ctrl+C stops).")
        {
            subject, url, config, count, since, all, stream, withSubject,
        };
        command.SetAction(async (result, _) =>
        {
            using var signal = new StopSignal(() => { });
            await using var stdout = Console.OpenStandardOutput();
            var settings = Resolve(
                result.GetValue(subject), result.GetValue(url), result.GetValue(config), result.GetValue(count), result.GetValue(since),
                result.GetValue(all), result.GetValue(stream), result.GetValue(withSubject), Console.Error);
            return settings is null ? ExitCodes.InvalidConfiguration : await RunAsync(settings, stdout, Console.Error, signal.Token);
        });
        return command;
    }

    /// <summary>Turns the command line (and config) into settings; null after printing why they are invalid.</summary>
    public static TailSettings? Resolve(
        string? subject, string? url, string? configPath, int? count, string? since, bool all, string? stream, bool withSubject, TextWriter errors)
    {
        NatsSinkOptions? nats = null;
        if (configPath is not null || url is null || stream is null)
        {
            var location = ConfigLoader.LocateConfigFile(configPath, Environment.CurrentDirectory, AppContext.BaseDirectory);
            if (location.Found)
            {
                var loaded = ConfigSupport.CreateLoader().Load(location.Path!, ConfigLoader.ReadEnvironment());
                if (loaded.Succeeded)
                {
                    nats = loaded.Config.Sinks.Nats;
                }
                else if (configPath is not null)
                {
                    errors.WriteLine($"tail: invalid configuration {location.Path}:");
                    errors.WriteLine(loaded.FormatErrors());
                    return null;
                }
            }
            else if (configPath is not null)
            {
                errors.WriteLine(location.NotFoundMessage);
                return null;
            }
        }

        if (subject is not null && !NatsSubjects.IsValidFilter(subject))
        {
            errors.WriteLine($"tail: `{subject}` is not a subject filter (dot-separated tokens; `*` and a final `>` as whole tokens), e.g. trade.{ExampleExchange}.>");
            return null;
        }

        if (count is <= 0)
        {
            errors.WriteLine($"tail: --count must be positive, got {count}");
            return null;
        }

        TimeSpan? history = all ? TimeSpan.MaxValue : null;
        if (since is not null)
        {
            if (all)
            {
                errors.WriteLine("tail: give --since or --all, not both");
                return null;
            }

            if (!DurationText.TryParse(since, out var period) || period <= TimeSpan.Zero)
            {
                errors.WriteLine($"tail: --since expects a duration such as 30s, 5m or 1h, got `{since}`");
                return null;
            }

            history = period;
        }

        return new TailSettings(
            url ?? nats?.Url ?? DefaultUrl,
            subject,
            stream ?? nats?.Stream ?? new NatsSinkOptions().Stream,
            count,
            history,
            withSubject);
    }

    public static async Task<int> RunAsync(TailSettings settings, Stream output, TextWriter errors, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = settings.Url, Name = "marketprism-tail" });
        try
        {
            await connection.ConnectAsync();
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException)
        {
            await errors.WriteLineAsync($"tail: cannot connect to NATS at {settings.Url}: {ex.Message}");
            return ExitCodes.Failure;
        }

        // Attached after the first connect, but its Opened event may still arrive: only an open after a loss is news.
        var lost = 0;
        connection.ConnectionDisconnected += (_, args) =>
        {
            Interlocked.Exchange(ref lost, 1);
            return WriteErrorAsync(errors, $"tail: connection lost ({args.Message}); reconnecting");
        };
        connection.ConnectionOpened += (_, _) => Interlocked.Exchange(ref lost, 0) == 1 ? WriteErrorAsync(errors, "tail: reconnected") : ValueTask.CompletedTask;

        var filters = settings.Subject is { } subject ? [subject] : WireNames.AllDataTypes.Select(type => type.ToWireName() + ".>").ToArray();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var messages = Channel.CreateBounded<(string Subject, ReadOnlyMemory<byte> Data)>(new BoundedChannelOptions(10_000) { SingleReader = true });
        Task producer;
        List<INatsSub<ReadOnlyMemory<byte>>> subscriptions = [];
        if (settings.History is { } history)
        {
            var js = new NatsJSContext(connection);
            // A plain consumer with one filter subject: nats-server 2.9 ignores the filter list ordered consumers send.
            var config = new ConsumerConfig
            {
                Name = "marketprism-tail-" + Guid.NewGuid().ToString("N")[..12],
                DeliverPolicy = history == TimeSpan.MaxValue ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartTime,
                OptStartTime = history == TimeSpan.MaxValue ? default : TimeProvider.System.GetUtcNow() - history,
                FilterSubject = settings.Subject,
                AckPolicy = ConsumerConfigAckPolicy.None,
                InactiveThreshold = TimeSpan.FromMinutes(1),
            };
            INatsJSConsumer consumer;
            try
            {
                consumer = await js.CreateOrUpdateConsumerAsync(settings.Stream, config, stop);
            }
            catch (NatsJSApiException ex)
            {
                await errors.WriteLineAsync($"tail: cannot read stream {settings.Stream}: {ex.Error.Description}");
                return ExitCodes.Failure;
            }

            await errors.WriteLineAsync($"tail: {settings.Url} stream {settings.Stream}, {settings.Subject ?? "every record"}, from {(history == TimeSpan.MaxValue ? "the start" : DurationText.Format(history) + " ago")} (Ctrl+C stops)");
            producer = PumpAsync(consumer.ConsumeAsync<ReadOnlyMemory<byte>>(cancellationToken: done.Token), message => (message.Subject, message.Data), messages.Writer, done.Token);
        }
        else
        {
            // Subscribed before saying so: the server handles a connection's commands in order, so once it has
            // answered a ping sent after the subscriptions it has them all, and every record published after the
            // line below is printed.
            foreach (var filter in filters)
            {
                subscriptions.Add(await connection.SubscribeCoreAsync<ReadOnlyMemory<byte>>(filter, cancellationToken: done.Token));
            }

            await connection.PingAsync(done.Token);
            await errors.WriteLineAsync($"tail: {settings.Url}, {settings.Subject ?? "every record"} (Ctrl+C stops)");
            producer = Task.WhenAll(subscriptions.Select(subscription =>
                PumpAsync(subscription.Msgs.ReadAllAsync(done.Token), message => (message.Subject, message.Data), messages.Writer, done.Token)));
        }

        _ = producer.ContinueWith(_ => messages.Writer.TryComplete(), TaskScheduler.Default);
        long printed = 0;
        var newline = "\n"u8.ToArray();
        try
        {
            await foreach (var message in messages.Reader.ReadAllAsync(done.Token))
            {
                if (settings.WithSubject)
                {
                    await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message.Subject + " "), done.Token);
                }

                await output.WriteAsync(message.Data, done.Token);
                await output.WriteAsync(newline, done.Token);
                await output.FlushAsync(done.Token);
                if (++printed == settings.Count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await done.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }

            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }

        await errors.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"tail: {printed} records"));
        return ExitCodes.Success;
    }

    private static async Task PumpAsync<T>(
        IAsyncEnumerable<T> source, Func<T, (string, ReadOnlyMemory<byte>)> select, ChannelWriter<(string, ReadOnlyMemory<byte>)> target, CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            await target.WriteAsync(select(item), cancellationToken);
        }
    }

    private static ValueTask WriteErrorAsync(TextWriter errors, string line)
    {
        errors.WriteLine(line);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What <c>tail</c> subscribes to and how it prints.</summary>
/// <param name="History">How far back to replay from the stream first; <see cref="TimeSpan.MaxValue"/> for all of it; null for live only.</param>
internal sealed record TailSettings(string Url, string? Subject, string Stream, int? Count, TimeSpan? History, bool WithSubject);
