using Microsoft.AspNetCore.Http;
using Tollgate.Intake;

namespace Tollgate.Tests.Intake;

/// <summary>Which run requests bypass the response cache: <c>Cache-Control: no-cache</c> or <c>no-store</c>, however written.</summary>
public sealed class CacheControlTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("no-cache", true)]
    [InlineData("No-Cache", true)]
    [InlineData("no-store", true)]
    [InlineData("max-age=60, no-cache", true)]
    [InlineData("max-age=0", false)]
    [InlineData("private", false)]
    [InlineData("no-cache=\"", false)] // does not parse: ignored
    public void NoCacheOrNoStoreBypassesTheCache(string? header, bool bypass)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.CacheControl = header;
        }

        Assert.Equal(bypass, StartRunHandler.BypassesCache(context.Request));
    }

    [Fact]
    public void SeveralHeaderLinesAreReadTogether()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.CacheControl = new Microsoft.Extensions.Primitives.StringValues(["max-age=60", "no-cache"]);

        Assert.True(StartRunHandler.BypassesCache(context.Request));
    }
}
