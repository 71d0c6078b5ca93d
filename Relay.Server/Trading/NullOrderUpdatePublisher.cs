namespace Relay.Server.Trading;

/// <summary>The default <see cref="IOrderUpdatePublisher"/>: drops updates (clients then refresh by polling).</summary>
internal sealed class NullOrderUpdatePublisher : IOrderUpdatePublisher
{
    public ValueTask PublishAsync(long userId, OrderResponse order, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
