using System.Text.RegularExpressions;
using Relay.Core.Contracts;
using Relay.Tests.Support;

namespace Relay.Tests.Client;

internal sealed partial class ReadmeExampleTests
{
    private const string StartMarker = "// README-EXAMPLE-START";
    private const string EndMarker = "// README-EXAMPLE-END";

    [TestCase("README.md")]
    [TestCase("Relay.Client/README.md")]
    public void Readme_DotNetClientExample_MatchesCompiledExample(string readmePath)
    {
        var root = RepositoryRoot();
        var expected = ExampleRegion(File.ReadAllText(Path.Combine(root, "Relay.Tests", "Client", "ReadmeExample.cs")));
        var readme = File.ReadAllText(Path.Combine(root, readmePath)).ReplaceLineEndings("\n");

        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).ToList();

        blocks.Should().Contain(
            expected,
            $"{readmePath} must show the compiled example of Relay.Tests/Client/ReadmeExample.cs verbatim (the region between the markers, dedented) in a ```csharp block");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task WatchAsync_AgainstHub_PrintsSubscribeResultAndUpdates(CancellationToken cancellationToken)
    {
        var instrument = InstrumentKey.Parse("NSE_EQ:1333");
        await using var server = await ClientTestServer.StartAsync();
        server.State.Snapshots[instrument] = ClientTestServer.Full(instrument, 1642.5);
        var output = new SynchronizedStringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var example = ReadmeExample.WatchAsync(server.Url.ToString(), stop.Token);
            await ClientTestWait.UntilAsync(() => output.ToString().Contains("NSE_EQ:1333 Snapshot ltp=1642.5", StringComparison.Ordinal), "the example printed the snapshot", cancellationToken);
            server.State.Received(MarketHub.Subscribe, instrument, FeedMode.Quote).Should().BeTrue();
            await server.PublishAsync(instrument, 1643.75);
            await ClientTestWait.UntilAsync(() => output.ToString().Contains("Quote ltp=1643.75", StringComparison.Ordinal), "the example printed the quote", cancellationToken);

            await stop.CancelAsync();

            await example.Invoking(e => e.WaitAsync(cancellationToken)).Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            Console.SetOut(original);
        }

        output.ToString().Should().Contain("NSE_EQ:1333: Accepted, cached ltp 1642.5");
    }

    private static string ExampleRegion(string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == StartMarker);
        var end = Array.FindIndex(lines, l => l.Trim() == EndMarker);
        start.Should().BeGreaterThanOrEqualTo(0, "ReadmeExample.cs has the start marker");
        end.Should().BeGreaterThan(start, "ReadmeExample.cs has the end marker after the start marker");
        var region = lines[(start + 1)..end];
        var indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Concat(region.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Relay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Relay.sln not found above the test directory.");
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private sealed class SynchronizedStringWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}
