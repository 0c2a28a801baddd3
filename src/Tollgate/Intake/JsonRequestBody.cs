using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Intake;

/// <summary>Reads a JSON request body within the configured limit, or says why not (415, 413).</summary>
internal static class JsonRequestBody
{
    public static async Task<(Problem? Problem, byte[] Body)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (Problems.UnsupportedMediaType(), []);
        }

        if (request.ContentLength > limit)
        {
            return (Problems.TooLarge(limit), []);
        }

        byte[]? body = await ReadAtMostAsync(request.BodyReader, limit, cancellationToken).ConfigureAwait(false);
        return body is null ? (Problems.TooLarge(limit), []) : (null, body);
    }

    /// <summary>Reads a body of any type within <paramref name="limit"/> bytes, or 413.</summary>
    public static async Task<(Problem? Problem, byte[] Body)> ReadAnyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (Problems.TooLarge(limit), []);
        }

        byte[]? body = await ReadAtMostAsync(request.BodyReader, limit, cancellationToken).ConfigureAwait(false);
        return body is null ? (Problems.TooLarge(limit), []) : (null, body);
    }

    /// <summary>Returns null as soon as the body is longer than the limit (chunked bodies announce no length).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                byte[] body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
