using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Intake;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>A JSON POST as a trigger or handler receives it, for calling them without a server.</summary>
public static class JsonPost
{
    public static DefaultHttpContext Create(string json, string? idempotencyKey = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("tollgate.example");
        context.Request.ContentType = "application/json";
        byte[] body = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (idempotencyKey is not null)
        {
            context.Request.Headers[StartRunHandler.IdempotencyKeyHeader] = idempotencyKey;
        }

        return context;
    }
}
