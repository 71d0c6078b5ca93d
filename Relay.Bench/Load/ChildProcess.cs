using System.Collections.Concurrent;
using System.Diagnostics;

namespace Relay.Bench.Load;

/// <summary>
/// A process the orchestrator started: its output goes to a log file, and it is killed (with its children) when
/// disposed, when the orchestrator exits, or on Ctrl-C. Every child of a run is one of these.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private static int _hooksInstalled;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        _stdout = PumpAsync(process.StandardOutput);
        _stderr = PumpAsync(process.StandardError);
    }

    /// <summary>A short name for messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (valid once <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet <paramref name="arguments"/></c>, logging to <paramref name="logPath"/>.</summary>
    public static ChildProcess StartDotnet(string name, IEnumerable<string> arguments, string logPath, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        InstallHooks();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        var child = new ChildProcess(name, process, log);
        Live[child] = 0;
        return child;
    }

    /// <summary>Waits for the process to exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Kills the process tree (if still running), waits for its output, closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // Output still open (a grandchild holds it); the log is closed anyway.
        }

        Live.TryRemove(this, out _);
        lock (_log)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void InstallHooks()
    {
        if (Interlocked.Exchange(ref _hooksInstalled, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += static (_, _) => KillAll();
        Console.CancelKeyPress += static (_, _) => KillAll();
    }

    private static void KillAll()
    {
        foreach (var child in Live.Keys)
        {
            child.Kill();
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                if (_log.BaseStream.CanWrite)
                {
                    _log.WriteLine(line);
                }
            }
        }
    }
}
