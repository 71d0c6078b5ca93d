namespace Relay.Client.Internal;

/// <summary>Unbinds a handler bound with <see cref="RelayClient.Bind"/> when disposed; idempotent.</summary>
internal sealed class HandlerBinding(Action unbind) : IDisposable
{
    private Action? _unbind = unbind;

    public void Dispose() => Interlocked.Exchange(ref _unbind, null)?.Invoke();
}
