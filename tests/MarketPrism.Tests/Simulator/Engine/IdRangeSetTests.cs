using MarketPrism.Simulator;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class IdRangeSetTests
{
    [Fact]
    public void Consecutive_ids_share_a_run_and_a_jump_starts_a_new_one()
    {
        var ids = new IdRangeSet();
        foreach (var id in new long[] { 10, 11, 12, 20, 21, 5 })
        {
            ids.Add(id);
        }

        Assert.Equal(6, ids.Count);
        Assert.Equal([new IdRange(10, 12), new IdRange(20, 21), new IdRange(5, 5)], ids.ToArray());
    }
}
