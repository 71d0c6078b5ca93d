using System.Runtime.CompilerServices;

namespace Relay.Core.Protocol;

/// <summary>The five depth levels of a Full packet, stored inline (no array allocation per packet).</summary>
[InlineArray(Count)]
#pragma warning disable CA1815, IDE0044, IDE0051 // Inline arrays are value buffers; the element field is used by the runtime.
public struct Depth5
{
    /// <summary>Number of levels.</summary>
    public const int Count = 5;

    private DepthLevel _level0;
}
#pragma warning restore CA1815, IDE0044, IDE0051
