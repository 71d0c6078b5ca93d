using System.Diagnostics.Metrics;

namespace Relay.Tests.Support;

/// <summary>A minimal <see cref="IMeterFactory"/> for unit tests of server components.</summary>
internal sealed class ServerMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    /// <inheritdoc />
    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
