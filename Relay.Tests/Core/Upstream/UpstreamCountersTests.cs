using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Upstream;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamCountersTests
{
    [Test]
    public void Snapshot_AfterFrames_ReportsTotalsLastPacketAndRate()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        using var counters = new UpstreamCounters(time);
        for (var second = 0; second < 5; second++)
        {
            counters.AddFrame(new PacketCounts { Ticker = 90, Quote = 10 }, time.GetUtcNow().ToUnixTimeMilliseconds());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        counters.AddFrame(new PacketCounts { Malformed = 2 }, time.GetUtcNow().ToUnixTimeMilliseconds());
        counters.AddReconnect();
        counters.AddConnectionAttempt();
        counters.AddTextFrame();

        var totals = counters.Snapshot();
        (totals.Ticker, totals.Quote, totals.Packets, totals.Malformed).Should().Be((450L, 50L, 500L, 2L));
        (totals.Reconnects, totals.ConnectionAttempts, totals.TextFrames).Should().Be((1L, 1L, 1L));
        totals.LastPacketAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_700_000_004));
        totals.PacketsPerSecond.Should().Be(100);
    }

    [Test]
    public void Rate_AfterSilence_DropsToZero()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        using var counters = new UpstreamCounters(time);
        counters.AddFrame(new PacketCounts { Ticker = 500 }, time.GetUtcNow().ToUnixTimeMilliseconds());

        time.Advance(TimeSpan.FromSeconds(7));

        counters.Snapshot().PacketsPerSecond.Should().Be(0);
    }

    [Test]
    public void Meter_RelayUpstream_ReportsPacketsByType()
    {
        using var counters = new UpstreamCounters(TimeProvider.System);
        counters.AddFrame(new PacketCounts { Ticker = 3, Full = 2 }, 1);
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == UpstreamCounters.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var type = tags.Length > 0 ? (string)tags[0].Value! : string.Empty;
            measured[$"{instrument.Name}/{type}"] = value;
        });
        listener.Start();

        listener.RecordObservableInstruments();

        measured.Should().Contain("relay.upstream.packets/ticker", 3).And.Contain("relay.upstream.packets/full", 2);
        measured.Should().ContainKey("relay.upstream.reconnects/");
    }
}
