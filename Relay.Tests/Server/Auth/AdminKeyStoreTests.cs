using Relay.Server.Auth;
using Relay.Tests.Support;

namespace Relay.Tests.Server.Auth;

/// <summary>The admin key: configured, or generated once into the data folder.</summary>
internal sealed class AdminKeyStoreTests
{
    [Test]
    public void Initialize_WithoutKey_GeneratesOnce_ThenReadsTheFile()
    {
        using var directory = new StorageTestDirectory();
        var first = new AdminKeyStore();
        var second = new AdminKeyStore();

        var generated = first.Initialize(null, directory.Path);
        var again = second.Initialize(null, directory.Path);

        generated.Should().StartWith(AdminKeyStore.Prefix);
        first.Source.Should().Be(AdminKeySource.Generated);
        again.Should().BeNull("a key is shown only when generated");
        second.Source.Should().Be(AdminKeySource.File);
        second.IsValid(generated).Should().BeTrue();
        second.FileIsExposed().Should().BeFalse();
    }

    [Test]
    public void Initialize_WithConfiguredKey_WritesNoFile_AndAcceptsOnlyThatKey()
    {
        using var directory = new StorageTestDirectory();
        var store = new AdminKeyStore();

        store.Initialize("  configured-admin-key-0123456789  ", directory.Path).Should().BeNull();

        File.Exists(Path.Combine(directory.Path, AdminKeyStore.FileName)).Should().BeFalse();
        store.IsValid("configured-admin-key-0123456789").Should().BeTrue();
        store.IsValid("configured-admin-key-012345678").Should().BeFalse();
        store.IsValid("").Should().BeFalse();
        store.IsValid(null).Should().BeFalse();
    }

    [Test]
    public void IsValid_BeforeInitialize_IsFalse() => new AdminKeyStore().IsValid("anything").Should().BeFalse();

    [Test]
    public void Initialize_WithAnEmptyKeyFile_RefusesWithWhatToDo()
    {
        using var directory = new StorageTestDirectory();
        File.WriteAllText(Path.Combine(directory.Path, AdminKeyStore.FileName), "\n");

        var initialize = () => new AdminKeyStore().Initialize(null, directory.Path);

        initialize.Should().Throw<InvalidOperationException>().WithMessage("*empty*Relay:Auth:AdminKey*");
    }
}
