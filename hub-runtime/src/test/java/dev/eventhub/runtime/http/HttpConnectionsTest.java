package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 6: idle HTTP connections are closed, and connections over the bound refused. */
class HttpConnectionsTest {
  @TempDir Path dir;

  /** A raw HTTP/1.1 connection: what it received, and whether the hub closed it. */
  record Raw(NetSocket socket, Buffer received, Promise<Void> closed, Promise<Void> answered) {
    static Raw open(NetClient net, int port) {
      NetSocket socket = TestHub.await(net.connect(port, "127.0.0.1"));
      Raw raw = new Raw(socket, Buffer.buffer(), Promise.promise(), Promise.promise());
      socket.handler(b -> {
        raw.received.appendBuffer(b);
        if (raw.received.toString().contains("\r\n\r\n")) {
          raw.answered.tryComplete();
        }
      });
      socket.closeHandler(v -> raw.closed.tryComplete());
      return raw;
    }

    void get(String path) {
      TestHub.await(socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }
  }

  @Test
  void shouldCloseAnIdleConnection() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("http.idleTimeout", "1s"))) {
      NetClient net = hub.vertx().createNetClient();
      // A connection that never sends a byte (nor a whole request): the hub closes it by itself.
      Raw raw = Raw.open(net, hub.port());
      TestHub.await(raw.closed.future());
      assertThat(raw.received.length()).isZero();
    }
  }

  @Test
  void shouldRefuseTheConnectionOverTheBound() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("http.maxConnections", 2))) {
      NetClient net = hub.vertx().createNetClient();
      Raw first = Raw.open(net, hub.port());
      Raw second = Raw.open(net, hub.port());
      for (Raw raw : new Raw[] {first, second}) {
        raw.get("/health");
        TestHub.await(raw.answered.future());
      }
      Raw third = Raw.open(net, hub.port());
      third.get("/health");
      TestHub.await(third.closed.future());
      assertThat(third.received.length()).isZero();
      assertThat(first.closed.future().isComplete()).isFalse();

      // Once one closes, a new connection is served again (the hub sees the close a moment later: retry).
      TestHub.await(first.socket.close());
      Raw later = null;
      for (int i = 0; i < 200 && later == null; i++) {
        Raw attempt = Raw.open(net, hub.port());
        attempt.get("/health");
        TestHub.await(Future.any(attempt.answered.future(), attempt.closed.future()));
        if (attempt.answered.future().isComplete()) {
          later = attempt;
        }
      }
      assertThat(later).as("a connection is served once another closed").isNotNull();
      assertThat(later.received.toString()).startsWith("HTTP/1.1 200");
    }
  }
}
