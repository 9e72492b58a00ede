package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.Locale;

/**
 * Same-origin checks for the upgrade: a page served by the hub itself (the console) sends an {@code
 * Origin} whose scheme, host and port are those the request came to; a page elsewhere needs to be in
 * {@code allowedOrigins}, so that another site's script cannot ride a visitor's token.
 */
final class Origins {
  private Origins() {}

  /** Whether {@code origin} is the origin of the hub as {@code request} reached it. */
  static boolean sameOrigin(String origin, HttpServerRequest request) {
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
