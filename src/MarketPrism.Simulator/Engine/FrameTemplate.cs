using System.Buffers.Text;

namespace MarketPrism.Simulator.Engine;

/// <summary>
/// A frame as recorded (or derived once at load), with the positions of the numbers that change between
/// passes: ids, previous ids, times. Rendering copies the bytes around those numbers and writes the new ones —
/// no JSON object model per frame — and returns the recorded bytes themselves when nothing changes, so
/// loop 0 without retiming is byte-for-byte the recording.
/// </summary>
internal sealed class FrameTemplate
{
    private const int MaxDigits = 20;
    private readonly ReadOnlyMemory<byte> _combined;
    private readonly int _dataStart;
    private readonly int _dataLength;
    private readonly FramePatch[] _patches;
    private readonly OutboundFrame _unchanged;

    /// <param name="combined">The frame in combined form.</param>
    /// <param name="dataStart">Where the data object starts.</param>
    /// <param name="dataLength">Length of the data object.</param>
    /// <param name="patches">Patches in increasing <see cref="FramePatch.Start"/> order, all inside the data object.</param>
    /// <param name="eventTime">The frame's event time (ms), which candle times are aligned to.</param>
    /// <param name="candleIntervalMs">Interval of a candle frame, or 0.</param>
    public FrameTemplate(ReadOnlyMemory<byte> combined, int dataStart, int dataLength, FramePatch[] patches, long eventTime, long candleIntervalMs)
    {
        for (var i = 0; i < patches.Length; i++)
        {
            if (patches[i].Start < dataStart || patches[i].Start + patches[i].Length > dataStart + dataLength
                || (i > 0 && patches[i].Start < patches[i - 1].Start + patches[i - 1].Length))
            {
                throw new ArgumentException("Patches must be ordered, disjoint and inside the data object.", nameof(patches));
            }
        }

        _combined = combined;
        _dataStart = dataStart;
        _dataLength = dataLength;
        _patches = patches;
        EventTime = eventTime;
        CandleIntervalMs = candleIntervalMs;
        _unchanged = new OutboundFrame(combined, dataStart, dataLength);
    }

    public long EventTime { get; }

    public long CandleIntervalMs { get; }

    /// <summary>The frame exactly as recorded.</summary>
    public OutboundFrame Unchanged => _unchanged;

    public ReadOnlySpan<byte> Data => _combined.Span.Slice(_dataStart, _dataLength);

    public OutboundFrame Render(in PatchValues values)
    {
        Span<long> resolved = stackalloc long[_patches.Length];
        var changed = false;
        for (var i = 0; i < _patches.Length; i++)
        {
            resolved[i] = Resolve(_patches[i], values);
            changed |= resolved[i] != _patches[i].Original;
        }

        if (!changed)
        {
            return _unchanged;
        }

        Span<byte> digits = stackalloc byte[_patches.Length * MaxDigits];
        Span<int> lengths = stackalloc int[_patches.Length];
        var delta = 0;
        for (var i = 0; i < _patches.Length; i++)
        {
            Utf8Formatter.TryFormat(resolved[i], digits.Slice(i * MaxDigits, MaxDigits), out lengths[i]);
            delta += lengths[i] - _patches[i].Length;
        }

        var source = _combined.Span;
        var buffer = new byte[source.Length + delta];
        var read = 0;
        var written = 0;
        for (var i = 0; i < _patches.Length; i++)
        {
            var literal = source[read.._patches[i].Start];
            literal.CopyTo(buffer.AsSpan(written));
            written += literal.Length;
            digits.Slice(i * MaxDigits, lengths[i]).CopyTo(buffer.AsSpan(written));
            written += lengths[i];
            read = _patches[i].Start + _patches[i].Length;
        }

        source[read..].CopyTo(buffer.AsSpan(written));
        return new OutboundFrame(buffer, _dataStart, _dataLength + delta);
    }

    private long Resolve(in FramePatch patch, in PatchValues values) => patch.Kind switch
    {
        PatchKind.Time => patch.Original + values.TimeShift,
        PatchKind.UpdateId => patch.Original + values.UpdateIdShift,
        PatchKind.PreviousUpdateId => values.HasPreviousUpdateId ? values.PreviousUpdateId : patch.Original + values.UpdateIdShift,
        PatchKind.AggregateId => patch.Original + values.AggregateIdShift,
        PatchKind.TradeId => patch.Original < 0 ? patch.Original : patch.Original + values.TradeIdShift,
        PatchKind.AssignedTradeId => values.AssignedTradeId,
        PatchKind.CandleOpenTime => AlignCandle(values.TimeShift, patch.Original),
        PatchKind.CandleCloseTime => AlignCandle(values.TimeShift, patch.Original - CandleIntervalMs + 1) + CandleIntervalMs - 1,
        _ => patch.Original,
    };

    // A shifted candle keeps holding its event: the interval is re-aligned to the shifted event time. Without an
    // interval (or a shift) the recorded time moves by the shift.
    private long AlignCandle(long timeShift, long recordedOpen)
    {
        if (timeShift == 0 || CandleIntervalMs <= 0)
        {
            return recordedOpen + timeShift;
        }

        var shiftedEvent = EventTime + timeShift;
        return shiftedEvent - (shiftedEvent % CandleIntervalMs);
    }
}
