using System.Collections.Concurrent;
using Relay.Server.Trading;

namespace Relay.Tests.Support;

/// <summary>An <see cref="IOrderUpdatePublisher"/> that records every update.</summary>
internal sealed class TradingRecordingPublisher : IOrderUpdatePublisher
{
    private readonly ConcurrentQueue<(long UserId, OrderResponse Order)> _updates = new();

    public IReadOnlyList<(long UserId, OrderResponse Order)> Updates => [.. _updates];

    public ValueTask PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken)
    {
        _updates.Enqueue((userId, order));
        return ValueTask.CompletedTask;
    }
}
