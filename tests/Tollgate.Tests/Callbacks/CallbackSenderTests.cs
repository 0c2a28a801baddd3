using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Callbacks;

namespace Tollgate.Tests.Callbacks;

/// <summary>
/// The sender's connect step: it resolves the name itself, refuses before any socket opens if any address is one callbacks
/// may not reach, connects to the address it checked, and does not follow redirects.
/// </summary>
public sealed class CallbackSenderTests : IAsyncLifetime
{
    private readonly CallbackTestSupport.FakeResolver _resolver = new();
    private WebApplication _receiver = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref _requests);
            return Results.Ok();
        });
        _receiver.MapPost("/moved", () =>
        {
            Interlocked.Increment(ref _requests);
            return Results.Redirect("http://127.0.0.1:1/elsewhere");
        });
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private int Port => new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    private async Task<HttpResponseMessage> PostAsync(CallbackOptions options, string url)
    {
        using var sender = new CallbackSender(CallbackTestSupport.Targets(options, _resolver));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };
        return await sender.SendAsync(request, CancellationToken.None);
    }

    [Fact]
    public async Task ANameThatResolvesToAPrivateAddressIsRefusedBeforeConnecting()
    {
        _resolver.Names["receiver.test"] = [IPAddress.Parse("10.0.0.5")];

        HttpRequestException thrown = await Assert.ThrowsAsync<HttpRequestException>(() =>
            PostAsync(CallbackTestSupport.Options(loopback: true), $"http://receiver.test:{Port}/hook"));

        CallbackRefusedException? refused = CallbackSender.RefusalOf(thrown);
        Assert.NotNull(refused);
        Assert.Contains("10.0.0.5 is a private address", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["receiver.test"], _resolver.Asked);
    }

    [Fact]
    public async Task OneBadAddressAmongGoodOnesRefusesTheName()
    {
        // A resolver that answers a public and a loopback address cannot get the connect onto the loopback one.
        _resolver.Names["receiver.test"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Loopback];

        HttpRequestException thrown = await Assert.ThrowsAsync<HttpRequestException>(() =>
            PostAsync(CallbackTestSupport.Options(), $"https://receiver.test:{Port}/hook"));

        Assert.Contains("127.0.0.1 is a loopback address", CallbackSender.RefusalOf(thrown)!.Message, StringComparison.Ordinal);
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task TheConnectionGoesToTheAddressThatWasChecked()
    {
        // "receiver.test" exists in no DNS: the request can only arrive if the socket went to the resolver's checked answer.
        _resolver.Names["receiver.test"] = [IPAddress.Loopback];

        using HttpResponseMessage response = await PostAsync(CallbackTestSupport.Options(true, "receiver.test"), $"http://receiver.test:{Port}/hook");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public async Task ALoopbackTargetIsRefusedWithoutTheDevHostSwitch()
    {
        HttpRequestException thrown = await Assert.ThrowsAsync<HttpRequestException>(() =>
            PostAsync(CallbackTestSupport.Options(), $"http://127.0.0.1:{Port}/hook"));

        Assert.NotNull(CallbackSender.RefusalOf(thrown));
        Assert.Equal(0, _requests);
    }

    [Fact]
    public async Task ARedirectIsReturnedNotFollowed()
    {
        using HttpResponseMessage response = await PostAsync(CallbackTestSupport.Options(loopback: true), $"http://127.0.0.1:{Port}/moved");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, _requests);
        Assert.Equal(CallbackOutcome.Rejected, CallbackDelivery.Classify((int)response.StatusCode));
    }
}
