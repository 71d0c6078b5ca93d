namespace Relay.Server.Admin;

/// <summary><c>POST /api/admin/users</c>.</summary>
internal sealed class CreateUserRequest
{
    /// <summary>A label for the user, 1 to 64 characters.</summary>
    public string? Name { get; set; }
}
