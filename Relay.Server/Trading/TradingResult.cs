using System.Diagnostics.CodeAnalysis;

namespace Relay.Server.Trading;

/// <summary>A value, or the <see cref="TradingProblem"/> that prevented it.</summary>
internal readonly struct TradingResult<T>
{
    private TradingResult(T? value, TradingProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value when <see cref="Problem"/> is <c>null</c>.</summary>
    public T? Value { get; }

    /// <summary>The failure, or <c>null</c> on success.</summary>
    public TradingProblem? Problem { get; }

    /// <summary>True when there is a value.</summary>
    [MemberNotNullWhen(false, nameof(Problem))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Problem is null;

#pragma warning disable CA2225 // Conversions are the point: a method returns either a value or a problem.
    public static implicit operator TradingResult<T>(T value) => new(value, null);

    public static implicit operator TradingResult<T>(TradingProblem problem) => new(default, problem);
#pragma warning restore CA2225
}
