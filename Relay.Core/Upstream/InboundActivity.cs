namespace Relay.Core.Upstream;

/// <summary>
/// When the last byte arrived from the peer on one upstream socket: any data frame, any ping from DhanHQ,
/// any pong to Relay's keep-alive ping. Written by <see cref="InboundActivityStream"/> on every read, read
/// by the staleness watchdog.
/// </summary>
internal sealed class InboundActivity
{
    private readonly TimeProvider _timeProvider;
    private long _lastTimestamp;

    /// <summary>Creates a tracker; the creation time counts as activity.</summary>
    public InboundActivity(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>Time since the last inbound byte (or since creation).</summary>
    public TimeSpan Silence => _timeProvider.GetElapsedTime(Volatile.Read(ref _lastTimestamp));

    /// <summary>Records that bytes just arrived.</summary>
    public void Touch() => Volatile.Write(ref _lastTimestamp, _timeProvider.GetTimestamp());
}
