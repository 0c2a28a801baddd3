using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tollgate.Hosting;
using Tollgate.Telemetry;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddTollgate();

IOpenTelemetryBuilder telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource(TollgateTelemetry.SourceName).AddHttpClientInstrumentation())
    .WithMetrics(metrics => metrics.AddMeter(TollgateTelemetry.SourceName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // The exporter reads the connection string itself; with APPLICATIONINSIGHTS_AUTHENTICATION_STRING
    // set (Azure), it authenticates with the managed identity instead of an instrumentation key.
    telemetry.UseAzureMonitorExporter();
}

builder.Build().Run();
