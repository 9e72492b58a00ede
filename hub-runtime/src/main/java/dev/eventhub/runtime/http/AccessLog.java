package dev.eventhub.runtime.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log ({@code http.accessLog}, off by default): one line per answered request through the logger
 * {@value #LOGGER}, such as {@code 127.0.0.1 "GET /api/events?limit=5 HTTP/1.1" 200 512 3ms}. Secrets stay out:
 * the value of every query parameter whose name looks secret ({@code access_token}, {@code password},
 * {@code api_key}...) shows as {@value #MASK}, and no header is ever logged (the Authorization header carries the
 * token).
 */
public final class AccessLog {
  /** The logger of the access log: a level or an appender of its own in conf/logback.xml. */
  public static final String LOGGER = "dev.eventhub.access";
  static final String MASK = "***";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  // Parameter names (lower case, without '-', '_' and '.') that contain one of these hold a secret...
  private static final List<String> SECRET_PARTS = List.of("token", "secret", "passw", "pwd", "apikey", "accesskey",
      "privatekey", "signature", "credential", "jwt", "session", "auth", "bearer", "cookie");
  // ...and so do these short names.
  private static final Set<String> SECRET_NAMES = Set.of("key", "sig", "code", "pass", "pw", "otp");

  private AccessLog() {}

  /** Logs the line of {@code request}, answered (or cut off) now, received at {@code startNanos}. */
  static void log(HttpServerRequest request, long startNanos) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    String query = maskQuery(request.query());
    io.vertx.core.net.SocketAddress remote = request.remoteAddress();
    LOG.info((remote == null ? "-" : remote.hostAddress()) + " \"" + request.method() + " "
        + printable(request.path() + (query == null ? "" : "?" + query)) + " " + version(request) + "\" "
        + request.response().getStatusCode() + " " + request.response().bytesWritten() + " " + millis + "ms");
  }

  /** {@code query} with the value of every secret-looking parameter replaced by {@value #MASK}; null stays null. */
  static String maskQuery(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.length());
    for (String part : query.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = part.indexOf('=');
      out.append(eq < 0 || !secret(part.substring(0, eq)) ? part : part.substring(0, eq + 1) + MASK);
    }
    return out.toString();
  }

  private static boolean secret(String rawName) {
    String name;
    try {
      name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException undecodable) {
      return true;
    }
    String plain = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    return SECRET_NAMES.contains(plain) || SECRET_PARTS.stream().anyMatch(plain::contains);
  }

  private static String version(HttpServerRequest request) {
    return switch (request.version()) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
    };
  }

  // One line per request, whatever the path holds: control characters would let a caller forge lines.
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return out.toString();
  }
}
