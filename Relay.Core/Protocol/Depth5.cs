using System.Runtime.CompilerServices;

namespace Relay.Core.Protocol;

/// <summary>The five depth levels of a Full packet, stored inline (no array allocation per packet).</summary>
/// <remarks>
/// Equality compares all five levels. (Without it, <see cref="FullPacket"/>'s record equality fell back to
/// <see cref="ValueType.Equals(object)"/>, which sees only the one declared field of an inline array: level 1.)
/// </remarks>
[InlineArray(Count)]
#pragma warning disable IDE0044, IDE0051 // Inline arrays are value buffers; the element field is used by the runtime.
public struct Depth5 : IEquatable<Depth5>
{
    /// <summary>Number of levels.</summary>
    public const int Count = 5;

    private DepthLevel _level0;

    /// <summary>True when both hold the same five levels.</summary>
    public static bool operator ==(Depth5 left, Depth5 right) => left.Equals(right);

    /// <summary>True when any level differs.</summary>
    public static bool operator !=(Depth5 left, Depth5 right) => !left.Equals(right);

    /// <inheritdoc />
    public readonly bool Equals(Depth5 other)
    {
        ReadOnlySpan<DepthLevel> mine = this;
        ReadOnlySpan<DepthLevel> theirs = other;
        return mine.SequenceEqual(theirs);
    }

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is Depth5 other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode()
    {
        ReadOnlySpan<DepthLevel> levels = this;
        var hash = default(HashCode);
        foreach (var level in levels)
        {
            hash.Add(level);
        }

        return hash.ToHashCode();
    }
}
#pragma warning restore IDE0044, IDE0051
