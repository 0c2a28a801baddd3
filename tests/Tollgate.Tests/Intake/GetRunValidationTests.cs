using Microsoft.AspNetCore.Http;
using Tollgate.Intake;
using Tollgate.Tests.Support;

namespace Tollgate.Tests.Intake;

/// <summary>
/// <c>GET /api/runs/{runId}</c>: an id that cannot be a run id is simply not found, without a
/// storage round trip (the handler's store points at a closed port, so one would throw).
/// </summary>
public sealed class GetRunValidationTests : IAsyncDisposable
{
    private readonly RecordingDurableClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();
    private readonly GetRunHandler _handler = new(UnreachableStorage.CreateRunStore());

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef")]
    [InlineData("{0123456789abcdef0123456789abcdef}")]
    [InlineData("../x")]
    [InlineData("..%2F..%2Fx")]
    [InlineData("0123456789abcdef0123456789abcdef/../x")]
    [InlineData("' or PartitionKey ne '")]
    [InlineData(" 0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef ")]
    public async Task AMalformedIdIsNotFoundWithoutTouchingStorage(string runId)
    {
        IResult result = await _handler.HandleAsync(runId, _client, CancellationToken.None);

        ProblemAssert.Is(result, StatusCodes.Status404NotFound, "run-not-found");
        Assert.Empty(_client.Calls);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef\n")]
    [InlineData("\n0123456789abcdef0123456789abcdef")]
    public async Task AnIdWithANewlineIsNotFoundWithoutTouchingStorage(string runId)
    {
        // A route value is URL-decoded, so /api/runs/{id}%0A arrives with a trailing newline.
        IResult result = await _handler.HandleAsync(runId, _client, CancellationToken.None);

        ProblemAssert.Is(result, StatusCodes.Status404NotFound, "run-not-found");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task ANullIdIsNotFound()
    {
        IResult result = await _handler.HandleAsync(null!, _client, CancellationToken.None);

        ProblemAssert.Is(result, StatusCodes.Status404NotFound, "run-not-found");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task AWellFormedIdIsLookedUpInStorage()
    {
        // The counterpart of the tests above: the same store does throw when the handler uses it,
        // so their 404s prove that no lookup happened.
        string runId = Guid.CreateVersion7().ToString("N");

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => _handler.HandleAsync(runId, _client, CancellationToken.None));

        UnreachableStorage.AssertReachedStorage(thrown);
        Assert.Empty(_client.Calls);
    }
}
