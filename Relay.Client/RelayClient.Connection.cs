using Microsoft.AspNetCore.SignalR.Client;

namespace Relay.Client;

public sealed partial class RelayClient
{
    private readonly Lock _backgroundGate = new();
    private Task _restartTask = Task.CompletedTask;
    private Task _reconcileTask = Task.CompletedTask;
    private int _restarts;

    /// <summary>Connections started by the client's own restart loop (not SignalR's automatic reconnect), for tests.</summary>
    internal int Restarts => Volatile.Read(ref _restarts);

    /// <summary>
    /// Connects to the relay, then sends every subscription recorded so far. Makes one attempt: when the relay cannot be
    /// reached it throws and the client stays <see cref="RelayConnectionState.Disconnected"/> (call again to retry).
    /// Once connected, losing the connection is handled by the client (see the class remarks). Does nothing when the
    /// client is already connected, connecting or reconnecting.
    /// </summary>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <exception cref="HttpRequestException">The relay could not be reached or refused the connection (e.g. 401 without a valid token).</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!TryTransition(RelayConnectionState.Disconnected, RelayConnectionState.Connecting))
        {
            return;
        }

        Log.Connecting(_logger, SafeUrl(HubUrl), _options.Protocol);
        try
        {
            await _connection.StartAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            Log.ConnectFailed(_logger, ex);
            TransitionTo(RelayConnectionState.Disconnected, ex);
            throw;
        }

        // The replay runs on the client's lifetime: cancelling this call must not leave the connection half-subscribed.
        var reconcile = StartReconcile(_ledger.BeginConnection());
        await reconcile.WaitAsync(cancellationToken);
    }

    private Task OnReconnectingAsync(Exception? error)
    {
        _ledger.EndConnection();
        Log.ConnectionLost(_logger, error);
        TransitionTo(RelayConnectionState.Reconnecting, error);
        return Task.CompletedTask;
    }

    private Task OnReconnectedAsync(string? connectionId)
    {
        Log.Reconnected(_logger);
        _ = StartReconcile(_ledger.BeginConnection());
        return Task.CompletedTask;
    }

    private Task OnClosedAsync(Exception? error)
    {
        _ledger.EndConnection();
        if (Volatile.Read(ref _disposed) != 0 || _lifetime.IsCancellationRequested)
        {
            TransitionTo(RelayConnectionState.Disconnected, error);
            return Task.CompletedTask;
        }

        Log.ConnectionClosed(_logger, error);
        TransitionTo(RelayConnectionState.Reconnecting, error);
        lock (_backgroundGate)
        {
            // Chained, so a close that happens while a previous restart is finishing is never lost.
            var previous = _restartTask;
            _restartTask = Task.Run(() => RestartAsync(previous, error, _lifetime.Token));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts a new connection after SignalR's own reconnect gave up or the connection closed, with the same retry
    /// policy, until it succeeds, the policy gives up, or the client is disposed.
    /// </summary>
    private async Task RestartAsync(Task previous, Exception? error, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var started = _timeProvider.GetTimestamp();
        for (var retries = 0; !cancellationToken.IsCancellationRequested; retries++)
        {
            var delay = _options.ReconnectPolicy.NextRetryDelay(new RetryContext
            {
                PreviousRetryCount = retries,
                ElapsedTime = _timeProvider.GetElapsedTime(started),
                RetryReason = error,
            });
            if (delay is null)
            {
                Log.RestartGaveUp(_logger, retries);
                TransitionTo(RelayConnectionState.Disconnected, error);
                return;
            }

            try
            {
                if (delay.Value > TimeSpan.Zero)
                {
                    await Task.Delay(delay.Value, _timeProvider, cancellationToken);
                }

                if (_connection.State != HubConnectionState.Disconnected)
                {
                    return; // Started by someone else meanwhile.
                }

                await _connection.StartAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                error = ex;
                Log.RestartFailed(_logger, retries + 1, ex.GetType().Name, ex.Message);
                continue;
            }

            Interlocked.Increment(ref _restarts);
            Log.Restarted(_logger, retries + 1);
            _ = StartReconcile(_ledger.BeginConnection());
            return;
        }
    }

    private Task StartReconcile(int generation)
    {
        lock (_backgroundGate)
        {
            var task = Task.Run(() => ReconcileAsync(generation, _lifetime.Token));
            _reconcileTask = _reconcileTask.IsCompleted ? task : Task.WhenAll(_reconcileTask, task);
            return task;
        }
    }

    private async Task WhenBackgroundWorkDoneAsync()
    {
        Task restart, reconcile;
        lock (_backgroundGate)
        {
            restart = _restartTask;
            reconcile = _reconcileTask;
        }

        await restart.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await reconcile.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private bool TryTransition(RelayConnectionState from, RelayConnectionState to)
    {
        lock (_stateGate)
        {
            if (_state != from)
            {
                return false;
            }

            _state = to;
        }

        OnStateChanged(from, to, null);
        return true;
    }

    /// <summary>Becomes <see cref="RelayConnectionState.Connected"/> only if connection <paramref name="generation"/> is still current.</summary>
    private void TransitionToConnected(int generation)
    {
        RelayConnectionState previous;
        lock (_stateGate)
        {
            // Lock order: state, then ledger. A concurrent EndConnection either happened before (skip) or its
            // Reconnecting transition comes after this one.
            if (!_ledger.IsCurrent(generation) || Volatile.Read(ref _disposed) != 0 || _state == RelayConnectionState.Connected)
            {
                return;
            }

            previous = _state;
            _state = RelayConnectionState.Connected;
        }

        OnStateChanged(previous, RelayConnectionState.Connected, null);
    }

    private void TransitionTo(RelayConnectionState next, Exception? error)
    {
        RelayConnectionState previous;
        lock (_stateGate)
        {
            previous = _state;
            if (previous == next || (Volatile.Read(ref _disposed) != 0 && next != RelayConnectionState.Disconnected))
            {
                return;
            }

            _state = next;
        }

        OnStateChanged(previous, next, error);
    }

    private void OnStateChanged(RelayConnectionState previous, RelayConnectionState current, Exception? error)
    {
        Log.StateChanged(_logger, previous, current);
        Raise(StateChanged, new RelayConnectionStateChangedEventArgs(previous, current, error), nameof(StateChanged));
    }
}
