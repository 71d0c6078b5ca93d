using System.ComponentModel.DataAnnotations;

namespace Relay.Server.Admin;

/// <summary>The admin API (section <c>Relay:Admin</c>).</summary>
internal sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay:Admin";

    /// <summary>
    /// Largest scrip-master upload accepted by <c>POST /api/admin/instruments/import</c>, bytes. DhanHQ's detailed
    /// master is a few tens of MB. Default 268435456 (256 MiB); 1 KiB to 4 GiB.
    /// </summary>
    [Range(1024L, 4L * 1024 * 1024 * 1024)]
    public long MaxImportBytes { get; set; } = 256L * 1024 * 1024;
}
