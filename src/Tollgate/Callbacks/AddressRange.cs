namespace Tollgate.Callbacks;

/// <summary>What kind of address a callback would connect to, as <see cref="AddressPolicy"/> classifies it.</summary>
public enum AddressRange
{
    /// <summary>A public unicast address: callbacks may go there.</summary>
    Public,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>169.254.0.0/16 (including the cloud metadata address 169.254.169.254), fe80::/10.</summary>
    LinkLocal,

    /// <summary>10/8, 172.16/12, 192.168/16, 100.64/10 (shared), fc00::/7 (unique local), fec0::/10 (site local).</summary>
    Private,

    /// <summary>0.0.0.0/8, ::.</summary>
    Unspecified,

    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,

    /// <summary>192.0.0.0/24, 198.18.0.0/15 (benchmarking), 240.0.0.0/4 (including broadcast).</summary>
    Reserved,
}
