namespace Relay.Server.Admin;

/// <summary>Registers the admin API's own services.</summary>
internal static class AdminServiceCollectionExtensions
{
    /// <summary>Adds <see cref="AdminOptions"/> (section <c>Relay:Admin</c>, validated at start) and the import gate.</summary>
    public static IServiceCollection AddRelayAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InstrumentImportGate>();
        return services;
    }
}
