using System.Globalization;

namespace Relay.Bench.Load;

/// <summary>The <c>--name value</c> options of a harness sub-command (a bare <c>--name</c> means <c>true</c>).</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="args"/> (the sub-command name already removed).</summary>
    /// <exception cref="ArgumentException">An argument is not an option.</exception>
    public CommandLine(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = "true";
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}': options are --name value.", nameof(args));
            }
        }

        if (pending is not null)
        {
            _values[pending] = "true";
        }
    }

    /// <summary>The options given that are not in <paramref name="known"/>, as typed (without the dashes).</summary>
    public IReadOnlyList<string> Unknown(IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        return [.. _values.Keys.Where(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];
    }

    /// <summary>True when the option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>A string option.</summary>
    public string String(string name, string fallback) => _values.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>A required string option.</summary>
    /// <exception cref="ArgumentException">The option is missing.</exception>
    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing option --{name}.", nameof(name));

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A long option.</summary>
    public long Long(string name, long fallback) => _values.TryGetValue(name, out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A floating-point option.</summary>
    public double Double(string name, double fallback) => _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A boolean option (<c>--name</c> alone is true).</summary>
    public bool Bool(string name, bool fallback) => _values.TryGetValue(name, out var value) ? bool.Parse(value) : fallback;
}
