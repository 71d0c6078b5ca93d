using System.Numerics;

namespace Relay.Bench.Load;

/// <summary>
/// A log-linear latency histogram in microseconds (the HdrHistogram layout with 64 sub-buckets per power of two):
/// exact below 128 µs, at most 1/64 (1.6 %) relative error above, up to 2^40 µs. Not thread-safe: one per
/// connection, merged for the report.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Sub-buckets per power of two above the linear range.</summary>
    private const int SubBuckets = 64;

    /// <summary>Bucket count: 128 linear, then 64 per power of two from 2^7 to 2^40.</summary>
    internal const int BucketCount = (2 * SubBuckets) + ((40 - 7) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Largest value recorded, µs.</summary>
    public long Max { get; private set; }

    /// <summary>Sum of values, µs (for the mean).</summary>
    public long Sum { get; private set; }

    /// <summary>Records one latency; negative values (clock noise) count as 0, huge ones are clamped.</summary>
    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, (1L << 40) - 1);
        _counts[BucketOf(value)]++;
        Count++;
        Sum += value;
        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100), µs: the upper edge of its bucket, never above <see cref="Max"/>.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), Max);
            }
        }

        return Max;
    }

    /// <summary>Sparse form for JSON: pairs of (bucket, count) for non-empty buckets.</summary>
    public long[] ToSparse()
    {
        var list = new List<long>();
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] != 0)
            {
                list.Add(i);
                list.Add(_counts[i]);
            }
        }

        return [.. list];
    }

    /// <summary>Rebuilds a histogram from <see cref="ToSparse"/> plus its max and sum.</summary>
    public static LatencyHistogram FromSparse(long[] sparse, long max, long sum)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        var histogram = new LatencyHistogram { Max = max, Sum = sum };
        for (var i = 0; i + 1 < sparse.Length; i += 2)
        {
            histogram._counts[sparse[i]] += sparse[i + 1];
            histogram.Count += sparse[i + 1];
        }

        return histogram;
    }

    internal static int BucketOf(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        // value in [2^e, 2^(e+1)), e >= 7: 64 sub-buckets of width 2^(e-6).
        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = exponent - 6;
        var sub = (int)(value >> shift) - SubBuckets;
        return (2 * SubBuckets) + ((exponent - 7) * SubBuckets) + sub;
    }

    internal static long UpperEdge(int bucket)
    {
        if (bucket < 2 * SubBuckets)
        {
            return bucket;
        }

        var exponent = ((bucket - (2 * SubBuckets)) / SubBuckets) + 7;
        var sub = (bucket - (2 * SubBuckets)) % SubBuckets;
        var shift = exponent - 6;
        return ((long)(SubBuckets + sub + 1) << shift) - 1;
    }
}
