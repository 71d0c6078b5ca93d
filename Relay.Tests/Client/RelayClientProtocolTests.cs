using Relay.Client;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

internal sealed class RelayClientProtocolTests
{
    private static readonly InstrumentKey Hdfc = InstrumentKey.Parse("NSE_EQ:1333");

    [TestCase(RelayProtocol.MessagePack, "messagepack")]
    [TestCase(RelayProtocol.Json, "json")]
    [CancelAfter(15_000)]
    public async Task ConnectAsync_ServerWithOnlyThatProtocol_WorksEndToEnd(RelayProtocol protocol, string serverProtocol, CancellationToken cancellationToken)
    {
        await using var server = await ClientTestServer.StartAsync(protocols: [serverProtocol]);
        server.State.Snapshots[Hdfc] = ClientTestServer.Full(Hdfc, 1600);
        await using var context = new ClientTestContext(server.Url, protocol);

        await context.Client.ConnectAsync(cancellationToken);
        var results = await context.Client.SubscribeAsync([Hdfc], FeedMode.Full, cancellationToken);
        await server.PublishAsync(Hdfc, 1601);

        results.Single().Snapshot!.Depth.Single().BidPrice.Should().Be(1599.95);
        await ClientTestWait.UntilAsync(() => context.Fulls.Count == 1, "the Full arrived", cancellationToken);
        context.Fulls.Single().Depth.Single().AskQuantity.Should().Be(20);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task ConnectAsync_JsonClientToMessagePackOnlyServer_Fails(CancellationToken cancellationToken)
    {
        await using var server = await ClientTestServer.StartAsync(protocols: ["messagepack"]);
        await using var context = new ClientTestContext(server.Url, RelayProtocol.Json);

        var act = () => context.Client.ConnectAsync(cancellationToken);

        await act.Should().ThrowAsync<Exception>("the client really speaks the protocol it was configured with");
        context.Client.State.Should().Be(RelayConnectionState.Disconnected);
    }
}
