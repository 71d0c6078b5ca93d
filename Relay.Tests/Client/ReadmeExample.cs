using Relay.Client;
using Relay.Core.Contracts;

namespace Relay.Tests.Client;

/// <summary>
/// The README's .NET client example, compiled with the tests and run against the test hub by
/// <see cref="ReadmeExampleTests"/>; the README's block must equal the marked region (dedented).
/// </summary>
internal static class ReadmeExample
{
    // README-EXAMPLE-START
    public static async Task WatchAsync(string serverUrl, CancellationToken cancellationToken)
    {
        // Namespaces: Relay.Client, Relay.Core.Contracts. serverUrl: e.g. "http://localhost:5000".
        await using var client = RelayClient.Create(serverUrl).UseMessagePack().Build();
        await client.ConnectAsync(cancellationToken);

        var instrument = InstrumentKey.Parse("NSE_EQ:1333");
        var updates = client.StreamAsync(instrument); // Opened before subscribing, so the snapshot comes first.
        var results = await client.SubscribeAsync([instrument], FeedMode.Quote, cancellationToken);
        Console.WriteLine($"{instrument}: {results[0].Status}, cached ltp {client.Last(instrument)?.Ltp}");

        // Newest update per instrument wins if this loop falls behind; reconnects and resubscribes are automatic.
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            Console.WriteLine($"{update.Instrument} {update.Kind} ltp={update.Ltp} ltt={update.Ltt}");
        }
    }
    // README-EXAMPLE-END
}
