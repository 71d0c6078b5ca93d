using Microsoft.Extensions.Options;
using Relay.Server.Storage;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Storage;

internal sealed class StorageOptionsTests
{
    [TestCase("Relay:Storage:Path", "")]
    [TestCase("Relay:Storage:SnapshotFlushInterval", "00:00:00.100")]
    [TestCase("Relay:Storage:BusyTimeoutMilliseconds", "5")]
    [CancelAfter(15_000)]
    public async Task StartAsync_InvalidSetting_FailsAtStart(string key, string value, CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, initialize: false, settings: new Dictionary<string, string?> { [key] = value }, cancellationToken: cancellationToken);

        var act = () => host.StartAsync(cancellationToken);

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(key.Split(':')[^1]);
    }

    [Test]
    [CancelAfter(15_000)]
    public async Task Path_Relative_ResolvesAgainstTheContentRootAndCreatesTheFolder(CancellationToken cancellationToken)
    {
        using var directory = new StorageTestDirectory();
        await using var host = await StorageTestHost.CreateAsync(directory, settings: new Dictionary<string, string?> { ["Relay:Storage:Path"] = "state/nested/relay.sqlite" }, cancellationToken: cancellationToken);

        var paths = host.Get<StoragePaths>();

        paths.DatabasePath.Should().Be(Path.Combine(directory.Path, "state", "nested", "relay.sqlite"));
        File.Exists(paths.DatabasePath).Should().BeTrue();
        paths.KeysDirectory.Should().Be(Path.Combine(directory.Path, "state", "nested", "keys"));
    }
}
