using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Telemetry;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// A run over its workflow's latency budget, end to end, without waiting for it: the DevHost's clock measures
/// elapsed time ten thousand times too long (a millisecond reads as ten seconds), so any real model call passes
/// classify's ten-second budget. Only the gateway measures elapsed time with it; dates are the real ones.
/// </summary>
public sealed class LatencyBudgetRunTests : IAsyncLifetime, IDisposable
{
    private readonly DevHostFixture _fixture = new() { Configure = builder => builder.Services.AddSingleton<TimeProvider>(new DilatedTime()) };
    private readonly MeterListener _listener = new();
    private int _classifyBreaches;

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TollgateTelemetry.SourceName && instrument.Name == "tollgate.run.latency_budget.breaches")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == TollgateTelemetry.Attributes.Workflow && tag.Value as string == "classify")
                {
                    Interlocked.Add(ref _classifyBreaches, (int)value);
                }
            }
        });
        _listener.Start();
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task ARunWhoseModelLatencyPassesItsBudgetCompletesAndSaysSo()
    {
        JsonElement run = await _fixture.RunAsync("classify", "slow-user", new { text = $"Everything is slow today. {Guid.NewGuid():N}" });

        Assert.Equal("Completed", run.Text("status"));
        Assert.Equal(10_000, run.GetProperty("latencyBudgetMs").GetInt64());
        long latency = run.GetProperty("modelLatencyMs").GetInt64();
        Assert.True(latency > 10_000, $"Model latency {latency} ms should read as over the budget.");
        Assert.Equal(run.Attempts().Sum(a => a.GetProperty("latencyMs").GetInt64()), latency);
        Assert.True(run.GetProperty("latencyBudgetExceeded").GetBoolean());
        Assert.True(Volatile.Read(ref _classifyBreaches) >= 1, "The breach is counted in tollgate.run.latency_budget.breaches.");
    }

    /// <summary>The system clock, whose elapsed times read ten thousand times longer.</summary>
    private sealed class DilatedTime : TimeProvider
    {
        public override long TimestampFrequency => System.TimestampFrequency / 10_000;
    }
}
