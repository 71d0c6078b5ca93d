using Dapper;
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
    /// Runs every flush interval with every changed instrument (thousands of rows), so it uses one prepared command
    /// whose parameters are created once and only re-valued per row, and one depth buffer (SQLite copies bound blobs),
    /// instead of Dapper's per-row parameter objects: a few hundred bytes per row instead of a few kilobytes.
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
        var p = SnapshotUpsertParameters.AddTo(command);
        command.Prepare();
        var depth = new byte[DepthBytes];
        foreach (var snapshot in snapshots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            p.Set(in snapshot, depth);
            command.ExecuteNonQuery();
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

    /// <summary>One table row; wire-width integers widened to what SQLite stores.</summary>
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
