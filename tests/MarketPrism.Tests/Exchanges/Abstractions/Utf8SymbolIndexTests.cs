using System.Text;
using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Abstractions;

public sealed class Utf8SymbolIndexTests
{
    [Fact]
    public void Keys_of_every_length_that_differ_in_one_byte_find_their_own_value()
    {
        var index = new Utf8SymbolIndex<string>();
        var keys = new List<string>();
        for (var length = 1; length <= 40; length++)
        {
            var baseKey = new string('A', length);
            keys.Add(baseKey);
            for (var position = 0; position < length; position++)
            {
                // Every single-byte change, including in the middle of keys longer than two words.
                var changed = baseKey.ToCharArray();
                changed[position] = 'B';
                keys.Add(new string(changed));
            }
        }

        foreach (var key in keys)
        {
            index.Set(Encoding.UTF8.GetBytes(key), key);
        }

        Assert.Equal(keys.Count, index.Count);
        foreach (var key in keys)
        {
            Assert.True(index.TryGetValue(Encoding.UTF8.GetBytes(key), out var found), key);
            Assert.Equal(key, found);
        }

        Assert.False(index.TryGetValue("C"u8, out _));
        Assert.False(index.TryGetValue(Encoding.UTF8.GetBytes(new string('A', 41)), out _));
        Assert.False(index.TryGetValue(Encoding.UTF8.GetBytes(new string('A', 20) + "C" + new string('A', 19)), out _));
    }

    [Fact]
    public void Option_names_that_differ_only_between_their_first_and_last_eight_bytes_are_told_apart()
    {
        var index = new Utf8SymbolIndex<string>();
        index.Set("BTC-27DEC24-100000-C"u8, "2024");
        index.Set("BTC-27DEC25-100000-C"u8, "2025");

        Assert.True(index.TryGetValue("BTC-27DEC24-100000-C"u8, out var first));
        Assert.True(index.TryGetValue("BTC-27DEC25-100000-C"u8, out var second));
        Assert.Equal(("2024", "2025"), (first, second));
        Assert.False(index.TryGetValue("BTC-27DEC26-100000-C"u8, out _));
    }

    [Fact]
    public void Setting_a_key_again_points_it_at_the_new_value_and_clearing_forgets_every_key()
    {
        var index = new Utf8SymbolIndex<string>();
        index.Set("BTCUSDT"u8, "old");
        index.Set("BTCUSDT"u8, "new");

        Assert.Equal(1, index.Count);
        Assert.True(index.TryGetValue("BTCUSDT"u8, out var value));
        Assert.Equal("new", value);

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.False(index.TryGetValue("BTCUSDT"u8, out _));
    }

    [Fact]
    public async Task Lookups_running_while_the_table_grows_find_every_key_set_before_they_started()
    {
        var index = new Utf8SymbolIndex<string>();
        for (var i = 0; i < 100; i++)
        {
            index.Set(Encoding.UTF8.GetBytes($"SYM{i}USDT"), $"SYM{i}USDT");
        }

        using var stop = new CancellationTokenSource();
        int CountMisses()
        {
            var missing = 0;
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 100; i++)
                {
                    if (!index.TryGetValue(Encoding.UTF8.GetBytes($"SYM{i}USDT"), out var found) || found != $"SYM{i}USDT")
                    {
                        missing++;
                    }
                }
            }

            return missing;
        }

        var readers = new[] { Task.Run(CountMisses, TestContext.Current.CancellationToken), Task.Run(CountMisses, TestContext.Current.CancellationToken) };

        // One writer, as the table's owner guarantees: the table doubles several times under the readers.
        for (var i = 100; i < 20_000; i++)
        {
            index.Set(Encoding.UTF8.GetBytes($"SYM{i}USDT"), $"SYM{i}USDT");
        }

        stop.Cancel();
        Assert.All(await Task.WhenAll(readers), missing => Assert.Equal(0, missing));
        Assert.Equal(20_000, index.Count);
    }
}
