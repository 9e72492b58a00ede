package dev.eventhub.benchmarks;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Reads the NATS client protocol as the server sends it, over any split into WebSocket frames: control lines
 * ({@code INFO}, {@code PING}, {@code PONG}, {@code +OK}, {@code -ERR}) go to a handler; {@code MSG} lines are
 * counted and their payloads skipped unread (a benchmark subscriber counts deliveries, it does not parse them).
 */
final class NatsReader {
  private final Consumer<String> onControl;
  private final StringBuilder line = new StringBuilder(64);
  private int skip;
  private long messages;
  private long payloadBytes;

  NatsReader(Consumer<String> onControl) {
    this.onControl = onControl;
  }

  /** Feeds the bytes of one frame. */
  void feed(Buffer frame) {
    int n = frame.length();
    int i = 0;
    while (i < n) {
      if (skip > 0) {
        int k = Math.min(skip, n - i);
        skip -= k;
        i += k;
        continue;
      }
      byte c = frame.getByte(i++);
      if (c == '\n') {
        onLine(line.toString());
        line.setLength(0);
      } else if (c != '\r') {
        line.append((char) c);
      }
    }
  }

  // MSG <subject> <sid> [reply-to] <#bytes>: the payload and its CRLF follow.
  private void onLine(String text) {
    if (text.startsWith("MSG ")) {
      int size = Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
      messages++;
      payloadBytes += size;
      skip = size + 2;
    } else if (!text.isEmpty()) {
      onControl.accept(text);
    }
  }

  long messages() {
    return messages;
  }

  long payloadBytes() {
    return payloadBytes;
  }
}
