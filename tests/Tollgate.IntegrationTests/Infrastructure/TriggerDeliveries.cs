using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>Deliveries signed as each provider signs them, computed here independently of the app's verifiers.</summary>
public static class TriggerDeliveries
{
    public static HttpRequestMessage GitHub(string trigger, string secret, string deliveryId, string githubEvent, string payload)
    {
        byte[] body = Encoding.UTF8.GetBytes(payload);
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{trigger}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-GitHub-Event", githubEvent);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    public static HttpRequestMessage StandardWebhook(string trigger, string secret, string id, DateTimeOffset timestamp, string payload)
    {
        string seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] key = Convert.FromBase64String(secret["whsec_".Length..]);
        string signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{seconds}.{payload}")));
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{trigger}") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds);
        request.Headers.Add("webhook-signature", "v1," + signature);
        return request;
    }
}
