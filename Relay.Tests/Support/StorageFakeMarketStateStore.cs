using System.Collections.Concurrent;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Core.Protocol;
using Relay.Server.Storage;

namespace Relay.Tests.Support;

/// <summary>An in-memory market state standing in for Relay.Core's store in storage tests.</summary>
internal sealed class StorageFakeMarketStateStore : IMarketStateStoreAccess
{
    private readonly ConcurrentDictionary<InstrumentKey, MarketSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<InstrumentKey, long> _versions = new();
    private long _version;

    public IReadOnlyDictionary<InstrumentKey, MarketSnapshot> Snapshots => _snapshots;

    public int RestoreCalls { get; private set; }

    public void Restore(in MarketSnapshot snapshot)
    {
        RestoreCalls++;
        _snapshots[snapshot.Instrument] = snapshot;
        _versions[snapshot.Instrument] = 0;
    }

    public long CopyChangedSince(long sinceVersion, ICollection<MarketSnapshot> destination)
    {
        var watermark = Interlocked.Read(ref _version);
        foreach (var (key, version) in _versions)
        {
            if (version > sinceVersion)
            {
                destination.Add(_snapshots[key]);
            }
        }

        return watermark;
    }

    /// <summary>What the upstream would do on a packet.</summary>
    public void Update(in MarketSnapshot snapshot)
    {
        _snapshots[snapshot.Instrument] = snapshot;
        _versions[snapshot.Instrument] = Interlocked.Increment(ref _version);
    }

    /// <summary>A snapshot with every field set to a distinct value derived from <paramref name="seed"/>.</summary>
    public static MarketSnapshot Sample(InstrumentKey key, int seed, long receivedAt)
    {
        var s = new MarketSnapshot
        {
            Instrument = key,
            Ltp = 100.25f + seed,
            Ltq = (ushort)(10 + seed),
            Ltt = 1_760_000_000u + (uint)seed,
            Atp = 99.75f + seed,
            Volume = 1_000_000u + (uint)seed,
            TotalSellQuantity = 5_000u + (uint)seed,
            TotalBuyQuantity = 6_000u + (uint)seed,
            Open = 98.5f + seed,
            Close = 97.125f + seed,
            High = 101.5f + seed,
            Low = 96.05f + seed,
            OpenInterest = 70_000u + (uint)seed,
            OiDayHigh = 71_000u + (uint)seed,
            OiDayLow = 69_000u + (uint)seed,
            PrevClose = 97.3f + seed,
            PrevOpenInterest = 68_000u + (uint)seed,
            RichestMode = FeedMode.Full,
            ReceivedAt = receivedAt,
        };
        for (var i = 0; i < Depth5.Count; i++)
        {
            s.Depth[i] = new DepthLevel((uint)(100 * i + seed), (uint)(200 * i + seed), (ushort)(i + 1), (ushort)(i + 2), 100.05f - i + seed, 100.1f + i + seed);
        }

        return s;
    }
}
