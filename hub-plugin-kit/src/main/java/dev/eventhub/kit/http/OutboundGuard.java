package dev.eventhub.kit.http;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.Cidr;
import dev.eventhub.api.spi.OutboundSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which addresses an outbound call may reach (see {@link AddressRules}, opened by the hub's
 * {@code outbound.allowNetworks}), and resolves a target's name to one checked address: {@link
 * OutboundClient} then connects to that address and no other, so a name whose DNS answer changes
 * between the check and the connection (rebinding) cannot slip through. Thread-safe.
 */
public final class OutboundGuard {
  /** The setting that opens refused ranges, for messages. */
  public static final String SETTING = "outbound.allowNetworks";
  private static final Pattern NUMERIC = Pattern.compile("\\d{1,10}(\\.\\d{1,10}){0,3}");

  /** Looks a name up; blocking, so the guard calls it on a worker thread. */
  @FunctionalInterface
  public interface Resolver {
    /** Every address of {@code host}. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** A call refused because of where it would go; the message names the rule. */
  public static final class RefusedAddressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RefusedAddressException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final OutboundSettings settings;
  private final Resolver resolver;

  /** A guard that looks names up with the JDK's resolver. */
  public OutboundGuard(Vertx vertx, OutboundSettings settings) {
    this(vertx, settings, host -> List.of(InetAddress.getAllByName(host)));
  }

  /** A guard that looks names up with {@code resolver} (tests use one that changes its answers). */
  public OutboundGuard(Vertx vertx, OutboundSettings settings, Resolver resolver) {
    this.vertx = vertx;
    this.settings = settings;
    this.resolver = resolver;
  }

  /** The hub's outbound settings this guard applies. */
  public OutboundSettings settings() {
    return settings;
  }

  /**
   * Why a call to {@code address} (4 or 16 bytes) is refused, e.g. {@code loopback (127.0.0.0/8)},
   * or {@code null} when it may go: no rule refuses it, or {@code outbound.allowNetworks} opens it (or
   * the IPv4 address it carries).
   */
  public String refusal(byte[] address) {
    String rule = AddressRules.refusedBy(address);
    if (rule == null) {
      return null;
    }
    byte[] carried = AddressRules.carriedIpv4(address);
    for (Cidr network : settings.allowNetworks()) {
      if (network.contains(address) || (carried != null && network.contains(carried))) {
        return null;
      }
    }
    return rule;
  }

  /**
   * Resolves {@code host} (a name, or a literal address) off the event loop and checks every address
   * it has; completes with the first, the one to connect to, or fails with a {@link
   * RefusedAddressException} naming the rule when any is refused (or an {@link UnknownHostException}).
   */
  public Future<InetAddress> resolve(String host) {
    byte[] literal = literal(host);
    if (literal != null) {
      try {
        InetAddress address = InetAddress.getByAddress(literal);
        String rule = refusal(literal);
        return rule == null ? Future.succeededFuture(address) : Future.failedFuture(refused(host, address, rule));
      } catch (UnknownHostException e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(() -> check(host, resolver.resolve(host)), false);
  }

  private InetAddress check(String host, List<InetAddress> addresses) throws UnknownHostException {
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host + ": no address");
    }
    for (InetAddress address : addresses) {
      String rule = refusal(address.getAddress());
      if (rule != null) {
        throw refused(host, address, rule);
      }
    }
    return addresses.get(0);
  }

  private static RefusedAddressException refused(String host, InetAddress address, String rule) {
    String where = literal(host) != null ? host : host + " (" + address.getHostAddress() + ")";
    return new RefusedAddressException("refused to call " + where + ": a " + rule + " address; setting '"
        + SETTING + "' opens it");
  }

  /**
   * Checks a target URL when it is given, so that what can never be called is refused at once: a
   * literal address that is refused, or the name {@code localhost} (or a name under {@code
   * .localhost}) unless loopback is opened; names are looked up only when called.
   *
   * @param field the field that holds the URL, for the message
   * @throws HubException {@code bad_request} naming the field and the rule
   */
  public void checkTarget(String field, URI url) {
    String host = url.getHost();
    if (host == null) {
      return;
    }
    byte[] address = literal(host);
    if (address == null && isLocalhost(host)) {
      address = new byte[] {127, 0, 0, 1};
    }
    String rule = address == null ? null : refusal(address);
    if (rule != null) {
      throw HubException.badRequest("field '" + field + "': " + host + " is a " + rule + " address, which is"
          + " refused (setting '" + SETTING + "' opens ranges)");
    }
  }

  /**
   * Refuses a target that is literally this hub's own endpoint: a loopback or unspecified address
   * (or {@code localhost}) at the hub's HTTP port, under {@code pathPrefix}. A call through any other
   * name is stopped by the {@value OutboundSettings#HOP_HEADER} header instead.
   *
   * @throws HubException {@code bad_request} naming the field
   */
  public void checkNotSelf(String field, URI url, String pathPrefix) {
    String host = url.getHost();
    if (host == null || settings.httpPort() < 0 || url.getPath() == null || !url.getPath().startsWith(pathPrefix)) {
      return;
    }
    int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    byte[] address = literal(host);
    boolean local = isLocalhost(host) || (address != null && isLocal(address));
    if (local && port == settings.httpPort()) {
      throw HubException.badRequest("field '" + field + "': " + url.getHost() + ":" + port + url.getPath()
          + " is this hub's own " + pathPrefix + " endpoint; delivering there would loop");
    }
  }

  private static boolean isLocal(byte[] address) {
    byte[] carried = AddressRules.carriedIpv4(address);
    String rule = AddressRules.refusedBy(carried != null ? carried : address);
    return rule != null && (rule.startsWith("loopback") || rule.startsWith("unspecified"));
  }

  private static boolean isLocalhost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    return h.equals("localhost") || h.endsWith(".localhost");
  }

  /**
   * The bytes of {@code host} when it is a literal address, or {@code null} for a name: dotted IPv4,
   * IPv6 (bracketed or not), and the shorter numeric IPv4 forms resolvers accept ({@code 127.1},
   * {@code 2130706433}); never looks a name up.
   */
  public static byte[] literal(String host) {
    byte[] bytes = Cidr.literal(host);
    if (bytes != null || host == null || !NUMERIC.matcher(host).matches()) {
      return bytes;
    }
    // inet_aton's forms: the last part fills the remaining bytes.
    String[] parts = host.split("\\.");
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long part = Long.parseLong(parts[i]);
      boolean last = i == parts.length - 1;
      long limit = last ? (1L << (8 * (4 - i))) - 1 : 255;
      if (part > limit) {
        return null;
      }
      value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
    }
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }
}
