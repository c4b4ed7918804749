using System.Text;
using MarketPrism.Simulator.Engine;

namespace MarketPrism.Tests.Simulator.Engine;

public sealed class FrameTemplateTests
{
    // {"stream":"x@depth","data":{"E":999,"U":5,"u":9,"pu":4}}
    private const string Frame = """{"stream":"x@depth","data":{"E":999,"U":5,"u":9,"pu":4}}""";

    [Fact]
    public void Rendering_without_changes_returns_the_recorded_bytes_themselves()
    {
        var template = Depth();

        var frame = template.Render(default);

        Assert.Same(template.Unchanged, frame);
        Assert.Equal(Frame, Encoding.UTF8.GetString(frame.Combined.Span));
    }

    [Fact]
    public void Patched_numbers_may_change_width_and_the_raw_form_follows()
    {
        var template = Depth();

        var frame = template.Render(new PatchValues { TimeShift = 1, UpdateIdShift = 995, HasPreviousUpdateId = true, PreviousUpdateId = 999 });

        Assert.Equal("""{"stream":"x@depth","data":{"E":1000,"U":1000,"u":1004,"pu":999}}""", Encoding.UTF8.GetString(frame.Combined.Span));
        Assert.Equal("""{"E":1000,"U":1000,"u":1004,"pu":999}""", Encoding.UTF8.GetString(frame.Raw.Span));
    }

    [Fact]
    public void Previous_update_id_without_a_previous_diff_shifts_like_the_other_ids()
    {
        var frame = Depth().Render(new PatchValues { UpdateIdShift = 10 });

        Assert.Equal("""{"E":999,"U":15,"u":19,"pu":14}""", Encoding.UTF8.GetString(frame.Raw.Span));
    }

    [Fact]
    public void A_candle_is_realigned_to_the_interval_holding_its_shifted_event_time()
    {
        const string candle = """{"stream":"x@kline_1m","data":{"E":1633998523963,"k":{"t":1633998480000,"T":1633998539999}}}""";
        var bytes = Encoding.UTF8.GetBytes(candle);
        var template = new FrameTemplate(
            bytes,
            candle.IndexOf("{\"E\"", StringComparison.Ordinal),
            candle.Length - candle.IndexOf("{\"E\"", StringComparison.Ordinal) - 1,
            [Patch(candle, "1633998523963", PatchKind.Time), Patch(candle, "1633998480000", PatchKind.CandleOpenTime), Patch(candle, "1633998539999", PatchKind.CandleCloseTime)],
            eventTime: 1633998523963,
            candleIntervalMs: 60_000);

        var frame = template.Render(new PatchValues { TimeShift = 40_000 });

        // 1633998563963 falls in the minute starting 1633998540000.
        Assert.Equal("""{"E":1633998563963,"k":{"t":1633998540000,"T":1633998599999}}""", Encoding.UTF8.GetString(frame.Raw.Span));
    }

    [Fact]
    public void Patches_outside_the_data_object_are_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes(Frame);

        Assert.Throws<ArgumentException>(() => new FrameTemplate(bytes, 27, Frame.Length - 28, [new FramePatch(1, 2, PatchKind.Time, 0)], 0, 0));
    }

    private static FrameTemplate Depth()
    {
        var bytes = Encoding.UTF8.GetBytes(Frame);
        var dataStart = Frame.IndexOf("{\"E\"", StringComparison.Ordinal);
        return new FrameTemplate(
            bytes,
            dataStart,
            Frame.Length - dataStart - 1,
            [
                Patch(Frame, "999", PatchKind.Time),
                Patch(Frame, "5", PatchKind.UpdateId, after: "\"U\":"),
                Patch(Frame, "9", PatchKind.UpdateId, after: "\"u\":"),
                Patch(Frame, "4", PatchKind.PreviousUpdateId, after: "\"pu\":"),
            ],
            eventTime: 999,
            candleIntervalMs: 0);
    }

    private static FramePatch Patch(string text, string number, PatchKind kind, string after = "")
    {
        var start = text.IndexOf(after + number, StringComparison.Ordinal) + after.Length;
        return new FramePatch(start, number.Length, kind, long.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
    }
}
