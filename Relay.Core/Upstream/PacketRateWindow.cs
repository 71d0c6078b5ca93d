namespace Relay.Core.Upstream;

/// <summary>
/// Packets per second averaged over the last <see cref="Seconds"/> completed seconds, from per-second
/// buckets. Updated once per frame (not per packet) under a tiny lock.
/// </summary>
internal sealed class PacketRateWindow
{
    /// <summary>Width of the averaging window, in whole seconds.</summary>
    public const int Seconds = 5;

    // One bucket more than the window: the current (incomplete) second is never averaged.
    private readonly long[] _second = new long[Seconds + 1];
    private readonly long[] _count = new long[Seconds + 1];
    private readonly Lock _lock = new();

    /// <summary>Adds <paramref name="packets"/> at <paramref name="nowUnixMs"/>.</summary>
    public void Add(long packets, long nowUnixMs)
    {
        var second = nowUnixMs / 1000;
        var i = (int)(second % _second.Length);
        lock (_lock)
        {
            if (_second[i] != second)
            {
                _second[i] = second;
                _count[i] = 0;
            }

            _count[i] += packets;
        }
    }

    /// <summary>The average over the <see cref="Seconds"/> seconds before the current one.</summary>
    public double PerSecond(long nowUnixMs)
    {
        var current = nowUnixMs / 1000;
        long sum = 0;
        lock (_lock)
        {
            for (var i = 0; i < _second.Length; i++)
            {
                if (_second[i] < current && _second[i] >= current - Seconds)
                {
                    sum += _count[i];
                }
            }
        }

        return sum / (double)Seconds;
    }
}
