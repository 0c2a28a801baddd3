using System.Net;
using System.Net.Sockets;

namespace Tollgate.Callbacks;

/// <summary>
/// The one rule for where a callback may connect: every address is classified (<see cref="Classify"/>); only
/// <see cref="AddressRange.Public"/> is admitted, loopback too when the DevHost allows it, and
/// <see cref="AddressRange.Private"/> for a host the operator allow-listed (never loopback, link-local, unspecified,
/// multicast or reserved). IPv6 addresses that embed an IPv4 address (mapped, NAT64, compatible,
/// 6to4) are judged by the embedded address, so <c>[::ffff:169.254.169.254]</c> is link-local, not public.
/// </summary>
public static class AddressPolicy
{
    public static AddressRange Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressRange.Reserved;
        }

        byte[] b = address.GetAddressBytes();
        if (EmbeddedV4(b) is { } v4)
        {
            return ClassifyV4(v4);
        }

        if (b.All(x => x == 0))
        {
            return AddressRange.Unspecified;
        }

        if (b.Take(15).All(x => x == 0) && b[15] == 1)
        {
            return AddressRange.Loopback;
        }

        return b[0] switch
        {
            0xff => AddressRange.Multicast,
            0xfc or 0xfd => AddressRange.Private,                       // fc00::/7 unique local
            0xfe when (b[1] & 0xc0) == 0x80 => AddressRange.LinkLocal,  // fe80::/10
            0xfe when (b[1] & 0xc0) == 0xc0 => AddressRange.Private,    // fec0::/10 site local (deprecated, still routable inside)
            _ => AddressRange.Public,
        };
    }

    /// <summary>
    /// Why a connection to <paramref name="address"/> is refused, or null when it is admitted. <paramref name="allowListed"/>:
    /// the host is in <c>Tollgate:Callbacks:AllowedHosts</c>; <paramref name="allowLoopback"/>: the DevHost's switch.
    /// </summary>
    public static string? Refusal(IPAddress address, bool allowListed, bool allowLoopback)
    {
        AddressRange range = Classify(address);
        bool admitted = range switch
        {
            AddressRange.Public => true,
            // Only the DevHost's switch admits loopback: an allow-listed name that came to resolve to 127.0.0.1 would
            // reach the worker's own local endpoints.
            AddressRange.Loopback => allowLoopback,
            // An allow-list exists for internal receivers, on private networks; nothing else is one (cloud metadata and
            // link-local neighbours, unspecified, multicast, reserved).
            AddressRange.Private => allowListed,
            _ => false,
        };
        return admitted ? null : $"{address} is {Describe(range)}";
    }

    public static string Describe(AddressRange range) => range switch
    {
        AddressRange.Loopback => "a loopback address",
        AddressRange.LinkLocal => "a link-local address (e.g. the cloud metadata service)",
        AddressRange.Private => "a private address",
        AddressRange.Unspecified => "the unspecified address",
        AddressRange.Multicast => "a multicast address",
        AddressRange.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static AddressRange ClassifyV4(byte[] b) => b[0] switch
    {
        0 => AddressRange.Unspecified,
        10 => AddressRange.Private,
        100 when (b[1] & 0xc0) == 64 => AddressRange.Private,          // 100.64.0.0/10 carrier-grade NAT
        127 => AddressRange.Loopback,
        169 when b[1] == 254 => AddressRange.LinkLocal,
        172 when (b[1] & 0xf0) == 16 => AddressRange.Private,
        192 when b[1] == 0 && b[2] == 0 => AddressRange.Reserved,      // 192.0.0.0/24 IETF protocol assignments
        192 when b[1] == 168 => AddressRange.Private,
        198 when (b[1] & 0xfe) == 18 => AddressRange.Reserved,         // 198.18.0.0/15 benchmarking
        >= 224 and <= 239 => AddressRange.Multicast,
        >= 240 => AddressRange.Reserved,                               // 240.0.0.0/4 and 255.255.255.255
        _ => AddressRange.Public,
    };

    /// <summary>The IPv4 address an IPv6 address carries: ::ffff:0:0/96, 64:ff9b::/96, ::/96 (compatible), 2002::/16 (6to4).</summary>
    private static byte[]? EmbeddedV4(byte[] b)
    {
        bool firstTenZero = b.Take(10).All(x => x == 0);
        if (firstTenZero && b[10] == 0xff && b[11] == 0xff)
        {
            return b[12..16];
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return b[12..16];
        }

        // ::/96 compatible, but not :: and ::1 themselves (judged as IPv6 above).
        if (firstTenZero && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return b[12..16];
        }

        return b[0] == 0x20 && b[1] == 0x02 ? b[2..6] : null;
    }
}
