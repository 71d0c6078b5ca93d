namespace Relay.Server.Health;

/// <summary>Registers the readiness checks.</summary>
internal static class HealthServiceCollectionExtensions
{
    /// <summary>Adds what <c>/readyz</c> needs (storage and the engine are registered elsewhere).</summary>
    public static IServiceCollection AddRelayHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<StorageProbe>();
        return services;
    }
}
