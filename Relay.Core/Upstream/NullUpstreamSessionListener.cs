namespace Relay.Core.Upstream;

/// <summary>A session listener that does nothing: used until the subscription synchronizer is attached.</summary>
internal sealed class NullUpstreamSessionListener : IUpstreamSessionListener
{
    /// <summary>The instance.</summary>
    public static readonly NullUpstreamSessionListener Instance = new();

    private NullUpstreamSessionListener()
    {
    }

    /// <inheritdoc />
    public ValueTask OnSessionStartedAsync(int socket, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public void OnSessionEnded(int socket)
    {
    }
}
