using MarketPrism.Exchanges.Abstractions;

namespace MarketPrism.Tests.Exchanges.Conformance;

/// <summary>Rule 1: every recorded frame parses without error, or is ignored or rejected with a reason.</summary>
public abstract partial class VenueConformanceTests
{
    [Fact]
    public void Every_recorded_frame_parses_or_is_ignored_or_rejected_with_a_reason()
    {
        var failures = new List<string>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var records = 0;
        foreach (var (frame, result, output) in ParseRecordings())
        {
            var key = $"{frame.File}:{frame.Line}";
            switch (result.Kind)
            {
                case FrameKind.Data:
                    records += output.Count;
                    break;
                case FrameKind.SubscriptionAck or FrameKind.Heartbeat or FrameKind.HeartbeatRequest or FrameKind.ServerShutdownNotice:
                    break;
                case FrameKind.Ignored:
                    // Well-formed data the collector does not normalize: the parser must say what it left out.
                    if (string.IsNullOrWhiteSpace(result.Error))
                    {
                        failures.Add($"ignored without a reason: {frame}");
                    }

                    break;
                default:
                    if (string.IsNullOrWhiteSpace(result.Error))
                    {
                        failures.Add($"{result.Kind} without a reason: {frame}");
                    }
                    else if (!RejectedRecordedFrames.ContainsKey(key))
                    {
                        failures.Add($"{result.Kind} ({result.Error}): {frame}");
                    }

                    rejected.Add(key);
                    break;
            }

            if (result.Kind != FrameKind.Data)
            {
                Assert.Empty(output);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(records > 0, "the recordings gave no records, so the rule proved nothing");

        // An explained rejection that no longer happens is stale: the explanation must go with it.
        Assert.Empty(RejectedRecordedFrames.Keys.Except(rejected, StringComparer.Ordinal));
    }
}
