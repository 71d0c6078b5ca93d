namespace Relay.Server.Admin;

/// <summary>What the admin API logs. Never a token or a credential.</summary>
internal static partial class AdminLog
{
    /// <summary>The log category.</summary>
    public const string Category = "Relay.Server.Admin";

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Admin: created user {UserId} ({UserName})")]
    public static partial void UserCreated(ILogger logger, long userId, string userName);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Admin: revoked user {UserId}; closed {Connections} live connections")]
    public static partial void UserRevoked(ILogger logger, long userId, int connections);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Admin: instrument import of {Bytes} bytes: {Outcome}")]
    public static partial void Imported(ILogger logger, long bytes, string outcome);
}
