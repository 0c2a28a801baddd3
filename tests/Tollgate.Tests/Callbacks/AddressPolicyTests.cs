using System.Net;
using Tollgate.Callbacks;

namespace Tollgate.Tests.Callbacks;

/// <summary>The one address rule: every range callbacks must not reach, including IPv4 hidden inside IPv6.</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("0.1.2.3", AddressRange.Unspecified)]
    [InlineData("10.0.0.5", AddressRange.Private)]
    [InlineData("10.255.255.255", AddressRange.Private)]
    [InlineData("100.64.0.1", AddressRange.Private)]
    [InlineData("100.127.255.255", AddressRange.Private)]
    [InlineData("100.128.0.1", AddressRange.Public)]
    [InlineData("127.0.0.1", AddressRange.Loopback)]
    [InlineData("127.255.0.9", AddressRange.Loopback)]
    [InlineData("169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("169.254.0.1", AddressRange.LinkLocal)]
    [InlineData("172.16.0.1", AddressRange.Private)]
    [InlineData("172.31.255.255", AddressRange.Private)]
    [InlineData("172.32.0.1", AddressRange.Public)]
    [InlineData("172.15.255.255", AddressRange.Public)]
    [InlineData("192.0.0.8", AddressRange.Reserved)]
    [InlineData("192.0.2.1", AddressRange.Public)]
    [InlineData("192.168.1.1", AddressRange.Private)]
    [InlineData("198.18.0.1", AddressRange.Reserved)]
    [InlineData("198.19.255.255", AddressRange.Reserved)]
    [InlineData("198.20.0.1", AddressRange.Public)]
    [InlineData("224.0.0.1", AddressRange.Multicast)]
    [InlineData("239.255.255.250", AddressRange.Multicast)]
    [InlineData("240.0.0.1", AddressRange.Reserved)]
    [InlineData("255.255.255.255", AddressRange.Reserved)]
    [InlineData("8.8.8.8", AddressRange.Public)]
    [InlineData("93.184.216.34", AddressRange.Public)]
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("::1", AddressRange.Loopback)]
    [InlineData("fc00::1", AddressRange.Private)]
    [InlineData("fd12:3456::1", AddressRange.Private)]
    [InlineData("fe80::1", AddressRange.LinkLocal)]
    [InlineData("febf::1", AddressRange.LinkLocal)]
    [InlineData("fec0::1", AddressRange.Private)]
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("2001:4860:4860::8888", AddressRange.Public)]
    [InlineData("::ffff:169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("::ffff:10.0.0.5", AddressRange.Private)]
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("::ffff:8.8.8.8", AddressRange.Public)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.LinkLocal)]
    [InlineData("64:ff9b::808:808", AddressRange.Public)]
    [InlineData("::10.0.0.5", AddressRange.Private)]
    [InlineData("::127.0.0.1", AddressRange.Loopback)]
    [InlineData("2002:a9fe:a9fe::1", AddressRange.LinkLocal)]
    [InlineData("2002:c0a8:0101::1", AddressRange.Private)]
    [InlineData("2002:0808:0808::1", AddressRange.Public)]
    public void EachAddressFallsInItsRange(string address, AddressRange expected) =>
        Assert.Equal(expected, AddressPolicy.Classify(IPAddress.Parse(address)));

    [Fact]
    public void OnlyPublicAddressesAreAdmittedByDefault()
    {
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse("8.8.8.8"), allowListed: false, allowLoopback: false));
        Assert.Equal("10.0.0.5 is a private address", AddressPolicy.Refusal(IPAddress.Parse("10.0.0.5"), allowListed: false, allowLoopback: false));
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Loopback, allowListed: false, allowLoopback: false));
    }

    [Fact]
    public void TheDevHostSwitchAdmitsLoopbackOnly()
    {
        Assert.Null(AddressPolicy.Refusal(IPAddress.Loopback, allowListed: false, allowLoopback: true));
        Assert.Null(AddressPolicy.Refusal(IPAddress.IPv6Loopback, allowListed: false, allowLoopback: true));
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse("192.168.1.1"), allowListed: false, allowLoopback: true));
    }

    [Fact]
    public void AnAllowListedHostMayBePrivateButNeverLoopbackOrLinkLocal()
    {
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse("10.0.0.5"), allowListed: true, allowLoopback: false));
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse("fd00::5"), allowListed: true, allowLoopback: false));
        // A name on the list that came to resolve to loopback would reach the worker's own endpoints.
        Assert.Contains("loopback", AddressPolicy.Refusal(IPAddress.Loopback, allowListed: true, allowLoopback: false), StringComparison.Ordinal);
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse("0.0.0.0"), allowListed: true, allowLoopback: false));
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse("224.0.0.1"), allowListed: true, allowLoopback: false));
        Assert.Contains("link-local", AddressPolicy.Refusal(IPAddress.Parse("169.254.169.254"), allowListed: true, allowLoopback: true), StringComparison.Ordinal);
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse("fe80::1"), allowListed: true, allowLoopback: true));
    }
}
