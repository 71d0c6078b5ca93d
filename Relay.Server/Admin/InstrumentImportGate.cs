namespace Relay.Server.Admin;

/// <summary>One upload import at a time: a second one would only wait for the database's write lock and time out.</summary>
internal sealed class InstrumentImportGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Takes the gate if free; release it with <see cref="Release"/>.</summary>
    public bool TryEnter() => _gate.Wait(0);

    /// <summary>Releases the gate.</summary>
    public void Release() => _gate.Release();

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
