using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Contracts;
using Relay.Core.Market;
using Relay.Server.Instruments;

namespace Relay.Server.Trading;

/// <summary>
/// Fills resting paper orders as prices move. As an <see cref="IMarketUpdateSink"/> (attached at start to the engine's
/// <see cref="MarketUpdateFanout"/>, which the upstream receive loop calls) it only marks an instrument with resting orders dirty and wakes its
/// loop: no I/O, no allocation beyond the dirty set, never blocks or throws. The loop reads each dirty instrument's
/// last price and hands crossed orders to <see cref="PaperBroker.OnPriceAsync"/>. Notifications conflate: the
/// newest price is what counts. Every <see cref="TradingOptions.FillSweepInterval"/> it also checks every resting
/// order, in case a notification never came. At start it loads the open orders and open positions from the
/// database (so a restart keeps them working) and holds their instruments upstream.
/// </summary>
internal sealed partial class PaperFillEngine : BackgroundService, IMarketUpdateSink
{
    private readonly PaperTradingStore _store;
    private readonly PaperOrderBook _book;
    private readonly PaperMarketInterest _interest;
    private readonly IServiceProvider _services;
    private readonly IMarketStateReader _market;
    private readonly InstrumentSearch _instruments;
    private readonly TradingBrokerSelection _selection;
    private readonly IOptions<TradingOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PaperFillEngine> _logger;
    private readonly ConcurrentDictionary<InstrumentKey, byte> _dirty = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        // One pending wake-up is enough: the loop drains the whole dirty set each time.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly MarketUpdateFanout? _fanout;
    private IDisposable? _attachment;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _passes;
    private long _fills;

    public PaperFillEngine(
        PaperTradingStore store,
        PaperOrderBook book,
        PaperMarketInterest interest,
        IServiceProvider services,
        IMarketStateReader market,
        InstrumentSearch instruments,
        TradingBrokerSelection selection,
        IOptions<TradingOptions> options,
        TimeProvider time,
        ILogger<PaperFillEngine> logger,
        MarketUpdateFanout? fanout = null)
    {
        _fanout = fanout;
        _store = store;
        _book = book;
        _interest = interest;
        _services = services;
        _market = market;
        _instruments = instruments;
        _selection = selection;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the open orders and positions were loaded (or the broker is not the paper broker).</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>How many times the loop has checked the dirty instruments.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>How many orders it triggered, filled or rejected.</summary>
    public long Fills => Interlocked.Read(ref _fills);

    /// <inheritdoc />
    public void OnUpdated(InstrumentKey instrument, MarketUpdateKind kind)
    {
        if (kind is MarketUpdateKind.Ticker or MarketUpdateKind.Quote or MarketUpdateKind.Full && _book.Contains(instrument))
        {
            _dirty.TryAdd(instrument, 0);
            _wake.Writer.TryWrite(true);
        }
    }

    /// <summary>Attaches to the engine's update fan-out (when the paper broker serves orders and the engine is registered).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_selection.Broker == TradingBroker.Paper)
        {
            _attachment = _fanout?.Attach(this);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _attachment?.Dispose();
        _attachment = null;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_selection.Broker != TradingBroker.Paper)
        {
            _loaded.TrySetResult();
            return;
        }

        try
        {
            await LoadAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loaded.TrySetException(ex);
            throw;
        }

        _loaded.TrySetResult();
        var broker = _services.GetRequiredService<PaperBroker>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sweep = !await WaitForWorkAsync(stoppingToken);
            if (sweep)
            {
                foreach (var instrument in _book.Instruments)
                {
                    _dirty.TryAdd(instrument, 0);
                }
            }

            Interlocked.Increment(ref _passes);
            foreach (var instrument in _dirty.Keys)
            {
                if (_dirty.TryRemove(instrument, out _))
                {
                    await CheckAsync(broker, instrument, stoppingToken);
                }
            }
        }
    }

    /// <summary>Marks every instrument with resting orders dirty and wakes the loop (tests; after a bulk price change).</summary>
    public void CheckAll()
    {
        foreach (var instrument in _book.Instruments)
        {
            _dirty.TryAdd(instrument, 0);
        }

        _wake.Writer.TryWrite(true);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var orders = await _store.ListOpenOrdersAsync(cancellationToken);
        foreach (var order in orders)
        {
            var tick = (await _instruments.GetAsync(order.Instrument, cancellationToken))?.TickSize is > 0 and var size ? size : TickGrid.DefaultTick;
            _book.Upsert(RestingOrder.From(order, tick));
            _dirty.TryAdd(order.Instrument, 0);
        }

        var positions = await _store.ListOpenPositionsAsync(cancellationToken);
        foreach (var position in positions)
        {
            _interest.Add(position.Instrument);
        }

        LogLoaded(orders.Count, positions.Count);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>True when woken by a notification, false when the sweep interval passed.</summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.Value.FillSweepInterval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(linked.Token);
            _wake.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task CheckAsync(PaperBroker broker, InstrumentKey instrument, CancellationToken cancellationToken)
    {
        var orders = _book.Snapshot(instrument);
        if (orders.Length == 0 || !_market.TryGet(instrument, out var snapshot))
        {
            return;
        }

        foreach (var order in orders)
        {
            if (TickGrid.FromWire(snapshot.Ltp, order.TickSize) is not { } price)
            {
                continue;
            }

            var ltp = Money.ToUnits(price);
            if (PaperMath.Evaluate(order.Side, order.Type, order.Price, order.TriggerPrice, order.Triggered, ltp).Kind == RestingActionKind.None)
            {
                continue;
            }

            try
            {
                await broker.OnPriceAsync(order, ltp, cancellationToken);
                Interlocked.Increment(ref _fills);
                LogActed(order.OrderId, instrument, price);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep the loop alive; the next price or sweep tries again.
                LogFillFailed(ex, order.OrderId);
            }
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Information, Message = "Paper fill engine loaded {Orders} open orders and {Positions} open positions")]
    private partial void LogLoaded(int orders, int positions);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Debug, Message = "Paper order {OrderId} acted on {Instrument} at {Price}")]
    private partial void LogActed(long orderId, InstrumentKey instrument, decimal price);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Error, Message = "Paper order {OrderId} could not be filled; retrying on the next price")]
    private partial void LogFillFailed(Exception exception, long orderId);
}
