using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Relay.Core.Contracts;
using Relay.Server.Storage;

namespace Relay.Server.Instruments;

/// <summary>
/// Imports DhanHQ's scrip-master CSV (compact or detailed column set, recognised by header name) into the
/// instrument master. All or nothing per file: one transaction, rolled back when the file is unusable (missing
/// headers, no valid row) or the import is cancelled. Malformed rows are skipped and reported with their line.
/// Existing instruments are updated in place; the search index is rebuilt at the end.
/// </summary>
internal sealed partial class InstrumentCsvImporter
{
    /// <summary>Progress is reported every this many rows.</summary>
    public const int ProgressInterval = 10_000;

    private const string CountSql = "SELECT COUNT(*) FROM instruments;";

    // A 64 MiB page cache keeps the whole import's dirty pages in memory instead of spilling them to the WAL
    // mid-transaction; restored before the connection goes back to the pool.
    private const string ImportPragmasSql = "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

    private const string DefaultPragmasSql = "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT;";

    private const string InsertImportSql = """
        INSERT INTO instrument_imports (source, file_name, imported_at, row_count, skipped)
        VALUES (@Source, @FileName, @ImportedAt, 0, 0) RETURNING id;
        """;

    private const string CompleteImportSql = "UPDATE instrument_imports SET row_count = @RowCount, skipped = @Skipped WHERE id = @Id;";

    // Executed once per row through one prepared command (a raw SqliteCommand rather than Dapper: re-binding
    // values on prepared parameters is what keeps 200,000 rows within a few seconds).
    private const string UpsertSql = """
        INSERT INTO instruments (
            exchange_segment, security_id, symbol, symbol_norm, display_name, symbol_name, instrument_type,
            exch_instrument_type, series, lot_size, tick_size, expiry, strike, option_type,
            underlying_security_id, underlying_symbol, isin, expiry_flag, import_id)
        VALUES (
            $segment, $security_id, $symbol, $symbol_norm, $display_name, $symbol_name, $instrument_type,
            $exch_instrument_type, $series, $lot_size, $tick_size, $expiry, $strike, $option_type,
            $underlying_security_id, $underlying_symbol, $isin, $expiry_flag, $import_id)
        ON CONFLICT (exchange_segment, security_id) DO UPDATE SET
            symbol = excluded.symbol, symbol_norm = excluded.symbol_norm, display_name = excluded.display_name,
            symbol_name = excluded.symbol_name, instrument_type = excluded.instrument_type,
            exch_instrument_type = excluded.exch_instrument_type, series = excluded.series,
            lot_size = excluded.lot_size, tick_size = excluded.tick_size, expiry = excluded.expiry,
            strike = excluded.strike, option_type = excluded.option_type,
            underlying_security_id = excluded.underlying_security_id, underlying_symbol = excluded.underlying_symbol,
            isin = excluded.isin, expiry_flag = excluded.expiry_flag, import_id = excluded.import_id;
        """;

    private const string PruneSql = "DELETE FROM instruments WHERE import_id <> @ImportId;";

    private const string RemoveSampleRowsSql = """
        DELETE FROM instruments
        WHERE import_id <> @ImportId
          AND import_id IN (SELECT id FROM instrument_imports WHERE source = @SampleSource);
        """;

    // The FTS rowid is the search rank, so a search reads matches best-first and stops at its limit.
    private const string RebuildSearchSql = $"""
        DELETE FROM instrument_rank;
        INSERT INTO instrument_rank (rank, instrument_id)
        SELECT row_number() OVER (ORDER BY {InstrumentSql.RankOrder}), i.id FROM instruments i;
        INSERT INTO instrument_search (instrument_search) VALUES ('delete-all');
        INSERT INTO instrument_search (rowid, symbol, display_name)
        SELECT r.rank, i.symbol, i.display_name
        FROM instrument_rank r CROSS JOIN instruments i ON i.id = r.instrument_id
        ORDER BY r.rank;
        """;

    private readonly SqliteConnectionFactory _connections;
    private readonly InstrumentCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<InstrumentCsvImporter> _logger;

    public InstrumentCsvImporter(SqliteConnectionFactory connections, InstrumentCache cache, TimeProvider time, ILogger<InstrumentCsvImporter> logger)
    {
        _connections = connections;
        _cache = cache;
        _time = time;
        _logger = logger;
    }

    /// <summary>Imports the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public async Task<InstrumentImportResult> ImportFileAsync(string path, InstrumentImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return await ImportAsync(stream, options with { FileName = options.FileName ?? Path.GetFileName(path) }, progress, cancellationToken);
    }

    /// <summary>Imports a CSV stream (UTF-8; a byte-order mark is honoured). The stream is not disposed.</summary>
    public async Task<InstrumentImportResult> ImportAsync(Stream csv, InstrumentImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        var started = _time.GetTimestamp();
        using var text = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var reader = new CsvRecordReader(text);
        var fields = new List<string?>(64);

        if (!reader.TryReadRecord(fields, out _))
        {
            return Failed("The file is empty: no header row.", null, started);
        }

        if (!ScripMasterLayout.TryCreate(fields, out var layout, out var headerError))
        {
            return Failed(headerError, null, started);
        }

        reader.KeepColumns = layout.KeepColumns;
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ImportPragmasSql, cancellationToken: cancellationToken));
        try
        {
            return await ImportRowsAsync(connection, reader, fields, layout, options, progress, started, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(DefaultPragmasSql);
        }
    }

    private async Task<InstrumentImportResult> ImportRowsAsync(
        SqliteConnection connection,
        CsvRecordReader reader,
        List<string?> fields,
        ScripMasterLayout layout,
        InstrumentImportOptions options,
        IProgress<ImportProgress>? progress,
        long started,
        CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var before = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, transaction: transaction, cancellationToken: cancellationToken));
        var importId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            InsertImportSql,
            new { options.Source, options.FileName, ImportedAt = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));

        var stats = new ImportStats();
        using (var upsert = new UpsertCommand(connection, transaction, importId))
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!reader.TryReadRecord(fields, out var csvError))
                {
                    break;
                }

                stats.RowsRead++;
                string? reason;
                if (csvError is not null)
                {
                    reason = csvError;
                }
                else if (fields.Count != layout.ColumnCount)
                {
                    reason = $"the row has {fields.Count} fields; the header has {layout.ColumnCount}";
                }
                else if (ScripMasterRowParser.TryParse(fields, layout, out var instrument, out reason))
                {
                    upsert.Execute(instrument);
                    stats.Count(instrument);
                }

                if (reason is not null)
                {
                    stats.Skip(reader.RecordLine, reason);
                }

                if (stats.RowsRead % ProgressInterval == 0)
                {
                    progress?.Report(new ImportProgress(ImportPhase.Reading, stats.RowsRead, stats.RowsSkipped));
                }
            }
        }

        if (stats.RowsImported == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var why = stats.RowsRead == 0 ? "The file has a header but no rows." : $"None of the {stats.RowsRead} rows is valid; nothing was imported.";
            return Failed(why, layout.Format, started, stats);
        }

        progress?.Report(new ImportProgress(ImportPhase.Indexing, stats.RowsRead, stats.RowsSkipped));
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            options.Prune ? PruneSql : RemoveSampleRowsSql,
            new { ImportId = importId, SampleSource = InstrumentImportOptions.BundledSampleSource },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildSearchSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            CompleteImportSql,
            new { Id = importId, RowCount = stats.RowsImported, Skipped = stats.RowsSkipped },
            transaction,
            cancellationToken: cancellationToken));
        var after = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        _cache.Clear();

        var inserted = after - before + removed;
        var result = new InstrumentImportResult
        {
            Succeeded = true,
            Format = layout.Format,
            RowsRead = stats.RowsRead,
            Inserted = inserted,
            Updated = stats.RowsImported - inserted,
            Removed = removed,
            RowsSkipped = stats.RowsSkipped,
            Errors = stats.Errors,
            Warnings = stats.Warnings(),
            Elapsed = _time.GetElapsedTime(started),
            TotalInstruments = after,
        };
        progress?.Report(new ImportProgress(ImportPhase.Completed, stats.RowsRead, stats.RowsSkipped));
        LogImported(options.Source, layout.Format, result.Inserted, result.Updated, result.Removed, result.RowsSkipped, result.Elapsed.TotalSeconds);
        return result;
    }

    private InstrumentImportResult Failed(string error, string? format, long started, ImportStats? stats = null)
    {
        LogFailed(error);
        return new InstrumentImportResult
        {
            Succeeded = false,
            Error = error,
            Format = format,
            RowsRead = stats?.RowsRead ?? 0,
            RowsSkipped = stats?.RowsSkipped ?? 0,
            Errors = stats?.Errors ?? [],
            Elapsed = _time.GetElapsedTime(started),
        };
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Imported the instrument master ({Source}, {Format}): {Inserted} new, {Updated} updated, {Removed} removed, {Skipped} rows skipped in {Seconds:0.0} s")]
    private partial void LogImported(string source, string format, long inserted, long updated, long removed, long skipped, double seconds);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Instrument import failed, nothing was written: {Error}")]
    private partial void LogFailed(string error);

    /// <summary>Counters and the capped list of skipped rows.</summary>
    private sealed class ImportStats
    {
        private readonly List<ImportRowError> _errors = [];
        private long _tickSizesChecked;
        private long _tickSizesBelowOnePaisa;

        public long RowsRead { get; set; }

        public long RowsImported { get; private set; }

        public long RowsSkipped { get; private set; }

        public IReadOnlyList<ImportRowError> Errors => _errors;

        public void Count(Instrument instrument)
        {
            RowsImported++;

            // §8 #18: the unit is not documented. Exchange ticks are at least one paisa, so many converted ticks
            // below ₹0.01 mean the file already carried rupees.
            if (instrument.TickSize is { } tick && instrument.Key.Segment is ExchangeSegment.NSE_EQ or ExchangeSegment.NSE_FNO or ExchangeSegment.BSE_EQ)
            {
                _tickSizesChecked++;
                if (tick < 0.01m)
                {
                    _tickSizesBelowOnePaisa++;
                }
            }
        }

        public void Skip(long line, string reason)
        {
            RowsSkipped++;
            if (_errors.Count < InstrumentImportResult.MaxListedErrors)
            {
                _errors.Add(new ImportRowError(line, reason));
            }
        }

        public IReadOnlyList<string> Warnings() =>
            _tickSizesChecked >= 10 && _tickSizesBelowOnePaisa * 2 > _tickSizesChecked
                ? [string.Create(CultureInfo.InvariantCulture, $"{_tickSizesBelowOnePaisa} of {_tickSizesChecked} NSE/BSE tick sizes are below ₹0.01 after the paise-to-rupee conversion: this file may already carry rupees (protocol reference §8 #18).")]
                : [];
    }

    /// <summary>The prepared upsert, its parameters bound once and re-valued per row.</summary>
    private sealed class UpsertCommand : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _segment;
        private readonly SqliteParameter _securityId;
        private readonly SqliteParameter _symbol;
        private readonly SqliteParameter _symbolNorm;
        private readonly SqliteParameter _displayName;
        private readonly SqliteParameter _symbolName;
        private readonly SqliteParameter _instrumentType;
        private readonly SqliteParameter _exchInstrumentType;
        private readonly SqliteParameter _series;
        private readonly SqliteParameter _lotSize;
        private readonly SqliteParameter _tickSize;
        private readonly SqliteParameter _expiry;
        private readonly SqliteParameter _strike;
        private readonly SqliteParameter _optionType;
        private readonly SqliteParameter _underlyingSecurityId;
        private readonly SqliteParameter _underlyingSymbol;
        private readonly SqliteParameter _isin;
        private readonly SqliteParameter _expiryFlag;

        public UpsertCommand(SqliteConnection connection, SqliteTransaction transaction, long importId)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = UpsertSql;
            SqliteParameter Add(string name, SqliteType type) => _command.Parameters.Add(name, type);
            _segment = Add("$segment", SqliteType.Text);
            _securityId = Add("$security_id", SqliteType.Integer);
            _symbol = Add("$symbol", SqliteType.Text);
            _symbolNorm = Add("$symbol_norm", SqliteType.Text);
            _displayName = Add("$display_name", SqliteType.Text);
            _symbolName = Add("$symbol_name", SqliteType.Text);
            _instrumentType = Add("$instrument_type", SqliteType.Text);
            _exchInstrumentType = Add("$exch_instrument_type", SqliteType.Text);
            _series = Add("$series", SqliteType.Text);
            _lotSize = Add("$lot_size", SqliteType.Integer);
            _tickSize = Add("$tick_size", SqliteType.Real);
            _expiry = Add("$expiry", SqliteType.Text);
            _strike = Add("$strike", SqliteType.Real);
            _optionType = Add("$option_type", SqliteType.Text);
            _underlyingSecurityId = Add("$underlying_security_id", SqliteType.Integer);
            _underlyingSymbol = Add("$underlying_symbol", SqliteType.Text);
            _isin = Add("$isin", SqliteType.Text);
            _expiryFlag = Add("$expiry_flag", SqliteType.Text);
            Add("$import_id", SqliteType.Integer).Value = importId;
            _command.Prepare();
        }

        public void Execute(Instrument instrument)
        {
            _segment.Value = ExchangeSegments.Name(instrument.Key.Segment);
            _securityId.Value = (long)instrument.Key.SecurityId;
            _symbol.Value = instrument.Symbol;
            _symbolNorm.Value = instrument.Symbol.ToUpperInvariant();
            _displayName.Value = instrument.DisplayName;
            _symbolName.Value = Nullable(instrument.SymbolName);
            _instrumentType.Value = instrument.InstrumentType;
            _exchInstrumentType.Value = Nullable(instrument.ExchInstrumentType);
            _series.Value = Nullable(instrument.Series);
            _lotSize.Value = (long)instrument.LotSize;
            _tickSize.Value = instrument.TickSize is { } tick ? (double)tick : DBNull.Value;
            _expiry.Value = instrument.Expiry is { } expiry ? expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value;
            _strike.Value = instrument.Strike is { } strike ? (double)strike : DBNull.Value;
            _optionType.Value = Nullable(instrument.OptionType);
            _underlyingSecurityId.Value = instrument.UnderlyingSecurityId is { } uid ? (long)uid : DBNull.Value;
            _underlyingSymbol.Value = Nullable(instrument.UnderlyingSymbol);
            _isin.Value = Nullable(instrument.Isin);
            _expiryFlag.Value = Nullable(instrument.ExpiryFlag);
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();

        private static object Nullable(string? value) => value is null ? DBNull.Value : value;
    }
}
