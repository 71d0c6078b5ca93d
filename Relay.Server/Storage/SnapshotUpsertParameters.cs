using Microsoft.Data.Sqlite;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;

namespace Relay.Server.Storage;

/// <summary>
/// The parameters of <see cref="SnapshotRepository"/>'s upsert, created once per flush and re-valued per row (the
/// column widths and conversions are those <see cref="SnapshotRepository"/> reads back).
/// </summary>
internal sealed class SnapshotUpsertParameters
{
    private readonly SqliteParameter _segment;
    private readonly SqliteParameter _securityId;
    private readonly SqliteParameter _ltp;
    private readonly SqliteParameter _ltq;
    private readonly SqliteParameter _ltt;
    private readonly SqliteParameter _atp;
    private readonly SqliteParameter _volume;
    private readonly SqliteParameter _totalSellQuantity;
    private readonly SqliteParameter _totalBuyQuantity;
    private readonly SqliteParameter _open;
    private readonly SqliteParameter _close;
    private readonly SqliteParameter _high;
    private readonly SqliteParameter _low;
    private readonly SqliteParameter _openInterest;
    private readonly SqliteParameter _oiDayHigh;
    private readonly SqliteParameter _oiDayLow;
    private readonly SqliteParameter _prevClose;
    private readonly SqliteParameter _prevOpenInterest;
    private readonly SqliteParameter _depth;
    private readonly SqliteParameter _richestMode;
    private readonly SqliteParameter _receivedAt;

    private SnapshotUpsertParameters(SqliteCommand command)
    {
        _segment = Add(command, "@Segment", SqliteType.Text);
        _securityId = Add(command, "@SecurityId", SqliteType.Integer);
        _ltp = Add(command, "@Ltp", SqliteType.Real);
        _ltq = Add(command, "@Ltq", SqliteType.Integer);
        _ltt = Add(command, "@Ltt", SqliteType.Integer);
        _atp = Add(command, "@Atp", SqliteType.Real);
        _volume = Add(command, "@Volume", SqliteType.Integer);
        _totalSellQuantity = Add(command, "@TotalSellQuantity", SqliteType.Integer);
        _totalBuyQuantity = Add(command, "@TotalBuyQuantity", SqliteType.Integer);
        _open = Add(command, "@Open", SqliteType.Real);
        _close = Add(command, "@Close", SqliteType.Real);
        _high = Add(command, "@High", SqliteType.Real);
        _low = Add(command, "@Low", SqliteType.Real);
        _openInterest = Add(command, "@OpenInterest", SqliteType.Integer);
        _oiDayHigh = Add(command, "@OiDayHigh", SqliteType.Integer);
        _oiDayLow = Add(command, "@OiDayLow", SqliteType.Integer);
        _prevClose = Add(command, "@PrevClose", SqliteType.Real);
        _prevOpenInterest = Add(command, "@PrevOpenInterest", SqliteType.Integer);
        _depth = Add(command, "@Depth", SqliteType.Blob);
        _richestMode = Add(command, "@RichestMode", SqliteType.Integer);
        _receivedAt = Add(command, "@ReceivedAt", SqliteType.Integer);
    }

    /// <summary>Adds the parameters to <paramref name="command"/>.</summary>
    public static SnapshotUpsertParameters AddTo(SqliteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new SnapshotUpsertParameters(command);
    }

    /// <summary>Sets every parameter from <paramref name="s"/>; the depth levels are written into <paramref name="depth"/>.</summary>
    public void Set(in MarketSnapshot s, byte[] depth)
    {
        for (var i = 0; i < Depth5.Count; i++)
        {
            s.Depth[i].Write(depth.AsSpan(i * DepthLevel.Size, DepthLevel.Size));
        }

        _segment.Value = ExchangeSegments.Name(s.Instrument.Segment);
        _securityId.Value = (long)s.Instrument.SecurityId;
        _ltp.Value = (double)s.Ltp;
        _ltq.Value = (long)s.Ltq;
        _ltt.Value = (long)s.Ltt;
        _atp.Value = (double)s.Atp;
        _volume.Value = (long)s.Volume;
        _totalSellQuantity.Value = (long)s.TotalSellQuantity;
        _totalBuyQuantity.Value = (long)s.TotalBuyQuantity;
        _open.Value = (double)s.Open;
        _close.Value = (double)s.Close;
        _high.Value = (double)s.High;
        _low.Value = (double)s.Low;
        _openInterest.Value = (long)s.OpenInterest;
        _oiDayHigh.Value = (long)s.OiDayHigh;
        _oiDayLow.Value = (long)s.OiDayLow;
        _prevClose.Value = (double)s.PrevClose;
        _prevOpenInterest.Value = (long)s.PrevOpenInterest;
        _depth.Value = depth;
        _richestMode.Value = (long)s.RichestMode;
        _receivedAt.Value = s.ReceivedAt;
    }

    private static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
        command.Parameters.Add(new SqliteParameter(name, type));
}
