using Relay.Core.Contracts;
using Relay.Core.Protocol;

namespace Relay.Core.Simulator;

/// <summary>
/// The simulated market of one instrument, shared by every socket subscribed to it: a seeded random walk on the
/// instrument's tick grid with consistent day OHLC, volume, ATP, OI and a 5-level book (bids below LTP, asks above).
/// </summary>
/// <remarks>
/// The walk's random source is seeded from the simulator seed and the instrument only, and is advanced only by this
/// instrument's ticks, so the n-th price of an instrument is the same on every run with the same seed.
/// Prices are kept as whole ticks; the float32 sent is the one nearest the grid value.
/// </remarks>
internal sealed class SimulatedInstrumentState
{
    // Per-trade standard deviation as a fraction of the price (0.02 %: about 1.7 % an hour at 2 ticks/s).
    private const double Volatility = 0.0002;

    // Pull back towards the previous close per trade, as a fraction of the distance; keeps a long demo plausible.
    private const double MeanReversion = 0.002;

    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly double _tick;
    private readonly long _prevCloseTicks;
    private readonly long _floorTicks;
    private readonly long _ceilingTicks;
    private readonly double _sigmaTicks;
    private readonly uint _prevOi;
    private readonly uint _bookUnit;
    private readonly bool _monotonic;
    private bool _started;
    private long _ltpTicks;
    private long _openTicks;
    private long _highTicks;
    private long _lowTicks;
    private uint _volume;
    private double _turnover;
    private uint _totalBuy;
    private uint _totalSell;
    private uint _oi;
    private uint _oiHigh;
    private uint _oiLow;

    public SimulatedInstrumentState(SimulatorInstrument instrument, int seed, int rank, bool monotonicPrices = false)
    {
        _monotonic = monotonicPrices;
        Instrument = instrument;
        Rank = rank;
        _random = new Random(SimulatorInstrumentCatalog.Mix(seed, instrument.Key));
        _tick = (double)instrument.TickSize;
        _prevCloseTicks = Math.Max(1, (long)Math.Round(instrument.ReferencePrice / instrument.TickSize));
        _floorTicks = Math.Max(1, (long)(_prevCloseTicks * 0.9));
        _ceilingTicks = Math.Max(_floorTicks + 10, (long)(_prevCloseTicks * 1.1));
        _sigmaTicks = Math.Max(0.6, _prevCloseTicks * Volatility);
        _bookUnit = (uint)Math.Clamp(instrument.LotSize, 1, 10_000);
        if (instrument.HasOpenInterest)
        {
            _oi = _bookUnit * (uint)_random.Next(2_000, 40_000);
            _prevOi = (uint)Math.Max(0, _oi + (_bookUnit * (long)_random.Next(-1_500, 1_500)));
            _oiHigh = _oiLow = _oi;
        }

        var bookBase = instrument.IsIndex ? 0 : _bookUnit * (long)_random.Next(20_000, 200_000) / (instrument.LotSize > 1 ? 50 : 1);
        _totalBuy = (uint)bookBase;
        _totalSell = (uint)bookBase;
        PrevClose = Price(_prevCloseTicks);
    }

    /// <summary>The instrument.</summary>
    public SimulatorInstrument Instrument { get; }

    /// <summary>The instrument key.</summary>
    public InstrumentKey Key => Instrument.Key;

    /// <summary>0-based order in which the simulator first saw the instrument (hot instruments are the lowest ranks).</summary>
    public int Rank { get; }

    /// <summary>Previous close (code 6), float32 nearest the grid.</summary>
    public float PrevClose { get; }

    /// <summary>Previous day's open interest (code 6); 0 for cash and indices.</summary>
    public uint PrevOpenInterest => _prevOi;

    /// <summary>Simulates one trade at <paramref name="ltt"/> and returns the state right after it.</summary>
    public void Advance(uint ltt, out SimulatedTick tick)
    {
        lock (_lock)
        {
            if (_monotonic)
            {
                // Bench mode (SimulatorOptions.MonotonicPrices): one tick up per trade, from the previous close.
                _ltpTicks = _started ? _ltpTicks + 1 : _prevCloseTicks;
                _openTicks = _lowTicks = _started ? _openTicks : _prevCloseTicks;
                _highTicks = _ltpTicks;
                _started = true;
            }
            else if (!_started)
            {
                _started = true;
                _openTicks = Clamp(_prevCloseTicks + (long)Math.Round(Gaussian() * _sigmaTicks * 3));
                _ltpTicks = _highTicks = _lowTicks = _openTicks;
            }
            else
            {
                var drift = (_prevCloseTicks - _ltpTicks) * MeanReversion;
                _ltpTicks = Clamp(_ltpTicks + (long)Math.Round((Gaussian() * _sigmaTicks) + drift));
                _highTicks = Math.Max(_highTicks, _ltpTicks);
                _lowTicks = Math.Min(_lowTicks, _ltpTicks);
            }

            tick = default;
            tick.Ltp = Price(_ltpTicks);
            tick.Ltt = ltt;
            tick.Open = Price(_openTicks);
            tick.High = Price(_highTicks);
            tick.Low = Price(_lowTicks);

            // DhanHQ reports the previous close in the day-close field during the session (protocol reference §8 #5).
            tick.Close = PrevClose;
            if (Instrument.IsIndex)
            {
                return;
            }

            var lots = Instrument.LotSize > 1 ? _random.Next(1, 21) : _random.Next(1, 501);
            var ltq = (uint)Math.Min(ushort.MaxValue, lots * (long)_bookUnit);
            tick.Ltq = (ushort)ltq;
            _volume = unchecked(_volume + ltq);
            _turnover += ltq * (_ltpTicks * _tick);
            tick.Volume = _volume;
            tick.Atp = _volume == 0 ? 0 : (float)Math.Round(_turnover / _volume, 2);
            _totalBuy = Wander(_totalBuy);
            _totalSell = Wander(_totalSell);
            tick.TotalBuyQuantity = _totalBuy;
            tick.TotalSellQuantity = _totalSell;
            if (Instrument.HasOpenInterest)
            {
                _oi = (uint)Math.Max(_bookUnit, _oi + (_bookUnit * (long)_random.Next(-20, 21)));
                _oiHigh = Math.Max(_oiHigh, _oi);
                _oiLow = Math.Min(_oiLow, _oi);
                tick.OpenInterest = _oi;
                tick.OiDayHigh = _oiHigh;
                tick.OiDayLow = _oiLow;
            }

            FillDepth(ref tick.Depth);
        }
    }

    private void FillDepth(ref Depth5 depth)
    {
        var bid = _ltpTicks;
        var ask = _ltpTicks;
        var maxLots = Instrument.LotSize > 1 ? 100 : 3_000;
        for (var i = 0; i < Depth5.Count; i++)
        {
            bid -= _random.Next(1, 3);
            ask += _random.Next(1, 3);
            var bidQty = _bookUnit * (uint)_random.Next(1, maxLots + 1);
            var askQty = _bookUnit * (uint)_random.Next(1, maxLots + 1);
            var bidOrders = (ushort)_random.Next(1, (int)Math.Min(40, bidQty / _bookUnit) + 1);
            var askOrders = (ushort)_random.Next(1, (int)Math.Min(40, askQty / _bookUnit) + 1);
            depth[i] = bid >= 1
                ? new DepthLevel(bidQty, askQty, bidOrders, askOrders, Price(bid), Price(ask))
                : new DepthLevel(0, askQty, 0, askOrders, 0, Price(ask));
        }
    }

    private uint Wander(uint value)
    {
        var step = Math.Max(1, (long)(value * 0.02));
        return (uint)Math.Clamp(value + _random.NextInt64(-step, step + 1), _bookUnit, uint.MaxValue / 2);
    }

    private long Clamp(long ticks) => Math.Clamp(ticks, _floorTicks, _ceilingTicks);

    // The double nearest the grid value (rounded to 4 decimals to shed the binary error of ticks * tick), then the nearest float32.
    private float Price(long ticks) => (float)Math.Round(ticks * _tick, 4);

    // Box-Muller; one of the pair is discarded for simplicity.
    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
