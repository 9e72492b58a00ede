package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17 item 5: the token, and the scope the route alone implies, are checked before any body is
 * read. A request whose body never finishes gets its 401/403 at once, and the connection is closed
 * rather than drained.
 */
class AuthBeforeBodyTest {
  @TempDir static Path dir;
  static TestHub hub;
  static NetClient net;

  @BeforeAll
  static void start() {
    PluginJar.create()
        .source("test.good.GoodPlugin", TestPluginSources.simple("test.good", "GoodPlugin", "good", "goods", "\"hi\""))
        .service("dev.eventhub.api.spi.SourcePlugin", "test.good.GoodPlugin")
        .build(dir.resolve("plugins/good.jar"));
    hub = TestHub.start(dir);
    net = hub.vertx().createNetClient();
  }

  @AfterAll
  static void stop() {
    TestHub.await(net.close());
    hub.close();
  }

  @ParameterizedTest(name = "{0} with scope ''{1}''")
  @CsvSource({
    "/api/events, , 401",
    "/api/events, subscribe:*, 403",
    "/api/events, not-a-jwt, 401",
    "/api/goods/hello, , 401",
    "/api/goods/hello, subscribe:goods, 403",
    "/api/plugins/good/stop, publish:*, 403",
  })
  void shouldRefuseBeforeReadingABodyThatNeverEnds(String path, String scopeOrToken, int status) {
    String auth = "";
    if (scopeOrToken != null) {
      String token = scopeOrToken.contains(":") ? hub.token(scopeOrToken) : scopeOrToken;
      auth = "Authorization: Bearer " + token + "\r\n";
    }
    NetSocket socket = TestHub.await(net.connect(hub.port(), "127.0.0.1"));
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete());
    // 1 KiB announced (under every body limit), 10 bytes sent, the rest never.
    socket.write("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + auth
        + "Content-Length: 1024\r\n\r\n{\"categor");
    TestHub.await(closed.future());
    assertThat(received.toString()).startsWith("HTTP/1.1 " + status + " ");
  }
}
