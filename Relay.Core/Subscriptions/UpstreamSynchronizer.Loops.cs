namespace Relay.Core.Subscriptions;

/// <summary>The background loops: coalescing flushes and periodic reconciliation.</summary>
internal sealed partial class UpstreamSynchronizer
{
    private async Task RunFlushLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                // The first change opens the window; everything that arrives before it closes goes in one flush.
                if (_coalesceWindow > TimeSpan.Zero)
                {
                    await Task.Delay(_coalesceWindow, _timeProvider, stoppingToken);
                }

                while (_wake.Reader.TryRead(out _))
                {
                }

                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogLoopFailed("flush", ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunReconcileLoopAsync(CancellationToken stoppingToken)
    {
        if (_reconcileInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(_reconcileInterval, _timeProvider);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogLoopFailed("reconciliation", ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
