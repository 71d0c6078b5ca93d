using System.ComponentModel.DataAnnotations;
using Relay.Server.Auth;

namespace Relay.Tests.Server.Auth;

/// <summary>Validation of <c>Relay:Auth</c>.</summary>
internal sealed class AuthOptionsTests
{
    [TestCase("https://app.example.com", true)]
    [TestCase("http://localhost:3000", true)]
    [TestCase("https://app.example.com/", false)]
    [TestCase("https://app.example.com/path", false)]
    [TestCase("*", false)]
    [TestCase("app.example.com", false)]
    [TestCase("ftp://app.example.com", false)]
    public void CorsOrigins_MustBeOrigins(string origin, bool valid)
    {
        var options = new AuthOptions { CorsOrigins = [origin] };

        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true).Should().Be(valid);
    }

    [Test]
    public void Defaults_AreSecure()
    {
        var options = new AuthOptions();

        options.CorsOrigins.Should().BeEmpty();
        options.AdminKey.Should().BeNull("generated at first start");
        options.MetricsRequireAdminKey.Should().BeFalse();
        options.RequireUserTokens.Should().BeFalse("allowed only because a non-loopback start is refused");
    }
}
