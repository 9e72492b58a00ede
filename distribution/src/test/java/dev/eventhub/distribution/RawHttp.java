package dev.eventhub.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request is written byte for byte as the test builds it (header
 * names, repeated headers, invalid UTF-8, a body shorter than its Content-Length), which no HTTP
 * client library lets through. Each exchange is one connection, closed after the answer.
 */
final class RawHttp {
  /** How long an answer may take on a busy machine before the exchange counts as hung. */
  static final int READ_TIMEOUT_MILLIS = 20_000;
  private static final int MAX_ANSWER = 8 << 20;

  /** What came back: the status (0 when the hub closed the connection without answering), headers, body. */
  record Answer(int status, Map<String, String> headers, String body, boolean timedOut) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return (timedOut ? "timed out" : status == 0 ? "closed without an answer" : "HTTP " + status) + " "
          + headers + " " + HostileChecks.abbreviate(body, 600);
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
  static Answer exchange(int port, String head, byte[] body) throws IOException {
    return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), body, body == null ? 0 : body.length);
  }

  /**
   * Sends {@code head} then only the first {@code sendBodyBytes} bytes of {@code body}, then half-closes
   * the connection: a truncated body (when {@code sendBodyBytes} is below the declared length).
   */
  static Answer exchange(int port, byte[] head, byte[] body, int sendBodyBytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null && sendBodyBytes > 0) {
          out.write(body, 0, Math.min(sendBodyBytes, body.length));
        }
        out.flush();
        if (body != null && sendBodyBytes < body.length) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // The hub may answer (413, 431) and close before it has read everything: read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    boolean timedOut = false;
    try {
      int n;
      while ((n = in.read(buffer)) >= 0 && bytes.size() < MAX_ANSWER) {
        bytes.write(buffer, 0, n);
        if (complete(bytes.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      timedOut = true;
    } catch (IOException e) {
      // Reset by the hub after (or instead of) answering: what arrived is the answer.
    }
    return parse(bytes.toByteArray(), timedOut);
  }

  // An answer with a Content-Length is complete once that many body bytes are in; otherwise at close.
  private static boolean complete(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Map<String, String> headers = headers(text.substring(0, end));
    String length = headers.get("content-length");
    if (length == null) {
      return headers.containsKey("transfer-encoding") && text.endsWith("0\r\n\r\n");
    }
    try {
      return raw.length - (end + 4) >= Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Answer parse(byte[] raw, boolean timedOut) {
    // ISO-8859-1 maps byte i to char i: indices found in it are byte offsets.
    String latin = new String(raw, StandardCharsets.ISO_8859_1);
    if (!latin.startsWith("HTTP/")) {
      return new Answer(0, Map.of(), new String(raw, StandardCharsets.UTF_8), timedOut && raw.length == 0);
    }
    int end = latin.indexOf("\r\n\r\n");
    String head = end < 0 ? latin : latin.substring(0, end);
    byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    String[] statusLine = head.split("\r\n", 2)[0].split(" ");
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
    Map<String, String> headers = headers(head);
    if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
      body = dechunk(body);
    }
    if ("gzip".equalsIgnoreCase(headers.getOrDefault("content-encoding", ""))) {
      body = gunzip(body);
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), false);
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return headers;
  }

  // The hub compresses when asked (Accept-Encoding: gzip is one of the generated headers).
  private static byte[] gunzip(byte[] body) {
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      return body;
    }
  }

  private static byte[] dechunk(byte[] body) {
    String latin = new String(body, StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int eol = latin.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(latin.substring(at, eol).split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int start = eol + 2;
      out.write(body, start, Math.min(body.length - start, size));
      at = start + size + 2;
    }
    return out.toByteArray();
  }
}
