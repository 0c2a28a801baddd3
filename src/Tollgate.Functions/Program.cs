using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
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

// One credential for the app: tables, models and telemetry. AZURE_CLIENT_ID selects the user-assigned identity.
var credential = new DefaultAzureCredential();
builder.Services.AddSingleton<TokenCredential>(credential);
builder.Services.AddTollgate();

IOpenTelemetryBuilder telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource(TollgateTelemetry.SourceName).AddHttpClientInstrumentation())
    .WithMetrics(metrics => metrics.AddMeter(TollgateTelemetry.SourceName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Application Insights has local authentication off: telemetry is accepted only with Entra ID,
    // so the exporter signs in with the app's managed identity.
    telemetry.UseAzureMonitorExporter(options => options.Credential = credential);
}

builder.Build().Run();
