using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Core.Market;

namespace Relay.Server.Storage;

/// <summary>
/// Keeps the last known market state across restarts: on start it restores every persisted snapshot into the
/// market state store (before hosted services registered after it start), then every
/// <see cref="StorageOptions.SnapshotFlushInterval"/> it saves the snapshots that changed, and on stop it saves
/// once more. A failed save is logged and retried with the next one (the version watermark only moves after a
/// successful save, so nothing changed before a failure is skipped).
/// </summary>
/// <remarks>
/// The changed snapshots are copied into one list kept across flushes: with thousands of instruments a fresh list
/// per flush would be a large-object-heap allocation every interval, and with it a gen2 collection in steady state.
/// </remarks>
internal sealed partial class SnapshotPersistenceService : BackgroundService
{
    private readonly SnapshotRepository _repository;
    private readonly StorageInitializer _initializer;
    private readonly IMarketStateStoreAccess? _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<SnapshotPersistenceService> _logger;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly List<MarketSnapshot> _changed = [];
    private PeriodicTimer? _timer;
    private long _sinceVersion;

    public SnapshotPersistenceService(
        SnapshotRepository repository,
        StorageInitializer initializer,
        IOptions<StorageOptions> options,
        TimeProvider time,
        ILogger<SnapshotPersistenceService> logger,
        IMarketStateStoreAccess? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _repository = repository;
        _initializer = initializer;
        _store = store;
        _time = time;
        _interval = options.Value.SnapshotFlushInterval;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _initializer.InitializeAsync(cancellationToken);
        if (_store is null)
        {
            LogNoStore();
            return;
        }

        var snapshots = await _repository.LoadAllAsync(cancellationToken);
        foreach (var snapshot in snapshots)
        {
            _store.Restore(snapshot);
        }

        LogRestored(snapshots.Count);

        // Created here, not in ExecuteAsync (which runs later on a pool thread), so the period starts now.
        _timer = new PeriodicTimer(_interval, _time);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Saves every snapshot changed since the previous successful flush; returns how many.</summary>
    internal async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return 0;
        }

        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            _changed.Clear();
            var watermark = _store.CopyChangedSince(_sinceVersion, _changed);
            var saved = await _repository.UpsertManyAsync(_changed, cancellationToken);
            _sinceVersion = watermark;
            if (saved > 0)
            {
                LogSaved(saved);
            }

            return saved;
        }
        finally
        {
            _changed.Clear();
            _flushGate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = _timer!;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSaveFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync saves once more.
        }
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "No market state store is registered (IMarketStateStoreAccess); market snapshots are not persisted")]
    private partial void LogNoStore();

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "Restored {Count} persisted market snapshots")]
    private partial void LogRestored(int count);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Debug, Message = "Saved {Count} changed market snapshots")]
    private partial void LogSaved(int count);

    [LoggerMessage(EventId = 5123, Level = LogLevel.Warning, Message = "Saving market snapshots failed; retrying with the next flush")]
    private partial void LogSaveFailed(Exception exception);
}
