using Relay.Core.Contracts;

namespace Relay.Client;

public sealed partial class RelayClient
{
    internal Task OnTickAsync(TickMessage message)
    {
        if (!TryGetInstrument(message.ExchangeSegment, message.SecurityId, nameof(IMarketClient.Tick), out var instrument))
        {
            return Task.CompletedTask;
        }

        Publish(MarketUpdate.From(instrument, message));
        Raise(TickReceived, message, nameof(TickReceived));
        return InvokeHandlersAsync(static (h, m) => h.Tick(m), message, nameof(IMarketClient.Tick));
    }

    internal Task OnQuoteAsync(QuoteMessage message)
    {
        if (!TryGetInstrument(message.ExchangeSegment, message.SecurityId, nameof(IMarketClient.Quote), out var instrument))
        {
            return Task.CompletedTask;
        }

        Publish(MarketUpdate.From(instrument, message));
        Raise(QuoteReceived, message, nameof(QuoteReceived));
        return InvokeHandlersAsync(static (h, m) => h.Quote(m), message, nameof(IMarketClient.Quote));
    }

    internal Task OnFullAsync(FullMessage message)
    {
        if (!TryGetInstrument(message.ExchangeSegment, message.SecurityId, nameof(IMarketClient.Full), out var instrument))
        {
            return Task.CompletedTask;
        }

        Publish(MarketUpdate.From(instrument, message));
        Raise(FullReceived, message, nameof(FullReceived));
        return InvokeHandlersAsync(static (h, m) => h.Full(m), message, nameof(IMarketClient.Full));
    }

    internal Task OnFeedStatusAsync(FeedStatusMessage message)
    {
        if (message is null)
        {
            return Task.CompletedTask;
        }

        Volatile.Write(ref _feedStatus, message);
        Log.FeedStatusReceived(_logger, message.State, message.Source);
        Raise(FeedStatusChanged, message, nameof(FeedStatusChanged));
        return InvokeHandlersAsync(static (h, m) => h.FeedStatus(m), message, nameof(IMarketClient.FeedStatus));
    }

    internal Task OnOrderUpdateAsync(OrderUpdateMessage message)
    {
        if (message is null)
        {
            return Task.CompletedTask;
        }

        Raise(OrderUpdateReceived, message, nameof(OrderUpdateReceived));
        return InvokeHandlersAsync(static (h, m) => h.OrderUpdate(m), message, nameof(IMarketClient.OrderUpdate));
    }

    /// <summary>Feeds an update to the cache (for instruments still wanted) and to every matching stream.</summary>
    private void Publish(MarketUpdate update)
    {
        if (_ledger.IsWanted(update.Instrument))
        {
            _cache.Apply(update);
        }

        _streams.Publish(update);
    }

    private bool TryGetInstrument(string? segment, string? securityId, string callback, out InstrumentKey instrument)
    {
        if (InstrumentKey.TryCreate(segment, securityId, out instrument, out var error))
        {
            return true;
        }

        Log.InvalidInstrument(_logger, callback, error);
        return false;
    }

    private void Raise<T>(EventHandler<T>? handlers, T args, string eventName)
    {
        if (handlers is null)
        {
            return;
        }

        // Each subscriber separately, so one that throws does not starve the others or break the connection.
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<T>)handler)(this, args);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.HandlerFailed(_logger, eventName, ex);
            }
        }
    }

    private Task InvokeHandlersAsync<T>(Func<IMarketClient, T, Task> call, T message, string callback)
    {
        var handlers = Volatile.Read(ref _handlers);
        return handlers.Length == 0 ? Task.CompletedTask : InvokeAllAsync();

        async Task InvokeAllAsync()
        {
            foreach (var handler in handlers)
            {
                try
                {
                    await call(handler, message);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.HandlerFailed(_logger, callback, ex);
                }
            }
        }
    }
}
