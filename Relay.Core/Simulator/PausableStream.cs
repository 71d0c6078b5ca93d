namespace Relay.Core.Simulator;

/// <summary>
/// Wraps a socket's stream so reads can be held back while writes go on: how the simulator "goes silent" without
/// closing — the WebSocket above stops reading, so the peer's pings stay unanswered.
/// </summary>
internal sealed class PausableStream(Stream inner) : Stream
{
    private TaskCompletionSource? _paused;
    private bool _disposed;

    /// <summary>True while reads are held back.</summary>
    public bool IsPaused => Volatile.Read(ref _paused) is not null;

    /// <summary>Holds back reads (a read already waiting for the network is not interrupted).</summary>
    public void Pause() => Interlocked.CompareExchange(ref _paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    /// <summary>Lets reads through again.</summary>
    public void Resume() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    public override bool CanRead => !_disposed && inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed && inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Re-check after every wake-up: a Pause may have come in between.
        while (Volatile.Read(ref _paused) is { } paused)
        {
            await paused.Task.WaitAsync(cancellationToken);
        }

        return _disposed ? 0 : await inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The WebSocket only reads asynchronously; a synchronous read is not paused.
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            Resume();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
