package dev.eventhub.api.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A range of IP addresses written as CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}) or as one address
 * ({@code 127.0.0.1}, a {@code /32} or {@code /128}), as settings such as {@code
 * outbound.allowNetworks} hold them. IPv4 and IPv6 ranges never contain each other's addresses
 * (compare an IPv4-mapped IPv6 address through the IPv4 address it maps).
 *
 * <p>Only literal addresses are accepted: parsing never looks a name up. Immutable and thread-safe.
 */
public final class Cidr {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code address/prefix} or a lone address.
   *
   * @throws IllegalArgumentException saying what is wrong, when {@code text} is not a literal IPv4 or
   *     IPv6 address with an optional prefix length that fits it
   */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a network must be an address or address/prefix, got '" + text + "'");
    }
    String s = text.trim();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address (names are not accepted)");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to " + max);
      }
    }
    return new Cidr(mask(bytes, prefix), prefix, s);
  }

  /**
   * The bytes of a literal IPv4 (4 bytes) or IPv6 (16 bytes) address, or {@code null} when {@code
   * address} is not one (a name, or anything else); never looks a name up. IPv4 must be written as
   * four dotted decimals without leading zeros; an IPv6 literal may be in brackets.
   */
  public static byte[] literal(String address) {
    if (address == null) {
      return null;
    }
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
        : address;
    boolean v4 = IPV4.matcher(a).matches();
    if (!v4 && !IPV6.matcher(a).matches()) {
      return null;
    }
    if (v4) {
      for (String part : a.split("\\.")) {
        // A leading zero reads as octal to some resolvers and as decimal to others: not a literal.
        if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
          return null;
        }
      }
    }
    try {
      // Only a literal reaches here, which InetAddress parses without a lookup.
      InetAddress parsed = InetAddress.getByName(a);
      byte[] bytes = parsed.getAddress();
      // InetAddress turns an IPv4-mapped IPv6 literal into IPv4; keep the family that was written.
      if (!v4 && bytes.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} lies in this range; an address of the other family never does. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  /** As {@link #contains(InetAddress)}, for the raw bytes of an address (4 or 16). */
  public boolean contains(byte[] address) {
    return address.length == network.length && java.util.Arrays.equals(mask(address, prefix), network);
  }

  /** The prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6. */
  public int prefixLength() {
    return prefix;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefix;
  }

  /** As it was written. */
  @Override
  public String toString() {
    return text;
  }
}
