package dev.eventhub.kit.http;

import dev.eventhub.api.spi.Cidr;
import java.util.List;

/**
 * The ranges of addresses an outbound call refuses unless the hub's {@code outbound.allowNetworks}
 * opens them: what only the hub can reach (itself, its host, its network, cloud metadata services)
 * and what is no single server. IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64, 6to4) are judged by the IPv4 address they carry. Stateless and thread-safe.
 */
public final class AddressRules {
  private record Rule(Cidr range, String name) {}

  private static final List<Rule> IPV4 = List.of(
      rule("0.0.0.0/8", "unspecified"),
      rule("127.0.0.0/8", "loopback"),
      rule("10.0.0.0/8", "private"),
      rule("172.16.0.0/12", "private"),
      rule("192.168.0.0/16", "private"),
      rule("169.254.0.0/16", "link-local"),
      // Carrier-grade NAT space, which also holds a cloud metadata service (100.100.100.200).
      rule("100.64.0.0/10", "shared address space"),
      rule("224.0.0.0/4", "multicast"),
      rule("240.0.0.0/4", "reserved (broadcast included)"));

  private static final List<Rule> IPV6 = List.of(
      rule("::/128", "unspecified"),
      rule("::1/128", "loopback"),
      rule("fe80::/10", "link-local"),
      rule("fec0::/10", "site-local"),
      // Unique-local: fd00:ec2::254, a cloud metadata service, is one.
      rule("fc00::/7", "unique-local"),
      rule("ff00::/8", "multicast"));

  private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private AddressRules() {}

  private static Rule rule(String range, String name) {
    return new Rule(Cidr.parse(range), name + " (" + range + ")");
  }

  /**
   * The rule that refuses {@code address} (4 or 16 bytes), e.g. {@code loopback (127.0.0.0/8)}, or
   * {@code null} when none does.
   */
  public static String refusedBy(byte[] address) {
    if (address.length == 4) {
      return first(IPV4, address);
    }
    String own = first(IPV6, address);
    if (own != null) {
      return own;
    }
    byte[] carried = carriedIpv4(address);
    if (carried != null) {
      String rule = first(IPV4, carried);
      return rule == null ? null : rule + ", carried in the IPv6 address";
    }
    return null;
  }

  /**
   * The IPv4 address an IPv6 address carries (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
   * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}), or {@code null}.
   */
  public static byte[] carriedIpv4(byte[] address) {
    if (address.length != 16) {
      return null;
    }
    if (MAPPED.contains(address) || COMPATIBLE.contains(address) || NAT64.contains(address)) {
      return java.util.Arrays.copyOfRange(address, 12, 16);
    }
    if (SIX_TO_FOUR.contains(address)) {
      return java.util.Arrays.copyOfRange(address, 2, 6);
    }
    return null;
  }

  private static String first(List<Rule> rules, byte[] address) {
    for (Rule rule : rules) {
      if (rule.range().contains(address)) {
        return rule.name();
      }
    }
    return null;
  }
}
