using Dapper;
using Microsoft.Data.Sqlite;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Server.Storage;

/// <summary>Persists the last known market state per instrument (one row per instrument, depth as a 100-byte blob).</summary>
internal sealed class SnapshotRepository
{
    private const int DepthBytes = Depth5.Count * DepthLevel.Size;

    private const string UpsertSql = """
        INSERT INTO market_snapshots (
            exchange_segment, security_id, ltp, ltq, ltt, atp, volume, total_sell_quantity, total_buy_quantity,
            open, close, high, low, open_interest, oi_day_high, oi_day_low, prev_close, prev_open_interest,
            depth, richest_mode, received_at)
        VALUES (
            @Segment, @SecurityId, @Ltp, @Ltq, @Ltt, @Atp, @Volume, @TotalSellQuantity, @TotalBuyQuantity,
            @Open, @Close, @High, @Low, @OpenInterest, @OiDayHigh, @OiDayLow, @PrevClose, @PrevOpenInterest,
            @Depth, @RichestMode, @ReceivedAt)
        ON CONFLICT (exchange_segment, security_id) DO UPDATE SET
            ltp = excluded.ltp, ltq = excluded.ltq, ltt = excluded.ltt, atp = excluded.atp, volume = excluded.volume,
            total_sell_quantity = excluded.total_sell_quantity, total_buy_quantity = excluded.total_buy_quantity,
            open = excluded.open, close = excluded.close, high = excluded.high, low = excluded.low,
            open_interest = excluded.open_interest, oi_day_high = excluded.oi_day_high, oi_day_low = excluded.oi_day_low,
            prev_close = excluded.prev_close, prev_open_interest = excluded.prev_open_interest,
            depth = excluded.depth, richest_mode = excluded.richest_mode, received_at = excluded.received_at;
        """;

    private const string SelectAllSql = """
        SELECT exchange_segment AS Segment, security_id AS SecurityId, ltp AS Ltp, ltq AS Ltq, ltt AS Ltt, atp AS Atp,
               volume AS Volume, total_sell_quantity AS TotalSellQuantity, total_buy_quantity AS TotalBuyQuantity,
               open AS Open, close AS Close, high AS High, low AS Low, open_interest AS OpenInterest,
               oi_day_high AS OiDayHigh, oi_day_low AS OiDayLow, prev_close AS PrevClose,
               prev_open_interest AS PrevOpenInterest, depth AS Depth, richest_mode AS RichestMode, received_at AS ReceivedAt
        FROM market_snapshots;
        """;

    private const string CountSql = "SELECT COUNT(*) FROM market_snapshots;";

    private readonly SqliteConnectionFactory _connections;

    public SnapshotRepository(SqliteConnectionFactory connections) => _connections = connections;

    /// <summary>Inserts or replaces every snapshot in one transaction; returns how many were written.</summary>
    /// <remarks>
    /// One prepared command for the whole batch, its parameters (named with their <c>@</c> prefix, so SQLite finds
    /// them at the first lookup) re-bound per row. Running the statement through Dapper created a row object and a
    /// full parameter set per row and retried every unprefixed name under three prefixes: about 10 KB of garbage per
    /// row, 20 MB per flush of 2000 instruments, enough to push the GC's gen0 budget up on its own.
    /// </remarks>
    public async Task<int> UpsertManyAsync(IReadOnlyCollection<MarketSnapshot> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return 0;
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var p = command.Parameters;
        var segment = p.Add("@Segment", SqliteType.Text);
        var securityId = p.Add("@SecurityId", SqliteType.Integer);
        var ltp = p.Add("@Ltp", SqliteType.Real);
        var ltq = p.Add("@Ltq", SqliteType.Integer);
        var ltt = p.Add("@Ltt", SqliteType.Integer);
        var atp = p.Add("@Atp", SqliteType.Real);
        var volume = p.Add("@Volume", SqliteType.Integer);
        var totalSellQuantity = p.Add("@TotalSellQuantity", SqliteType.Integer);
        var totalBuyQuantity = p.Add("@TotalBuyQuantity", SqliteType.Integer);
        var open = p.Add("@Open", SqliteType.Real);
        var close = p.Add("@Close", SqliteType.Real);
        var high = p.Add("@High", SqliteType.Real);
        var low = p.Add("@Low", SqliteType.Real);
        var openInterest = p.Add("@OpenInterest", SqliteType.Integer);
        var oiDayHigh = p.Add("@OiDayHigh", SqliteType.Integer);
        var oiDayLow = p.Add("@OiDayLow", SqliteType.Integer);
        var prevClose = p.Add("@PrevClose", SqliteType.Real);
        var prevOpenInterest = p.Add("@PrevOpenInterest", SqliteType.Integer);
        var depth = p.Add("@Depth", SqliteType.Blob);
        var richestMode = p.Add("@RichestMode", SqliteType.Integer);
        var receivedAt = p.Add("@ReceivedAt", SqliteType.Integer);

        // SQLite copies a bound blob, so one buffer serves every row.
        var depthBytes = new byte[DepthBytes];
        depth.Value = depthBytes;
        foreach (var s in snapshots)
        {
            for (var i = 0; i < Depth5.Count; i++)
            {
                s.Depth[i].Write(depthBytes.AsSpan(i * DepthLevel.Size, DepthLevel.Size));
            }

            // Widened exactly as SnapshotRow stores them, so LoadAllAsync reads back what was written.
            segment.Value = ExchangeSegments.Name(s.Instrument.Segment);
            securityId.Value = (long)s.Instrument.SecurityId;
            ltp.Value = (double)s.Ltp;
            ltq.Value = (long)s.Ltq;
            ltt.Value = (long)s.Ltt;
            atp.Value = (double)s.Atp;
            volume.Value = (long)s.Volume;
            totalSellQuantity.Value = (long)s.TotalSellQuantity;
            totalBuyQuantity.Value = (long)s.TotalBuyQuantity;
            open.Value = (double)s.Open;
            close.Value = (double)s.Close;
            high.Value = (double)s.High;
            low.Value = (double)s.Low;
            openInterest.Value = (long)s.OpenInterest;
            oiDayHigh.Value = (long)s.OiDayHigh;
            oiDayLow.Value = (long)s.OiDayLow;
            prevClose.Value = (double)s.PrevClose;
            prevOpenInterest.Value = (long)s.PrevOpenInterest;
            richestMode.Value = (long)s.RichestMode;
            receivedAt.Value = s.ReceivedAt;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return snapshots.Count;
    }

    /// <summary>Loads every persisted snapshot; rows with an unknown segment (a newer build's data) are skipped.</summary>
    public async Task<IReadOnlyList<MarketSnapshot>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SnapshotRow>(new CommandDefinition(SelectAllSql, cancellationToken: cancellationToken));
        var snapshots = new List<MarketSnapshot>();
        foreach (var row in rows)
        {
            if (row.TryToSnapshot(out var snapshot))
            {
                snapshots.Add(snapshot);
            }
        }

        return snapshots;
    }

    /// <summary>How many instruments have a persisted snapshot.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, cancellationToken: cancellationToken));
    }

    /// <summary>One table row as loaded; wire-width integers widened to what SQLite stores.</summary>
    private sealed class SnapshotRow
    {
        public string Segment { get; set; } = "";
        public long SecurityId { get; set; }
        public double Ltp { get; set; }
        public long Ltq { get; set; }
        public long Ltt { get; set; }
        public double Atp { get; set; }
        public long Volume { get; set; }
        public long TotalSellQuantity { get; set; }
        public long TotalBuyQuantity { get; set; }
        public double Open { get; set; }
        public double Close { get; set; }
        public double High { get; set; }
        public double Low { get; set; }
        public long OpenInterest { get; set; }
        public long OiDayHigh { get; set; }
        public long OiDayLow { get; set; }
        public double PrevClose { get; set; }
        public long PrevOpenInterest { get; set; }
        public byte[] Depth { get; set; } = [];
        public long RichestMode { get; set; }
        public long ReceivedAt { get; set; }

        public bool TryToSnapshot(out MarketSnapshot s)
        {
            s = default;
            if (!ExchangeSegments.TryParse(Segment, out var segment) || SecurityId is <= 0 or > uint.MaxValue)
            {
                return false;
            }

            // Values were written from the wire widths, so the narrowing casts are exact.
            s.Instrument = new InstrumentKey(segment, (uint)SecurityId);
            s.Ltp = (float)Ltp;
            s.Ltq = (ushort)Ltq;
            s.Ltt = (uint)Ltt;
            s.Atp = (float)Atp;
            s.Volume = (uint)Volume;
            s.TotalSellQuantity = (uint)TotalSellQuantity;
            s.TotalBuyQuantity = (uint)TotalBuyQuantity;
            s.Open = (float)Open;
            s.Close = (float)Close;
            s.High = (float)High;
            s.Low = (float)Low;
            s.OpenInterest = (uint)OpenInterest;
            s.OiDayHigh = (uint)OiDayHigh;
            s.OiDayLow = (uint)OiDayLow;
            s.PrevClose = (float)PrevClose;
            s.PrevOpenInterest = (uint)PrevOpenInterest;
            if (Depth.Length == DepthBytes)
            {
                for (var i = 0; i < Depth5.Count; i++)
                {
                    s.Depth[i] = DepthLevel.Read(Depth.AsSpan(i * DepthLevel.Size, DepthLevel.Size));
                }
            }

            s.RichestMode = (FeedMode)RichestMode;
            s.ReceivedAt = ReceivedAt;
            return true;
        }
    }
}
