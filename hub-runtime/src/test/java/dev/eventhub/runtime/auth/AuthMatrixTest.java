package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Every protected route against every kind of token: none, malformed, badly signed, expired, wrong scope, right scope. */
class AuthMatrixTest {
  @TempDir static Path dir;
  static TestHub hub;

  @BeforeAll
  static void start() {
    PluginJar.create()
        .source("test.good.GoodPlugin", TestPluginSources.simple("test.good", "GoodPlugin", "good", "goods", "\"hi\""))
        .service("dev.eventhub.api.spi.SourcePlugin", "test.good.GoodPlugin")
        .build(dir.resolve("plugins/good.jar"));
    hub = TestHub.start(dir);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static Stream<Arguments> routes() {
    String event = "{\"category\":\"orders\",\"event\":\"placed\"}";
    return Stream.of(
        Arguments.of(HttpMethod.POST, "/api/events", event, "subscribe:* admin", "publish:orders", 201),
        Arguments.of(HttpMethod.POST, "/api/events", "[" + event + "]", "publish:other", "publish:ord*", 201),
        Arguments.of(HttpMethod.GET, "/api/events?categories=orders", null, "publish:*", "subscribe:orders", 200),
        Arguments.of(HttpMethod.GET, "/api/events", null, "subscribe:orders", "subscribe:*", 200),
        Arguments.of(HttpMethod.GET, "/api/plugins", null, "subscribe:* publish:*", "admin", 200),
        Arguments.of(HttpMethod.GET, "/api/categories", null, null, "", 200),
        Arguments.of(HttpMethod.GET, "/api/goods/hello", null, "publish:goods", "subscribe:goods", 200),
        Arguments.of(HttpMethod.POST, "/api/goods/hello", "{}", "subscribe:goods", "publish:goods", 200));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void shouldAnswer401WithoutAValidToken(HttpMethod method, String path, String body) {
    String valid = hub.token("subscribe:* publish:* admin".split(" "));
    String[] bad = {
      null,
      "not-a-jwt",
      Jwts.hs256("another-secret-another-secret-another-secret", Jwts.claims("subscribe:* publish:* admin", 3600)),
      Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* publish:* admin", -60)),
      valid.substring(0, valid.length() - 2) + "xx",
    };
    for (String token : bad) {
      HttpResponse<Buffer> r = hub.send(method, path, token, body);
      assertThat(r.statusCode()).as("token %s", token).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    }
    assertThat(hub.send(method, path, null, body).bodyAsJsonObject().getString("message")).contains("no token");
    String expired = Jwts.hs256(TestHub.SECRET, Jwts.claims("admin", -60));
    assertThat(hub.send(method, path, expired, body).bodyAsJsonObject().getString("message")).contains("expired");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void shouldAnswer403ForTheWrongScopeAndSucceedWithTheRightOne(HttpMethod method, String path, String body,
      String wrongScope, String rightScope, int success) {
    if (wrongScope != null) {
      HttpResponse<Buffer> denied = hub.send(method, path, Jwts.hs256(TestHub.SECRET, Jwts.claims(wrongScope, 600)), body);
      assertThat(denied.statusCode()).as(denied.bodyAsString()).isEqualTo(403);
      assertThat(denied.bodyAsJsonObject().getString("error")).isEqualTo("forbidden");
    }
    HttpResponse<Buffer> allowed = hub.send(method, path, Jwts.hs256(TestHub.SECRET, Jwts.claims(rightScope, 600)), body);
    assertThat(allowed.statusCode()).as(allowed.bodyAsString()).isEqualTo(success);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void shouldRefuseTheTokenAsAQueryParameterSayingToUseTheHeader(HttpMethod method, String path, String body) {
    // Query strings end up in access logs, proxies and browser history: only a WebSocket upgrade takes one.
    String token = hub.token("subscribe:*", "publish:*", "admin");
    String withToken = path + (path.contains("?") ? "&" : "?") + "access_token=" + token;
    HttpResponse<Buffer> refused = hub.send(method, withToken, null, body);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("Authorization");
    assertThat(hub.send(method, withToken, token, body).statusCode()).isEqualTo(401);
  }
}
