using MarketPrism.Core.Model;
using Parquet;
using Parquet.Schema;

namespace MarketPrism.Sinks.FileStore;

/// <summary>Reads the records of one Parquet file of the store back, row group by row group.</summary>
internal static class ParquetRecordReader
{
    public static async IAsyncEnumerable<MarketRecord> ReadAsync(
        string path,
        InstrumentCache instruments,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var dataType = DataTypeOf(reader, path);
        var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in reader.Schema.GetDataFields())
        {
            fields[field.Path.ToString()] = field;
        }

        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            MarketRecord[] records;
            using (var rowGroup = reader.OpenRowGroupReader(group))
            {
                var columns = new Columns(rowGroup, fields, (int)rowGroup.RowCount, path);
                records = await ReadRowGroupAsync(dataType, columns, instruments, cancellationToken);
            }

            foreach (var record in records)
            {
                yield return record;
            }
        }
    }

    private static DataType DataTypeOf(ParquetReader reader, string path)
    {
        var name = reader.CustomMetadata.TryGetValue(ParquetTable.DataTypeMetadataKey, out var stored)
            ? stored
            : Path.GetFileName(path).Split('-')[0];
        return WireNames.TryParseDataType(name, out var dataType)
            ? dataType
            : throw new FormatException($"{path}: '{name}' is not a data type.");
    }

    private static async Task<MarketRecord[]> ReadRowGroupAsync(
        DataType dataType, Columns columns, InstrumentCache instruments, CancellationToken cancellationToken)
    {
        var rows = columns.Rows;
        var exchange = await columns.StringsAsync("exchange_name", cancellationToken);
        var market = await columns.StringsAsync("market_type", cancellationToken);
        var symbol = await columns.StringsAsync("symbol_name", cancellationToken);
        var exchangeSymbol = await columns.StringsAsync("exchange_symbol", cancellationToken);
        var timestamp = await columns.ValuesAsync<DateTime>("timestamp", cancellationToken);
        var local = await columns.ValuesAsync<DateTime>("local_timestamp", cancellationToken);

        var instrument = new Core.Instruments.Instrument[rows];
        for (var i = 0; i < rows; i++)
        {
            if (!WireNames.TryParseMarketType(market[i], out var marketType))
            {
                throw new FormatException($"{columns.Path}: unknown market_type '{market[i]}'.");
            }

            instrument[i] = instruments.Get(exchange[i]!, marketType, symbol[i]!, exchangeSymbol[i]!);
        }

        var records = new MarketRecord[rows];
        switch (dataType)
        {
            case DataType.Trade:
            {
                var id = await columns.StringsAsync("trade_id", cancellationToken);
                var price = await columns.ValuesAsync<decimal>("price", cancellationToken);
                var quantity = await columns.ValuesAsync<decimal>("quantity", cancellationToken);
                var side = await columns.StringsAsync("side", cancellationToken);

                // Files written before the column existed have none: their trades carry no hash.
                var hash = columns.Has("transaction_hash") ? await columns.StringsAsync("transaction_hash", cancellationToken) : null;
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new TradeRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        TradeId = RecordId.Parse(id[i]!), Price = price[i], Quantity = quantity[i], Side = ParseSide(side[i], columns.Path),
                        TransactionHash = hash?[i],
                    };
                }

                break;
            }

            case DataType.BookDelta:
            case DataType.BookSnapshot:
            {
                var bids = await columns.LevelsAsync("bids", cancellationToken);
                var asks = await columns.LevelsAsync("asks", cancellationToken);
                var first = await columns.ValuesAsync<long>("first_update_id", cancellationToken);
                var last = await columns.ValuesAsync<long>("last_update_id", cancellationToken);
                var depth = await columns.NullableValuesAsync<int>("depth", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = dataType == DataType.BookDelta
                        ? new BookDeltaRecord
                        {
                            Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                            Bids = bids[i], Asks = asks[i], FirstUpdateId = first[i], LastUpdateId = last[i],
                        }
                        : new BookSnapshotRecord
                        {
                            Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                            Bids = bids[i], Asks = asks[i], FirstUpdateId = first[i], LastUpdateId = last[i],
                            Depth = depth[i] ?? throw new FormatException($"{columns.Path}: row {i} of a book_snapshot has no depth."),
                        };
                }

                break;
            }

            case DataType.BestBidAsk:
            {
                var bidPrice = await columns.ValuesAsync<decimal>("bid_price", cancellationToken);
                var bidSize = await columns.ValuesAsync<decimal>("bid_size", cancellationToken);
                var askPrice = await columns.ValuesAsync<decimal>("ask_price", cancellationToken);
                var askSize = await columns.ValuesAsync<decimal>("ask_size", cancellationToken);
                var updateId = await columns.NullableValuesAsync<long>("update_id", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new BestBidAskRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        BidPrice = bidPrice[i], BidSize = bidSize[i], AskPrice = askPrice[i], AskSize = askSize[i], UpdateId = updateId[i],
                    };
                }

                break;
            }

            case DataType.FundingRate:
            {
                var rate = await columns.ValuesAsync<decimal>("funding_rate", cancellationToken);
                var estimated = await columns.NullableValuesAsync<decimal>("estimated_rate", cancellationToken);
                var next = await columns.NullableValuesAsync<DateTime>("next_funding_time", cancellationToken);
                var mark = await columns.NullableValuesAsync<decimal>("mark_price", cancellationToken);
                var index = await columns.NullableValuesAsync<decimal>("index_price", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new FundingRateRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        FundingRate = rate[i], EstimatedRate = estimated[i], NextFundingTime = next[i], MarkPrice = mark[i], IndexPrice = index[i],
                    };
                }

                break;
            }

            case DataType.OpenInterest:
            {
                var openInterest = await columns.ValuesAsync<decimal>("open_interest", cancellationToken);
                var value = await columns.NullableValuesAsync<decimal>("open_interest_value", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new OpenInterestRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        OpenInterest = openInterest[i], OpenInterestValue = value[i],
                    };
                }

                break;
            }

            case DataType.Liquidation:
            {
                var id = await columns.StringsAsync("liquidation_id", cancellationToken);
                var side = await columns.StringsAsync("side", cancellationToken);
                var price = await columns.ValuesAsync<decimal>("price", cancellationToken);
                var quantity = await columns.ValuesAsync<decimal>("quantity", cancellationToken);
                var leverage = await columns.NullableValuesAsync<decimal>("leverage", cancellationToken);
                var kind = await columns.StringsAsync("instrument_type", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new LiquidationRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        LiquidationId = id[i] is { } text ? RecordId.Parse(text) : null,
                        Side = ParseSide(side[i], columns.Path), Price = price[i], Quantity = quantity[i], Leverage = leverage[i],
                        InstrumentType = WireNames.TryParseInstrumentType(kind[i], out var instrumentType)
                            ? instrumentType
                            : throw new FormatException($"{columns.Path}: unknown instrument_type '{kind[i]}'."),
                    };
                }

                break;
            }

            case DataType.MarkPrice:
            {
                var mark = await columns.ValuesAsync<decimal>("mark_price", cancellationToken);
                var index = await columns.NullableValuesAsync<decimal>("index_price", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new MarkPriceRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i], MarkPrice = mark[i], IndexPrice = index[i],
                    };
                }

                break;
            }

            case DataType.LongShortRatio:
            {
                var kind = await columns.StringsAsync("kind", cancellationToken);
                var longRatio = await columns.NullableValuesAsync<decimal>("long_ratio", cancellationToken);
                var shortRatio = await columns.NullableValuesAsync<decimal>("short_ratio", cancellationToken);
                var ratio = await columns.ValuesAsync<decimal>("long_short_ratio", cancellationToken);
                var period = await columns.StringsAsync("period", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new LongShortRatioRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i],
                        Kind = WireNames.TryParseLongShortRatioKind(kind[i], out var ratioKind)
                            ? ratioKind
                            : throw new FormatException($"{columns.Path}: unknown kind '{kind[i]}'."),
                        LongRatio = longRatio[i], ShortRatio = shortRatio[i], LongShortRatio = ratio[i], Period = period[i]!,
                    };
                }

                break;
            }

            case DataType.VolatilityIndex:
            {
                var volatility = await columns.ValuesAsync<decimal>("volatility", cancellationToken);
                for (var i = 0; i < rows; i++)
                {
                    records[i] = new VolatilityIndexRecord
                    {
                        Instrument = instrument[i], Timestamp = timestamp[i], LocalTimestamp = local[i], Volatility = volatility[i],
                    };
                }

                break;
            }

            default:
                throw new FormatException($"{columns.Path}: no reader for data type {dataType}.");
        }

        return records;
    }

    private static Side ParseSide(string? name, string path) =>
        WireNames.TryParseSide(name, out var side) ? side : throw new FormatException($"{path}: unknown side '{name}'.");

    /// <summary>Reads named columns of one row group into arrays.</summary>
    private sealed class Columns(ParquetRowGroupReader rowGroup, Dictionary<string, DataField> fields, int rows, string path)
    {
        public int Rows => rows;

        public string Path => path;

        public bool Has(string name) => fields.ContainsKey(name);

        public async Task<string?[]> StringsAsync(string name, CancellationToken cancellationToken)
        {
            var values = new string?[rows];
            await rowGroup.ReadAsync(Field(name), values.AsMemory()!, cancellationToken: cancellationToken);
            return values;
        }

        public async Task<T[]> ValuesAsync<T>(string name, CancellationToken cancellationToken)
            where T : struct
        {
            var values = new T[rows];
            await rowGroup.ReadAsync<T>(Field(name), values.AsMemory(), cancellationToken: cancellationToken);
            return values;
        }

        public async Task<T?[]> NullableValuesAsync<T>(string name, CancellationToken cancellationToken)
            where T : struct
        {
            var values = new T?[rows];
            await rowGroup.ReadAsync<T>(Field(name), values.AsMemory(), cancellationToken: cancellationToken);
            return values;
        }

        /// <summary>Reads a <c>list&lt;struct&lt;price, size&gt;&gt;</c> column back into one array of levels per row.</summary>
        public async Task<BookLevel[][]> LevelsAsync(string name, CancellationToken cancellationToken)
        {
            var priceField = Field(name + "/list/element/price");
            var sizeField = Field(name + "/list/element/size");
            var metadata = rowGroup.GetMetadata(priceField)?.MetaData
                ?? throw new FormatException($"{path}: column {name} has no metadata.");
            var levelCount = checked((int)metadata.NumValues);
            var prices = new decimal[levelCount];
            var sizes = new decimal[levelCount];
            var definitions = new int[levelCount];
            var repetitions = new int[levelCount];
            await rowGroup.ReadRawAsync<decimal>(priceField, prices, definitions, repetitions, cancellationToken);
            await rowGroup.ReadRawAsync<decimal>(sizeField, sizes, definitions, repetitions, cancellationToken);

            var result = new BookLevel[rows][];
            var present = priceField.MaxDefinitionLevel;
            var level = 0;
            var value = 0;
            for (var row = 0; row < rows; row++)
            {
                if (level >= levelCount || repetitions[level] != 0)
                {
                    throw new FormatException($"{path}: column {name} does not have a list for row {row}.");
                }

                var end = level + 1;
                while (end < levelCount && repetitions[end] != 0)
                {
                    end++;
                }

                var count = definitions[level] == present ? end - level : 0;
                var levels = count == 0 ? [] : new BookLevel[count];
                for (var i = 0; i < count; i++)
                {
                    levels[i] = new BookLevel(prices[value], sizes[value]);
                    value++;
                }

                result[row] = levels;
                level = end;
            }

            return result;
        }

        private DataField Field(string name) =>
            fields.TryGetValue(name, out var field) ? field : throw new FormatException($"{path}: column '{name}' is missing.");
    }
}
