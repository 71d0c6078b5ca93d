using System.Net;
using System.Text.RegularExpressions;
using Relay.Server.Auth;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>Without a configured admin key, Relay generates one at first start, keeps it, and prints it once.</summary>
[CancelAfter(60_000)]
internal sealed partial class AdminKeyTests
{
    private static readonly Dictionary<string, string?> NoConfiguredKey = new() { ["Relay:Auth:AdminKey"] = null };

    [Test]
    public async Task FirstStart_GeneratesKeyPrintedOnce_LaterStartsReuseItSilently(CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), "relay-app-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string key;
            await using (var first = await RelayAppHost.StartAsync(NoConfiguredKey, dataDirectory: data))
            {
                var printed = GeneratedKey().Matches(first.Console.ToString());
                printed.Should().ContainSingle("the generated key is printed once");
                key = printed[0].Value;
                var file = Path.Combine(data, AdminKeyStore.FileName);
                (await File.ReadAllTextAsync(file, cancellationToken)).Trim().Should().Be(key);
                if (!OperatingSystem.IsWindows())
                {
                    File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                first.Logs.AllText().Should().NotContain(key, "the key goes to the terminal, never to the logs");
                using var admin = first.CreateAdminClient(key);
                (await admin.GetAsync("/api/admin/feed", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await using var second = await RelayAppHost.StartAsync(NoConfiguredKey, dataDirectory: data);
            second.Console.ToString().Should().NotContain(key);
            second.Logs.WithEventId(6002).Should().ContainSingle().Which.Should().Contain(Path.Combine(data, AdminKeyStore.FileName));
            using var again = second.CreateAdminClient(key);
            (await again.GetAsync("/api/admin/feed", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            RelayAppHost.DeleteDirectory(data);
        }
    }

    [Test]
    public async Task ConfiguredKey_IsUsed_AndNoKeyFileIsWritten(CancellationToken cancellationToken)
    {
        await using var host = await RelayAppHost.StartAsync();

        File.Exists(Path.Combine(host.DataDirectory, AdminKeyStore.FileName)).Should().BeFalse();
        host.Console.ToString().Should().BeEmpty();
        using var admin = host.CreateAdminClient();
        (await admin.GetAsync("/api/admin/feed", cancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task ConfiguredKey_TooShort_StopsTheStart()
    {
        var start = () => RelayAppHost.StartAsync(new Dictionary<string, string?> { ["Relay:Auth:AdminKey"] = "short" });

        (await start.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("AdminKey");
    }

    [GeneratedRegex(@"rly_admin_[A-Za-z0-9_-]{43}")]
    private static partial Regex GeneratedKey();
}
