using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>
/// The DevHost as its own operating-system process (the build's Tollgate.DevHost.dll), so a test can kill it as a
/// crash would — no graceful stop, nothing flushed — and start it again on the same storage.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevHostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process printed so far, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the DevHost with <paramref name="settings"/> as environment variables and waits until it serves HTTP.</summary>
    public static async Task<DevHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan? timeout = null)
    {
        int port = Tollgate.DevHost.Durable.DurableEngine.FreeLoopbackPort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tollgate.DevHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        foreach ((string key, string? value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var host = new DevHostProcess(Process.Start(start) ?? throw new InvalidOperationException("The DevHost process did not start."),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        try
        {
            await host.WaitUntilServingAsync(timeout ?? TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            await host.DisposeAsync(); // never leave a host behind that would take the next one's work
            throw;
        }
    }

    /// <summary>SIGKILL: the process ends at once, as in a crash or an out-of-memory kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the graceful stop a person's Ctrl+C or a container stop sends (a plain kill where there are no signals).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            await KillAsync();
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The DevHost exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // Any answer means routing, options validation and the durable engine are up (404: no such run).
                using HttpResponseMessage response = await http.GetAsync("api/runs/0", cts.Token);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cts.IsCancellationRequested))
            {
                await Task.Delay(100, cts.Token); // not listening yet, or one slow answer while it starts
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
