using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Prompts;

namespace Tollgate.Caching;

/// <summary>
/// Everything that shapes a model's answer, as far as it is known before the request is sent: the deployment
/// (its catalog entry, endpoint kind and address, and the configured deployment or model name — the "model and
/// version" Tollgate can know before asking; the model id the provider answers with is recorded on the entry, not
/// keyed), the exact rendered messages, the step's output cap, the temperature, the seed and the response schema.
/// <see cref="Hash"/> is the lower-case hex SHA-256 of a length-prefixed canonical form of all of them, so no two
/// different requests share a key by concatenation and any change of any part is a different key.
/// </summary>
/// <remarks>
/// <see cref="MaxOutputTokens"/> is the step's cap, not the cap a budget or cost ceiling may have lowered for one
/// attempt: only answers that finished on their own (<c>stop</c>), or at the step's full cap, are stored, and either
/// is the answer a full-cap request gets. A repair attempt's two extra messages are not part of the key: a repaired
/// answer is stored as the answer to the step's request.
/// </remarks>
public sealed record ResponseCacheKey(
    string CatalogEntry,
    ModelEndpointKind Kind,
    string Endpoint,
    string Model,
    string System,
    string User,
    int MaxOutputTokens,
    float Temperature,
    long Seed,
    string SchemaName,
    string SchemaJson)
{
    /// <summary>The version of the canonical form; a new one makes every earlier entry unreachable (a miss).</summary>
    public const string Format = "tollgate.response-cache.v1";

    /// <summary>The temperature the gateway always sends.</summary>
    public const float GatewayTemperature = 0f;

    /// <summary>Lower-case hex SHA-256 of the canonical form: the entry's partition key.</summary>
    public string Hash
    {
        get
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> length = stackalloc byte[4];
            foreach (string part in Parts())
            {
                byte[] bytes = Encoding.UTF8.GetBytes(part);
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                hash.AppendData(length);
                hash.AppendData(bytes);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    /// <summary>The key of a request for <paramref name="prompt"/> with the step's cap and schema to one catalog entry.</summary>
    public static ResponseCacheKey For(string catalogEntry, ModelDeploymentOptions deployment, RenderedPrompt prompt, int maxOutputTokens,
        OutputSchema? schema)
    {
        ArgumentNullException.ThrowIfNull(catalogEntry);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(prompt);
        return new ResponseCacheKey(
            // The catalog is case-insensitive: "Fallback" and "fallback" are one entry.
            catalogEntry.ToUpperInvariant(),
            deployment.Kind,
            deployment.Endpoint?.AbsoluteUri ?? "",
            deployment.Deployment,
            prompt.System,
            prompt.User,
            maxOutputTokens,
            GatewayTemperature,
            ModelGateway.SeedOf(prompt),
            schema?.Name ?? "",
            schema?.Json ?? "");
    }

    private IEnumerable<string> Parts()
    {
        yield return Format;
        yield return CatalogEntry;
        yield return Kind.ToString();
        yield return Endpoint;
        yield return Model;
        yield return "system";
        yield return System;
        yield return "user";
        yield return User;
        yield return MaxOutputTokens.ToString(CultureInfo.InvariantCulture);
        yield return Temperature.ToString("R", CultureInfo.InvariantCulture);
        yield return Seed.ToString(CultureInfo.InvariantCulture);
        yield return SchemaName;
        yield return SchemaJson;
    }
}
