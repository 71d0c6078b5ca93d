using Relay.Core.Contracts;
using Relay.Core.Upstream;
using Relay.Tests.Support;
using static Relay.Tests.Support.UpstreamTestFrames;

namespace Relay.Tests.Core.Upstream;

internal sealed class UpstreamPoolTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Test]
    public void Aggregate_OneSocket_IsThatSocketsStateAndReason()
    {
        var status = UpstreamPool.Aggregate([new UpstreamState(FeedState.Reconnecting, "connection lost", T0)], "Dhan", null, T0);

        status.Should().Be(new FeedStatus(FeedState.Reconnecting, "connection lost", "Dhan", T0));
    }

    [Test]
    public void Aggregate_SeveralSockets_WorstStateWinsAndNamesTheSocket()
    {
        UpstreamState[] sockets =
        [
            new(FeedState.Connected, null, T0),
            new(FeedState.Evicted, "another connection of this account took the slot (805)", T0),
            new(FeedState.CredentialsRejected, "DhanHQ rejected the access token (809)", T0),
        ];

        var status = UpstreamPool.Aggregate(sockets, "Dhan", null, T0);

        status.State.Should().Be(FeedState.CredentialsRejected);
        status.Reason.Should().Be("socket 2: DhanHQ rejected the access token (809)");
    }

    [Test]
    public void Aggregate_StateUnchangedReasonChanged_KeepsSince()
    {
        var previous = new FeedStatus(FeedState.Reconnecting, "a", "Dhan", T0);

        var status = UpstreamPool.Aggregate([new UpstreamState(FeedState.Reconnecting, "b", T0)], "Dhan", previous, T0.AddMinutes(1));

        status.Since.Should().Be(T0);
        status.Reason.Should().Be("b");
    }

    [Test]
    public void Aggregate_AllConnectedOrStopped_ConnectedThenStopped()
    {
        UpstreamPool.Aggregate([new(FeedState.Connected, null, T0), new(FeedState.Connected, null, T0)], "Simulator", null, T0)
            .Should().Be(new FeedStatus(FeedState.Connected, null, "Simulator", T0));
        UpstreamPool.Aggregate([new(FeedState.Stopped, "stopped", T0), new(FeedState.Stopped, "stopped", T0)], "Simulator", null, T0)
            .State.Should().Be(FeedState.Stopped);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Logs_ThroughEveryFault_NeverContainTokenOrClientId(CancellationToken cancellationToken)
    {
        var credentials = new FeedCredentials("CID-7788991", "TKN.secret+value/xyz=");
        var logs = new UpstreamLogCapture();
        var instrument = new InstrumentKey(ExchangeSegment.NSE_EQ, 1333);
        await using (var h = await UpstreamHarness.CreateAsync(
            o => (o.CredentialsRejectedBackoff, o.EvictedBackoff) = (TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)),
            credentials: credentials,
            logs: logs,
            cancellationToken: cancellationToken))
        {
            await h.StartAsync(cancellationToken);
            var first = await h.Server.NextSessionAsync(cancellationToken);
            await first.SendAsync(Frame(Ticker(instrument, 1f, 1), Garbage()), cancellationToken);
            await first.SendTextAsync("hello", cancellationToken);
            await UpstreamHarness.WaitUntilAsync(() => h.Counters.Snapshot().TextFrames == 1, cancellationToken);
            first.Drop();
            var second = await h.Server.NextSessionAsync(cancellationToken);
            h.Server.RejectWithStatus = 401;
            await second.SendDisconnectAndCloseAsync(809, cancellationToken);
            await UpstreamHarness.WaitUntilAsync(() => h.Server.HandshakeCount >= 3, cancellationToken);
            h.Server.RejectWithStatus = null;
            h.Server.OnAccepted = s => s.SendDisconnectAndCloseAsync(805);
            await h.WaitForStateAsync(FeedState.Evicted, cancellationToken);
            h.Server.OnAccepted = null;
            h.Credentials.Set(new FeedCredentials("CID-7788991", "TKN.other+secret"));
            await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
            var statuses = string.Join("\n", h.Pool.GetSocketStatuses().Select(s => s.ToString()).Append(h.Pool.Status.ToString()));
            statuses.Should().NotContainAny(Secrets(credentials));
        }

        await using (var refused = await UpstreamHarness.CreateAsync(o => o.Url = "ws://127.0.0.1:1", credentials: credentials, logs: logs, cancellationToken: cancellationToken))
        {
            await refused.StartAsync(cancellationToken);
            await UpstreamHarness.WaitUntilAsync(() => refused.Pool.Status.Reason?.StartsWith("could not connect", StringComparison.Ordinal) == true, cancellationToken);
        }

        logs.Lines.Should().Contain(l => l.Contains("[1005]", StringComparison.Ordinal), "the rejection was logged");
        logs.Lines.Should().Contain(l => l.Contains("[1006]", StringComparison.Ordinal), "the eviction was logged");
        logs.Lines.Should().Contain(l => l.Contains("could not connect", StringComparison.Ordinal));
        foreach (var line in logs.Lines)
        {
            line.Should().NotContainAny(Secrets(credentials).Concat(["TKN.other", "other%2Bsecret", "version=2"]));
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task StatusChanged_HandlerThrows_FeedStillReconnects(CancellationToken cancellationToken)
    {
        await using var h = await UpstreamHarness.CreateAsync(cancellationToken: cancellationToken);
        h.Pool.StatusChanged += _ => throw new InvalidOperationException("observer bug");
        await h.StartAsync(cancellationToken);
        var first = await h.Server.NextSessionAsync(cancellationToken);
        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);

        first.Drop();
        await h.Server.NextSessionAsync(cancellationToken);

        await h.WaitForStateAsync(FeedState.Connected, cancellationToken);
        h.Pool.GetSocketStatuses()[0].Reconnects.Should().Be(1);
    }

    private static string[] Secrets(FeedCredentials credentials) =>
        [credentials.ClientId, credentials.AccessToken, Uri.EscapeDataString(credentials.AccessToken), "TKN.secret", "secret+value", "secret%2Bvalue"];
}
