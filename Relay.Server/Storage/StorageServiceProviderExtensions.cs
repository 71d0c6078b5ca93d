namespace Relay.Server.Storage;

/// <summary>Start-up step for storage.</summary>
internal static class StorageServiceProviderExtensions
{
    /// <summary>
    /// Applies schema migrations and seeds an empty instrument master; call once after building the app and
    /// before it runs (or before anything uses storage). Idempotent.
    /// </summary>
    public static Task InitializeRelayStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
}
