package dev.eventhub.distribution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated request heads: Authorization variants (other schemes, repeated, cut, padded, huge),
 * Content-Type variants (other charsets, forms, multipart), and framing that HTTP/1.1 parsers get
 * wrong (two lengths, chunked with a length, bad chunk sizes, a body shorter than announced, huge
 * and many headers, folded lines, bytes above 0x7F).
 */
final class HostileHeaders {
  /** The token placeholder, replaced by the valid token when written. */
  static final String TOKEN = "<token>";
  private static final String EVENT = "{\"category\":\"hostile-headers\",\"event\":\"e\",\"key\":\"k\",\"data\":{}}";

  /** A request head, with the body and how much of it is sent. */
  record Head(String method, String target, String version, List<String> lines, byte[] body, int sendBodyBytes) {
    byte[] bytes(String token) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes((method + " " + target + " " + version + "\r\nHost: 127.0.0.1\r\nConnection: close")
          .getBytes(StandardCharsets.ISO_8859_1));
      for (String line : lines) {
        out.writeBytes(("\r\n" + line.replace(TOKEN, token)).getBytes(StandardCharsets.ISO_8859_1));
      }
      return out.toByteArray();
    }

    /** Whether some Authorization header of this head is the valid token behind the Bearer scheme (any case, spaces). */
    boolean carriesToken() {
      return lines.stream().anyMatch(l -> l.regionMatches(true, 0, "Authorization:", 0, 14)
          && l.substring(14).trim().regionMatches(true, 0, "Bearer ", 0, 7)
          && l.substring(14).trim().substring(7).trim().equals(TOKEN));
    }

    @Override
    public String toString() {
      return method + " " + HostileChecks.abbreviate(target, 80) + " " + version + " "
          + lines.stream().map(l -> HostileChecks.abbreviate(l, 100)).toList() + ", body " + body.length
          + " bytes, " + sendBodyBytes + " sent";
    }
  }

  private HostileHeaders() {}

  static Arbitrary<Head> heads() {
    Arbitrary<String> auth = Arbitraries.oneOf(
        Arbitraries.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "Bearer  " + TOKEN, "Bearer\t" + TOKEN,
            "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token " + TOKEN, TOKEN, "Bearer " + TOKEN + " extra",
            "Bearer " + TOKEN + "\u00ff", "Bearer \u00e9\u00e9", "Bearer null", "Bearer undefined", "Bearer ..",
            "Bearer " + TOKEN + "," + TOKEN, "Negotiate xyz", ""),
        Arbitraries.integers().between(1, 120_000).map(n -> "Bearer " + "a".repeat(n)));
    Arbitrary<List<String>> authLines = Arbitraries.oneOf(
        auth.map(a -> List.of("Authorization: " + a)),
        Combinators.combine(auth, auth).as((a, b) -> List.of("Authorization: " + a, "Authorization: " + b)),
        Arbitraries.just(List.of()));
    Arbitrary<List<String>> contentType = Arbitraries.of("application/json", "text/plain", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/json;;;", "multipart/form-data; boundary=x", "multipart/form-data",
        "application/x-www-form-urlencoded", "*/*", "", "application/json; boundary=\"" + "b".repeat(2000) + "\"",
        "<none>").map(ct -> ct.equals("<none>") ? List.of() : List.of("Content-Type: " + ct));
    Arbitrary<List<String>> extra = Arbitraries.oneOf(
        Arbitraries.of(List.<String>of(), List.of("Expect: 100-continue"), List.of("Expect: nonsense"),
            List.of("Content-Encoding: gzip"), List.of("Content-Encoding: deflate, br"), List.of("Host: other"),
            List.of("X-Folded: a", " b"), List.of("No colon here"), List.of("Bad Name: x"), List.of(": empty name"),
            List.of("X-Bytes: \u00ff\u00fe\u0080"), List.of("Accept-Encoding: gzip"), List.of("Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__"),
            List.of("Origin: http://evil.example"), List.of("X-Forwarded-For: 127.0.0.1, ::1, nonsense"),
            List.of("Cookie: " + "c=1; ".repeat(2000))),
        Arbitraries.integers().between(1, 120_000).map(n -> List.of("X-Huge: " + "h".repeat(n))),
        Arbitraries.integers().between(1, 2000).map(n -> {
          List<String> many = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            many.add("X-Many-" + i + ": v");
          }
          return many;
        }));
    Arbitrary<String> framing = Arbitraries.of("length", "length", "length", "none", "short", "long", "two-lengths",
        "negative", "not-a-number", "chunked", "chunked-and-length", "bad-chunk", "huge-length");
    Arbitrary<String[]> line = Arbitraries.of(
        new String[] {"POST", "/api/events", "HTTP/1.1"}, new String[] {"POST", "/api/events", "HTTP/1.1"},
        new String[] {"GET", "/api/plugins", "HTTP/1.1"}, new String[] {"GET", "/api/events?categories=seed-0", "HTTP/1.1"},
        new String[] {"POST", "/api/events", "HTTP/1.0"}, new String[] {"post", "/api/events", "HTTP/1.1"},
        new String[] {"FOO", "/api/events", "HTTP/1.1"}, new String[] {"POST", "http://127.0.0.1/api/events", "HTTP/1.1"},
        new String[] {"POST", "/api/events", "HTTP/2.0"}, new String[] {"POST", "/api/dlq/entries", "HTTP/1.1"},
        new String[] {"PUT", "/api/scheduler/schedules/x", "HTTP/1.1"}, new String[] {"OPTIONS", "*", "HTTP/1.1"},
        new String[] {"CONNECT", "127.0.0.1:80", "HTTP/1.1"}, new String[] {"TRACE", "/api/events", "HTTP/1.1"});
    return Combinators.combine(line, authLines, contentType, extra, framing).as(HostileHeaders::head);
  }

  private static Head head(String[] line, List<String> auth, List<String> contentType, List<String> extra, String framing) {
    List<String> lines = new ArrayList<>(auth);
    lines.addAll(contentType);
    lines.addAll(extra);
    byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
    int send = body.length;
    switch (framing) {
      case "length" -> lines.add("Content-Length: " + body.length);
      case "none" -> send = 0;
      case "short" -> {
        lines.add("Content-Length: " + body.length);
        send = body.length / 2;
      }
      case "long" -> lines.add("Content-Length: " + (body.length - 5));
      case "two-lengths" -> {
        lines.add("Content-Length: " + body.length);
        lines.add("Content-Length: " + (body.length + 7));
      }
      case "negative" -> lines.add("Content-Length: -1");
      case "not-a-number" -> lines.add("Content-Length: 12abc");
      case "huge-length" -> {
        lines.add("Content-Length: 99999999999999999999");
        send = 0;
      }
      case "chunked" -> {
        lines.add("Transfer-Encoding: chunked");
        body = chunked(body, Integer.toHexString(body.length));
        send = body.length;
      }
      case "chunked-and-length" -> {
        lines.add("Transfer-Encoding: chunked");
        lines.add("Content-Length: 3");
        body = chunked(body, Integer.toHexString(body.length));
        send = body.length;
      }
      case "bad-chunk" -> {
        lines.add("Transfer-Encoding: chunked");
        body = chunked(body, "zz");
        send = body.length;
      }
      default -> throw new IllegalArgumentException(framing);
    }
    return new Head(line[0], line[1], line[2], List.copyOf(lines), body, send);
  }

  private static byte[] chunked(byte[] body, String size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }
}
