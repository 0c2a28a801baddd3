using Tollgate.ModelSimulator;

// Standalone: dotnet run --project src/Tollgate.ModelSimulator [--urls http://127.0.0.1:7072] [--Simulator:ModelVersions:<deployment>=<dated model id>] [--Simulator:ModelId=<one id for all>]
// Options come from the "Simulator" configuration section (appsettings, Simulator__... environment variables, command line).
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:7072");
}

// Per-request framework logs add nothing to the simulator's own line (deployment, status, token counts).
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddModelSimulator(builder.Configuration);

var app = builder.Build();
app.MapSimulator();
await app.RunAsync();
