using System.Collections.Immutable;
using Relay.Core.Contracts;

namespace Relay.Client.Internal;

/// <summary>The open <see cref="MarketUpdateStream"/>s; publishing reads immutable arrays without a lock.</summary>
internal sealed class StreamRegistry
{
    private readonly Lock _gate = new();
    private MarketUpdateStream[] _all = [];
    private ImmutableDictionary<InstrumentKey, MarketUpdateStream[]> _byInstrument =
        ImmutableDictionary<InstrumentKey, MarketUpdateStream[]>.Empty;

    /// <summary>Number of open streams.</summary>
    public int Count
    {
        get
        {
            var byInstrument = Volatile.Read(ref _byInstrument);
            return Volatile.Read(ref _all).Length + byInstrument.Values.Sum(a => a.Length);
        }
    }

    public void Add(MarketUpdateStream stream)
    {
        lock (_gate)
        {
            if (stream.Instrument is { } instrument)
            {
                var list = _byInstrument.TryGetValue(instrument, out var existing) ? existing : [];
                Volatile.Write(ref _byInstrument, _byInstrument.SetItem(instrument, [.. list, stream]));
            }
            else
            {
                Volatile.Write(ref _all, [.. _all, stream]);
            }
        }
    }

    public void Remove(MarketUpdateStream stream)
    {
        lock (_gate)
        {
            if (stream.Instrument is { } instrument)
            {
                if (_byInstrument.TryGetValue(instrument, out var list))
                {
                    list = [.. list.Where(s => s != stream)];
                    Volatile.Write(ref _byInstrument, list.Length == 0 ? _byInstrument.Remove(instrument) : _byInstrument.SetItem(instrument, list));
                }
            }
            else
            {
                Volatile.Write(ref _all, [.. _all.Where(s => s != stream)]);
            }
        }
    }

    public void Publish(MarketUpdate update)
    {
        foreach (var stream in Volatile.Read(ref _all))
        {
            stream.Offer(update);
        }

        if (Volatile.Read(ref _byInstrument).TryGetValue(update.Instrument, out var list))
        {
            foreach (var stream in list)
            {
                stream.Offer(update);
            }
        }
    }

    /// <summary>Ends every stream; consumers still read what is waiting.</summary>
    public void CompleteAll()
    {
        MarketUpdateStream[] all;
        ImmutableDictionary<InstrumentKey, MarketUpdateStream[]> byInstrument;
        lock (_gate)
        {
            all = _all;
            byInstrument = _byInstrument;
        }

        foreach (var stream in all.Concat(byInstrument.Values.SelectMany(a => a)))
        {
            stream.Close(discard: false);
        }
    }
}
