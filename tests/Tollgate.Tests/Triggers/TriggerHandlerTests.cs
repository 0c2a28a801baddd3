using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Intake;
using Tollgate.Runs;
using Tollgate.Tests.Intake;
using Tollgate.Tests.Support;
using Tollgate.Triggers;
using Tollgate.Workflows;

namespace Tollgate.Tests.Triggers;

/// <summary>
/// Every answer of <c>POST /api/triggers/{name}</c> short of starting a run, on a fake clock. The run store points at a
/// closed port (a write would throw) and the Durable client records any schedule: none of these changes anything.
/// </summary>
public sealed class TriggerHandlerTests : IAsyncDisposable
{
    private const string Secret = "whsec_stripe_endpoint_secret_for_tests";
    private const string Body = """{"id":"evt_1","type":"invoice.payment_failed","data":{"object":{"customer_email":"ana@example.com","description":"Card declined twice."}}}""";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", CultureInfo.InvariantCulture));
    private readonly RecordingDurableClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static Dictionary<string, string?> Stripe(string? secret = Secret) => new()
    {
        ["Tollgate:Triggers:stripe-failures:Kind"] = "Stripe",
        ["Tollgate:Triggers:stripe-failures:Secrets:0"] = secret,
        ["Tollgate:Triggers:stripe-failures:Workflow"] = "classify",
        ["Tollgate:Triggers:stripe-failures:Events:0"] = "invoice.payment_failed",
        ["Tollgate:Triggers:stripe-failures:Input:text"] = "/data/object/description",
        ["Tollgate:Triggers:stripe-failures:User"] = "/data/object/customer_email",
    };

    private async Task<IResult> PostAsync(string body, DateTimeOffset signedAt, Dictionary<string, string?>? settings = null, string name = "stripe-failures",
        string contentType = "application/json", string secret = Secret)
    {
        var options = new TriggerOptions();
        options.Load(new ConfigurationBuilder().AddInMemoryCollection(settings ?? Stripe()).Build().GetSection(TriggerOptions.SectionName));
        Assert.True(new TriggerOptionsValidator().Validate(null, options).Succeeded);

        RunStore runs = UnreachableStorage.CreateRunStore();
        var start = new StartRunHandler(runs, new RunLauncher(runs, NullLogger<RunLauncher>.Instance),
            new WorkflowStarts(Options.Create(WorkflowOptions.From(new ConfigurationBuilder().Build()))),
            Options.Create(new IntakeOptions()), _clock, NullLogger<StartRunHandler>.Instance);
        var handler = new TriggerHandler(start, new StaticMonitor(options), Options.Create(new IntakeOptions()),
            [new GitHubSource(), new StripeSource(), new SlackSource(), new StandardWebhooksSource()], _clock, NullLogger<TriggerHandler>.Instance);

        byte[] bytes = Encoding.UTF8.GetBytes(body);
        string t = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.Headers[StripeSource.SignatureHeader] = $"t={t},v1={v1}";
        return await handler.HandleAsync(context.Request, name, _client, CancellationToken.None);
    }

    [Fact]
    public async Task AStaleOrFutureDeliveryIs401AsTheClockMoves()
    {
        DateTimeOffset signedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(301));

        ProblemAssert.Is(await PostAsync(Body, signedAt), StatusCodes.Status401Unauthorized, "invalid-signature");
        ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow().AddSeconds(301)), StatusCodes.Status401Unauthorized, "invalid-signature");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task AWrongSecretIs401()
    {
        ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow(), secret: "whsec_someone_elses_endpoint_secret"), StatusCodes.Status401Unauthorized, "invalid-signature");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task AnEventNotInTheFilterIs202AndIgnored()
    {
        IResult result = await PostAsync(Body.Replace("invoice.payment_failed", "invoice.paid", StringComparison.Ordinal), _clock.GetUtcNow());

        Accepted<TriggerIgnored> ignored = Assert.IsType<Accepted<TriggerIgnored>>(result);
        Assert.True(ignored.Value!.Ignored);
        Assert.Contains("invoice.paid", ignored.Value.Reason, StringComparison.Ordinal);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task AnEventWithNoUserOrTextIs422NamingTheSettingAndPointer()
    {
        Microsoft.AspNetCore.Mvc.ProblemDetails noUser = ProblemAssert.Is(
            await PostAsync(Body.Replace("customer_email", "customer_name", StringComparison.Ordinal), _clock.GetUtcNow()),
            StatusCodes.Status422UnprocessableEntity, "unmappable-event");
        Microsoft.AspNetCore.Mvc.ProblemDetails noText = ProblemAssert.Is(
            await PostAsync(Body.Replace("\"description\"", "\"memo\"", StringComparison.Ordinal), _clock.GetUtcNow()),
            StatusCodes.Status422UnprocessableEntity, "unmappable-event");

        Assert.Contains("Tollgate:Triggers:stripe-failures:User (/data/object/customer_email)", noUser.Detail, StringComparison.Ordinal);
        Assert.Contains("Tollgate:Triggers:stripe-failures:Input:text (/data/object/description)", noText.Detail, StringComparison.Ordinal);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task ARefusedCallbackUrlIs503SoTheSenderDeliversAgainLater()
    {
        // This handler has no callback targets, so any callback URL is refused (as one that stopped resolving would be):
        // the setting is at fault, not the event, and a 4xx would make the sender drop it.
        Dictionary<string, string?> settings = Stripe();
        settings["Tollgate:Triggers:stripe-failures:CallbackUrl"] = "https://receiver.example/hook";

        Microsoft.AspNetCore.Mvc.ProblemDetails problem = ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow(), settings),
            StatusCodes.Status503ServiceUnavailable, "trigger-callback-refused");

        Assert.Contains("stripe-failures", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task AnInputTheWorkflowRefusesIs422()
    {
        string tooLong = Body.Replace("Card declined twice.", new string('x', 20_001), StringComparison.Ordinal);

        Microsoft.AspNetCore.Mvc.ProblemDetails problem = ProblemAssert.Is(await PostAsync(tooLong, _clock.GetUtcNow()), StatusCodes.Status422UnprocessableEntity, "unmappable-event");

        Assert.Contains("Input:text (/data/object/description) maps to an input classify refuses", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task ASignedBodyThatIsNotJsonOrHasNoIdIs400()
    {
        ProblemAssert.Is(await PostAsync("{\"id\":", _clock.GetUtcNow()), StatusCodes.Status400BadRequest, "malformed-json");
        ProblemAssert.Is(await PostAsync("""{"type":"invoice.payment_failed"}""", _clock.GetUtcNow()), StatusCodes.Status400BadRequest, "incomplete-delivery");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task UnknownTriggersUnresolvedSecretsAndNonJsonBodiesAreRefusedBeforeVerification()
    {
        ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow(), name: "stripe"), StatusCodes.Status404NotFound, "unknown-trigger");
        ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow(), Stripe("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/stripe)")),
            StatusCodes.Status503ServiceUnavailable, "trigger-not-ready");
        ProblemAssert.Is(await PostAsync(Body, _clock.GetUtcNow(), contentType: "application/x-www-form-urlencoded"), StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type");
        Assert.Empty(_client.Calls);
    }

    private sealed class StaticMonitor(TriggerOptions value) : IOptionsMonitor<TriggerOptions>
    {
        public TriggerOptions CurrentValue => value;

        public TriggerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TriggerOptions, string?> listener) => null;
    }
}
