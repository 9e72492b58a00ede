package dev.eventhub.kit.http;

import dev.eventhub.api.Glob;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hub's rule for browser origins on routes that take a token from a script (a WebSocket upgrade, an
 * MCP endpoint): a request without {@code Origin} (not from a browser) passes; a page served by the hub
 * itself (the console) sends an origin whose scheme, host and port are those the request came to; a page
 * elsewhere needs to be listed, so that another site's script cannot ride a visitor's token or reach a
 * local hub by DNS rebinding.
 */
public final class Origins {
  private final List<String> allowed;

  /** @param allowed origins allowed besides the hub's own: exact values or {@link Glob}s, {@code *} for all */
  public Origins(List<String> allowed) {
    this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether {@code request} may proceed: no {@code Origin}, the hub's own, or a listed one. */
  public boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    return origin == null || sameOrigin(origin, request) || listed(origin.toLowerCase(Locale.ROOT));
  }

  private boolean listed(String origin) {
    for (String pattern : allowed) {
      if (Glob.matches(pattern, origin)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code origin} is the origin of the hub as {@code request} reached it. */
  public static boolean sameOrigin(String origin, HttpServerRequest request) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (Exception e) {
      return false;
    }
    HostAndPort authority = request.authority();
    if (uri.getScheme() == null || uri.getHost() == null || authority == null || uri.getRawPath() != null
        && !uri.getRawPath().isEmpty()) {
      return false;
    }
    String scheme = request.isSSL() ? "https" : "http";
    return scheme.equalsIgnoreCase(uri.getScheme())
        && stripBrackets(authority.host()).equalsIgnoreCase(stripBrackets(uri.getHost()))
        && port(uri.getPort(), scheme) == port(authority.port(), scheme);
  }

  private static int port(int port, String scheme) {
    return port > 0 ? port : "https".equals(scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
