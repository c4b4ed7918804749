using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>
/// The Parquet schema of one data type and the column buffers that fill it. Each partition owns one instance and its
/// <see cref="Spare"/> (the schema's fields are bound to the buffers) and reuses both for all of its files. Columns are named exactly like the
/// fields of the JSON form (<see cref="MarketPrism.Core.Serialization.RecordJsonWriter"/>), in the same order, minus
/// <c>data_type</c>, which is the table itself:
/// <list type="bullet">
/// <item><c>exchange_name</c>, <c>market_type</c>, <c>symbol_name</c>, <c>exchange_symbol</c>: strings (dictionary-encoded);</item>
/// <item><c>timestamp</c>, <c>local_timestamp</c>: INT64 TIMESTAMP(MICROS, UTC);</item>
/// <item>prices, sizes, rates: DECIMAL(38,18) (see <see cref="ParquetDecimal"/>), nullable where the record's field is;</item>
/// <item>ids (<c>trade_id</c>, <c>liquidation_id</c>) and names (<c>side</c>, <c>instrument_type</c>): strings;</item>
/// <item>update ids: INT64; <c>depth</c>: INT32;</item>
/// <item><c>bids</c>, <c>asks</c>: <c>list&lt;struct&lt;price, size&gt;&gt;</c>, best level first.</item>
/// </list>
/// </summary>
internal sealed class ParquetTable
{
    /// <summary>Key of the file metadata entry naming the data type, so tools need not parse the file name.</summary>
    public const string DataTypeMetadataKey = "marketprism.data_type";

    /// <summary>Key of the file metadata entry with the layout version of the columns.</summary>
    public const string SchemaVersionMetadataKey = "marketprism.schema_version";

    public const string SchemaVersion = "1";

    /// <summary>String columns with few distinct values, written with dictionary encoding.</summary>
    public static IReadOnlyList<string> DictionaryColumns { get; } =
        ["exchange_name", "market_type", "symbol_name", "exchange_symbol", "side", "instrument_type", "kind", "period"];

    private ParquetTable? _spare;

    private ParquetTable(DataType dataType, ParquetSchema schema, int baseBytesPerRow, ColumnBuffer[] columns)
    {
        DataType = dataType;
        Schema = schema;
        BaseBytesPerRow = baseBytesPerRow;
        Columns = columns;
    }

    public DataType DataType { get; }

    public ParquetSchema Schema { get; }

    /// <summary>
    /// A rough size of a row in the file before the first row group shows the real one (compressed, dictionary
    /// strings nearly free); only used to decide when a file reaches its roll size.
    /// </summary>
    public int BaseBytesPerRow { get; }

    /// <summary>The column buffers, in schema order.</summary>
    public ColumnBuffer[] Columns { get; }

    /// <summary>Rows buffered and not yet written as a row group.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The table's second set of buffers (same schema and fields; its <see cref="Spare"/> is this table): rows are
    /// appended to one while the other is written as a row group, and the two are swapped, so both are reused.
    /// </summary>
    public ParquetTable Spare
    {
        get
        {
            if (_spare is null)
            {
                var columns = new ColumnBuffer[Columns.Length];
                for (var i = 0; i < columns.Length; i++)
                {
                    columns[i] = Columns[i].CreateEmpty();
                }

                _spare = new ParquetTable(DataType, Schema, BaseBytesPerRow, columns) { _spare = this };
            }

            return _spare;
        }
    }

    /// <summary>
    /// Moves buffered rows from <paramref name="from"/> on to <paramref name="destination"/>, which must be empty
    /// (this table's <see cref="Spare"/>), and keeps the first <paramref name="from"/> rows here.
    /// </summary>
    public void MoveTail(ParquetTable destination, int from)
    {
        if (destination.Count != 0 || destination.Schema != Schema)
        {
            throw new InvalidOperationException("Rows can only move to the empty spare buffers of the same table.");
        }

        for (var i = 0; i < Columns.Length; i++)
        {
            Columns[i].MoveTail(destination.Columns[i], from, Count);
        }

        destination.Count = Count - from;
        Truncate(from);
    }

    /// <summary>
    /// Buffers <paramref name="record"/> as the next row. Returns false, buffering nothing, when a value cannot be
    /// stored exactly (see <see cref="ParquetDecimal"/>).
    /// </summary>
    public bool TryAppend(MarketRecord record)
    {
        var row = Count;
        var fits = true;
        foreach (var column in Columns)
        {
            fits &= column.Append(record, row);
        }

        if (!fits)
        {
            Truncate(row);
            return false;
        }

        Count = row + 1;
        return true;
    }

    /// <summary>Forgets buffered rows from <paramref name="rows"/> on.</summary>
    public void Truncate(int rows)
    {
        foreach (var column in Columns)
        {
            column.Truncate(rows);
        }

        Count = rows;
    }

    /// <summary>Memory the buffered rows take.</summary>
    public long BufferedMemoryBytes
    {
        get
        {
            long total = 0;
            foreach (var column in Columns)
            {
                total += column.MemoryBytes(Count);
            }

            return total;
        }
    }

    /// <summary>Memory this set of buffers holds, rows or not (arrays keep the size they grew to).</summary>
    public long CapacityBytes
    {
        get
        {
            long total = 0;
            foreach (var column in Columns)
            {
                total += column.CapacityBytes;
            }

            return total;
        }
    }

    /// <summary>Memory this set and its spare (if made) hold, rows or not.</summary>
    public long PairCapacityBytes => CapacityBytes + (_spare?.CapacityBytes ?? 0);

    /// <summary>Trims both sets (<see cref="TrimCapacity"/>); only when neither is being written. Returns the bytes released.</summary>
    public long TrimPair(bool withRows) => TrimCapacity(withRows) + (_spare?.TrimCapacity(withRows) ?? 0);

    /// <summary>
    /// Shrinks this set's arrays to what its rows need (an empty set keeps none); a set with rows only when
    /// <paramref name="withRows"/>. Never for a set being written. Returns the bytes released.
    /// </summary>
    public long TrimCapacity(bool withRows)
    {
        if (Count > 0 && !withRows)
        {
            return 0;
        }

        var before = CapacityBytes;
        foreach (var column in Columns)
        {
            column.TrimCapacity(Count);
        }

        return before - CapacityBytes;
    }

    /// <summary>Likely bytes the buffered rows will take in the file, given the file's bytes per row so far.</summary>
    public long EstimatedBufferedBytes(double bytesPerRow)
    {
        var total = (long)(Count * bytesPerRow);
        foreach (var column in Columns)
        {
            total += column.EstimatedExtraBytes(Count);
        }

        return total;
    }

    /// <summary>Writes the first <paramref name="rows"/> buffered rows as one row group and drops them from the buffer.</summary>
    public async Task WriteRowGroupAsync(ParquetWriter writer, int rows, ParquetWriteScratch scratch, CancellationToken cancellationToken)
    {
        using (var rowGroup = writer.CreateRowGroup())
        {
            foreach (var column in Columns)
            {
                await column.WriteAsync(rowGroup, rows, scratch, cancellationToken);
            }

            rowGroup.CompleteValidate();
        }

        scratch.Clear();
        if (rows < Count)
        {
            foreach (var column in Columns)
            {
                column.RemoveFront(rows, Count);
            }
        }

        Truncate(Count - rows);
    }

    public static ParquetTable Create(DataType dataType)
    {
        var builder = new Builder();
        builder.String("exchange_name", static r => r.ExchangeName);
        builder.String("market_type", static r => r.MarketType.ToWireName());
        builder.String("symbol_name", static r => r.SymbolName);
        builder.String("exchange_symbol", static r => r.ExchangeSymbol);
        builder.Timestamp("timestamp", static r => r.Timestamp);
        builder.Timestamp("local_timestamp", static r => r.LocalTimestamp);

        int baseBytes;
        switch (dataType)
        {
            case DataType.Trade:
                builder.Id("trade_id", nullable: false, static r => ((TradeRecord)r).TradeId);
                builder.Decimal("price", static r => ((TradeRecord)r).Price);
                builder.Decimal("quantity", static r => ((TradeRecord)r).Quantity);
                builder.String("side", static r => ((TradeRecord)r).Side.ToWireName());
                builder.NullableString("transaction_hash", static r => ((TradeRecord)r).TransactionHash);
                baseBytes = 32;
                break;
            case DataType.BookDelta:
            case DataType.BookSnapshot:
                builder.Levels("bids", static r => ((BookRecord)r).Bids);
                builder.Levels("asks", static r => ((BookRecord)r).Asks);
                builder.Int64("first_update_id", static r => ((BookRecord)r).FirstUpdateId);
                builder.Int64("last_update_id", static r => ((BookRecord)r).LastUpdateId);

                // Deltas have no depth; the column is there (all null) so both book tables read alike, as in JSON.
                builder.NullableInt32("depth", static r => r is BookSnapshotRecord snapshot ? snapshot.Depth : null);
                baseBytes = 24;
                break;
            case DataType.BestBidAsk:
                builder.Decimal("bid_price", static r => ((BestBidAskRecord)r).BidPrice);
                builder.Decimal("bid_size", static r => ((BestBidAskRecord)r).BidSize);
                builder.Decimal("ask_price", static r => ((BestBidAskRecord)r).AskPrice);
                builder.Decimal("ask_size", static r => ((BestBidAskRecord)r).AskSize);
                builder.NullableInt64("update_id", static r => ((BestBidAskRecord)r).UpdateId);
                baseBytes = 40;
                break;
            case DataType.FundingRate:
                builder.Decimal("funding_rate", static r => ((FundingRateRecord)r).FundingRate);
                builder.NullableDecimal("estimated_rate", static r => ((FundingRateRecord)r).EstimatedRate);
                builder.NullableTimestamp("next_funding_time", static r => ((FundingRateRecord)r).NextFundingTime);
                builder.NullableDecimal("mark_price", static r => ((FundingRateRecord)r).MarkPrice);
                builder.NullableDecimal("index_price", static r => ((FundingRateRecord)r).IndexPrice);
                builder.NullableDecimal("premium_index", static r => ((FundingRateRecord)r).PremiumIndex);
                baseBytes = 48;
                break;
            case DataType.OpenInterest:
                builder.Decimal("open_interest", static r => ((OpenInterestRecord)r).OpenInterest);
                builder.NullableDecimal("open_interest_value", static r => ((OpenInterestRecord)r).OpenInterestValue);
                baseBytes = 32;
                break;
            case DataType.Liquidation:
                builder.Id("liquidation_id", nullable: true, static r => ((LiquidationRecord)r).LiquidationId);
                builder.String("side", static r => ((LiquidationRecord)r).Side.ToWireName());
                builder.Decimal("price", static r => ((LiquidationRecord)r).Price);
                builder.Decimal("quantity", static r => ((LiquidationRecord)r).Quantity);
                builder.NullableDecimal("leverage", static r => ((LiquidationRecord)r).Leverage);
                builder.String("instrument_type", static r => ((LiquidationRecord)r).InstrumentType.ToWireName());
                baseBytes = 48;
                break;
            case DataType.MarkPrice:
                builder.Decimal("mark_price", static r => ((MarkPriceRecord)r).MarkPrice);
                builder.NullableDecimal("index_price", static r => ((MarkPriceRecord)r).IndexPrice);
                baseBytes = 32;
                break;
            case DataType.LongShortRatio:
                builder.String("kind", static r => ((LongShortRatioRecord)r).Kind.ToWireName());
                builder.NullableDecimal("long_ratio", static r => ((LongShortRatioRecord)r).LongRatio);
                builder.NullableDecimal("short_ratio", static r => ((LongShortRatioRecord)r).ShortRatio);
                builder.Decimal("long_short_ratio", static r => ((LongShortRatioRecord)r).LongShortRatio);
                builder.String("period", static r => ((LongShortRatioRecord)r).Period);
                baseBytes = 48;
                break;
            case DataType.VolatilityIndex:
                builder.Decimal("volatility", static r => ((VolatilityIndexRecord)r).Volatility);
                baseBytes = 24;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "No Parquet table for this data type.");
        }

        return new ParquetTable(dataType, new ParquetSchema(builder.Fields), baseBytes, [.. builder.Columns]);
    }

    /// <summary>Collects the schema fields and a buffer bound to each.</summary>
    private sealed class Builder
    {
        public List<Field> Fields { get; } = [];

        public List<ColumnBuffer> Columns { get; } = [];

        public void String(string name, Func<MarketRecord, string> read)
        {
            var field = new DataField<string>(name, nullable: false);
            Fields.Add(field);
            Columns.Add(new StringColumnBuffer(field, read));
        }

        public void NullableString(string name, Func<MarketRecord, string?> read)
        {
            var field = new DataField<string>(name, nullable: true);
            Fields.Add(field);
            Columns.Add(new StringColumnBuffer(field, read));
        }

        public void Id(string name, bool nullable, Func<MarketRecord, RecordId?> read)
        {
            var field = new DataField<string>(name, nullable: nullable);
            Fields.Add(field);
            Columns.Add(new IdColumnBuffer(field, read));
        }

        public void Timestamp(string name, Func<MarketRecord, DateTime> read)
        {
            var field = TimestampField(name, nullable: false);
            Fields.Add(field);
            Columns.Add(new ValueColumnBuffer<DateTime>(field, read));
        }

        public void NullableTimestamp(string name, Func<MarketRecord, DateTime?> read)
        {
            var field = TimestampField(name, nullable: true);
            Fields.Add(field);
            Columns.Add(new NullableValueColumnBuffer<DateTime>(field, read));
        }

        public void Decimal(string name, Func<MarketRecord, decimal> read)
        {
            var field = ParquetDecimal.Field(name, nullable: false);
            Fields.Add(field);
            Columns.Add(new DecimalColumnBuffer(field, read));
        }

        public void NullableDecimal(string name, Func<MarketRecord, decimal?> read)
        {
            var field = ParquetDecimal.Field(name, nullable: true);
            Fields.Add(field);
            Columns.Add(new NullableDecimalColumnBuffer(field, read));
        }

        public void Int64(string name, Func<MarketRecord, long> read)
        {
            var field = new DataField<long>(name, nullable: false);
            Fields.Add(field);
            Columns.Add(new ValueColumnBuffer<long>(field, read));
        }

        public void NullableInt64(string name, Func<MarketRecord, long?> read)
        {
            var field = new DataField<long?>(name, nullable: true);
            Fields.Add(field);
            Columns.Add(new NullableValueColumnBuffer<long>(field, read));
        }

        public void NullableInt32(string name, Func<MarketRecord, int?> read)
        {
            var field = new DataField<int?>(name, nullable: true);
            Fields.Add(field);
            Columns.Add(new NullableValueColumnBuffer<int>(field, read));
        }

        public void Levels(string name, Func<MarketRecord, BookLevel[]> read)
        {
            var price = ParquetDecimal.Field("price", nullable: false);
            var size = ParquetDecimal.Field("size", nullable: false);
            Fields.Add(new ListField(name, new StructField("element", price, size)));
            Columns.Add(new LevelsColumnBuffer(price, size, read));
        }

        private static DateTimeDataField TimestampField(string name, bool nullable) =>
            new(name, DateTimeFormat.DateAndTimeMicros, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable);

    }
}
