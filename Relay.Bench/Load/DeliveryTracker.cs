namespace Relay.Bench.Load;

/// <summary>
/// One client's accounting of the ticks it should get and got: per measurement window, deliveries received (with their
/// end-to-end latency), ticks skipped because a newer one of the same instrument arrived instead (conflated), ticks
/// never followed by any delivery (lost), and anomalies. Relies on the bench simulator's strictly increasing prices:
/// price in ticks identifies a send, and consecutive sends of an instrument differ by exactly one tick.
/// </summary>
/// <remarks>Not thread-safe: called from the connection's receive loop only (and <see cref="Finish"/> after it ended).</remarks>
internal sealed class DeliveryTracker
{
    /// <summary>Prices are on a ₹0.05 grid: ticks = price × 20.</summary>
    private const double TicksPerRupee = 20;

    private readonly SendLedger _ledger;
    private readonly int[] _instruments;
    private readonly long _firstSecurityId;
    private readonly long[] _last;
    private readonly double _microsecondsPerTimestamp;
    private int _seen;

    /// <summary>Creates a tracker for the sorted ledger indices <paramref name="instruments"/>.</summary>
    public DeliveryTracker(SendLedger ledger, int[] instruments, long firstSecurityId)
    {
        _ledger = ledger;
        _instruments = instruments;
        _firstSecurityId = firstSecurityId;
        _last = new long[instruments.Length];
        Array.Fill(_last, -1);
        _microsecondsPerTimestamp = 1_000_000.0 / TimeProvider.System.TimestampFrequency;
        for (var w = 0; w < Windows.Length; w++)
        {
            Windows[w] = new WindowCounts();
        }
    }

    /// <summary>Counts per window (index 0 = warm-up and drain, 1.. = measured windows).</summary>
    public WindowCounts[] Windows { get; } = new WindowCounts[SendLedger.MaxWindows + 1];

    /// <summary>True once at least one Tick of every instrument arrived.</summary>
    public bool Complete => _seen == _instruments.Length;

    /// <summary>Ticks of instruments this client did not subscribe to (should be 0).</summary>
    public long Foreign { get; private set; }

    /// <summary>
    /// Accounts one decoded Tick received at <paramref name="receivedAt"/>. Returns true when this delivery made the
    /// tracker <see cref="Complete"/>.
    /// </summary>
    public bool OnTick(long securityId, double ltp, long receivedAt)
    {
        var index = securityId - _firstSecurityId;
        var slot = index is >= 0 and <= int.MaxValue ? Array.BinarySearch(_instruments, (int)index) : -1;
        if (slot < 0)
        {
            Foreign++;
            return false;
        }

        var ticks = (long)Math.Round(ltp * TicksPerRupee);
        var last = _last[slot];
        var becameComplete = false;
        if (last < 0)
        {
            _seen++;
            becameComplete = Complete;

            // Sends of a measured window before the first delivery were superseded by this one.
            CountSkipped((int)index, _ledger.FirstEver((int)index) - 1, ticks);
        }
        else if (ticks == last)
        {
            ClassifyWindow((int)index, ticks).Duplicates++;
            return false;
        }
        else if (ticks < last)
        {
            ClassifyWindow((int)index, ticks).Reordered++;
            return false;
        }
        else if (ticks > last + 1)
        {
            CountSkipped((int)index, last, ticks);
        }

        _last[slot] = ticks;
        if (_ledger.TryGetSend((int)index, ticks, out var sentAt, out var window))
        {
            var counts = Windows[window <= SendLedger.MaxWindows ? window : 0];
            counts.Received++;
            counts.Latency.Record((long)((receivedAt - sentAt) * _microsecondsPerTimestamp));
        }
        else
        {
            var counts = ClassifyWindow((int)index, ticks);
            counts.Received++;
            counts.Unmatched++;
        }

        return becameComplete;
    }

    /// <summary>After the run: ticks of each window sent after this client's last delivery are lost; fills the expected counts.</summary>
    public void Finish()
    {
        for (var slot = 0; slot < _instruments.Length; slot++)
        {
            var index = _instruments[slot];
            var last = _last[slot] >= 0 ? _last[slot] : _ledger.FirstEver(index) - 1;
            for (var w = 1; w <= SendLedger.MaxWindows; w++)
            {
                var (first, end) = _ledger.WindowRange(index, w);
                if (first < 0)
                {
                    continue;
                }

                Windows[w].Expected += end - first + 1;
                var from = Math.Max(first, last + 1);
                if (end >= from)
                {
                    Windows[w].Lost += end - from + 1;
                }
            }
        }
    }

    // Ticks strictly between `after` and `before` were skipped: count them per measured window.
    private void CountSkipped(int index, long after, long before)
    {
        for (var w = 1; w <= SendLedger.MaxWindows; w++)
        {
            var (first, end) = _ledger.WindowRange(index, w);
            if (first < 0)
            {
                continue;
            }

            var from = Math.Max(first, after + 1);
            var to = Math.Min(end, before - 1);
            if (to >= from)
            {
                Windows[w].Conflated += to - from + 1;
            }
        }
    }

    private WindowCounts ClassifyWindow(int index, long ticks)
    {
        for (var w = 1; w <= SendLedger.MaxWindows; w++)
        {
            var (first, end) = _ledger.WindowRange(index, w);
            if (first >= 0 && ticks >= first && ticks <= end)
            {
                return Windows[w];
            }
        }

        return Windows[0];
    }
}
