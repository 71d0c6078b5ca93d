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
    public async Task<int> UpsertManyAsync(IReadOnlyCollection<MarketSnapshot> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return 0;
        }

        var rows = new List<SnapshotRow>(snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            rows.Add(SnapshotRow.From(snapshot));
        }

        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        // Dapper runs the statement once per row on one reused command.
        await connection.ExecuteAsync(new CommandDefinition(UpsertSql, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
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

        public static SnapshotRow From(in MarketSnapshot s)
        {
            var depth = new byte[DepthBytes];
            for (var i = 0; i < Depth5.Count; i++)
            {
                s.Depth[i].Write(depth.AsSpan(i * DepthLevel.Size, DepthLevel.Size));
            }

            return new SnapshotRow
            {
                Segment = ExchangeSegments.Name(s.Instrument.Segment),
                SecurityId = s.Instrument.SecurityId,
                Ltp = s.Ltp,
                Ltq = s.Ltq,
                Ltt = s.Ltt,
                Atp = s.Atp,
                Volume = s.Volume,
                TotalSellQuantity = s.TotalSellQuantity,
                TotalBuyQuantity = s.TotalBuyQuantity,
                Open = s.Open,
                Close = s.Close,
                High = s.High,
                Low = s.Low,
                OpenInterest = s.OpenInterest,
                OiDayHigh = s.OiDayHigh,
                OiDayLow = s.OiDayLow,
                PrevClose = s.PrevClose,
                PrevOpenInterest = s.PrevOpenInterest,
                Depth = depth,
                RichestMode = (long)s.RichestMode,
                ReceivedAt = s.ReceivedAt,
            };
        }

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
