using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tollgate.Triggers;

/// <summary>What every source's verification shares: one header value, HMAC-SHA256 and a constant-time comparison, timestamps.</summary>
internal static class TriggerSignatures
{
    /// <summary>The header's one value; null when it is missing, empty or sent more than once (ambiguous: refused).</summary>
    public static string? Single(IHeaderDictionary headers, string name, out string? problem)
    {
        StringValues values = headers[name];
        problem = values.Count switch
        {
            0 => $"{name} is missing",
            > 1 => $"{name} is sent {values.Count} times",
            _ when string.IsNullOrEmpty(values[0]) => $"{name} is empty",
            _ => null,
        };
        return problem is null ? values[0] : null;
    }

    /// <summary>HMAC-SHA256 under <paramref name="key"/> of the <paramref name="prefix"/> parts followed by <paramref name="body"/>.</summary>
    public static byte[] Hmac(byte[] key, ReadOnlySpan<byte> body, params ReadOnlySpan<byte[]> prefix)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (byte[] part in prefix)
        {
            hmac.AppendData(part);
        }

        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>Whether a hex signature equals <paramref name="expected"/>, in constant time; false if it is not hex of the right length.</summary>
    public static bool HexEquals(byte[] expected, string candidate)
    {
        if (candidate.Length != expected.Length * 2)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(candidate);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Whether a base64 signature equals <paramref name="expected"/>, in constant time; false if it is not base64 of the right length.</summary>
    public static bool Base64Equals(byte[] expected, string candidate)
    {
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(candidate, given, out int length) && length == expected.Length
            && CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>The Unix-seconds timestamp's problem with respect to <paramref name="now"/>, or null when within the tolerance either way.</summary>
    public static string? TimestampProblem(string value, DateTimeOffset now, TimeSpan tolerance, string name)
    {
        if (value.Length is 0 or > 12 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return $"{name} is not a Unix timestamp in seconds";
        }

        long skew = now.ToUnixTimeSeconds() - seconds;
        return skew > tolerance.TotalSeconds ? $"{name} is {skew} s old (the window is {tolerance.TotalSeconds} s)"
            : -skew > tolerance.TotalSeconds ? $"{name} is {-skew} s in the future (the window is {tolerance.TotalSeconds} s)"
            : null;
    }

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
