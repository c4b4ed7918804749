using MarketPrism.Sinks.FileStore;

namespace MarketPrism.Tests.Sinks.FileStore;

public sealed class StoreFileNameTests
{
    [Theory]
    [InlineData("trade-20240309T235958123Z-000042.parquet")]
    [InlineData("trade-20240309T235958123Z-000042.parquet.tmp")]
    [InlineData("trade-20240309T235958123Z-000042.journal.jsonl")]
    [InlineData("trade-20240309T235958123Z-000042.recovered.parquet")]
    public void Every_name_of_a_file_gives_back_its_open_time_and_sequence(string name)
    {
        Assert.True(StoreFileName.TryParse(name, "trade", out var stamp, out var sequence));
        Assert.Equal(new DateTime(2024, 3, 9, 23, 59, 58, 123, DateTimeKind.Utc), StoreFileName.FromStamp(stamp));
        Assert.Equal(42, sequence);
        Assert.Equal("trade-20240309T235958123Z-000042", StoreFileName.BaseName("trade", stamp, sequence));
    }

    [Theory]
    [InlineData("book_delta-20240309T235958123Z-000042.parquet")]
    [InlineData("trade-2024030T235958123Z-000042.parquet")]
    [InlineData("trade-20240309T235958123Z-.parquet")]
    [InlineData("notes.txt")]
    public void Names_of_other_files_are_not_mistaken_for_trade_files(string name) =>
        Assert.False(StoreFileName.TryParse(name, "trade", out _, out _));

    [Theory]
    [InlineData("binance", "binance")]
    [InlineData("../etc", "___etc")]
    [InlineData("..", "__")]
    [InlineData("a/b", "a_b")]
    public void Exchange_names_cannot_climb_out_of_the_store(string exchange, string segment) =>
        Assert.Equal(segment, StoreFileName.SafeSegment(exchange));
}
