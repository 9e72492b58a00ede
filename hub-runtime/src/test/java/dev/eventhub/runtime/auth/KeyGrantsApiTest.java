package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-key grants on the hub's own doors (issue 20 item 7): a token with {@code subscribe:kg/job-1*}
 * reads only those keys' events from history; {@code publish:kg/job-1*} publishes only such keys; a
 * malformed scope refuses the token.
 */
class KeyGrantsApiTest {
  @TempDir static Path dir;
  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(dir);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void shouldShowAKeyGrantOnlyItsKeysInHistoryPages() {
    for (int i = 0; i < 30; i++) {
      hub.publish("kg", "step", i % 3 == 0 ? "job-1" + i : "job-2" + i, new JsonObject().put("i", i));
    }
    hub.publish("kg", "step", null, new JsonObject());
    String attacker = hub.token("subscribe:kg/job-1*");
    List<String> keys = new ArrayList<>();
    String since = "";
    boolean more = true;
    int pages = 0;
    while (more) {
      HttpResponse<Buffer> r = hub.get("/api/events?categories=kg&limit=3" + (since.isEmpty() ? "" : "&since=" + since),
          attacker);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject page = r.bodyAsJsonObject();
      page.getJsonArray("events").forEach(e -> keys.add(((JsonObject) e).getString("key")));
      since = page.getString("next");
      more = page.getBoolean("more");
      assertThat(++pages).isLessThan(40);
    }
    assertThat(keys).hasSize(10).allMatch(k -> k.startsWith("job-1"));
    // An explicit key outside the grant gives nothing, not an error.
    JsonObject outside = hub.get("/api/events?categories=kg&keys=job-21", attacker).bodyAsJsonObject();
    assertThat(outside.getJsonArray("events")).isEmpty();
    // The whole category still needs a category grant for a glob over it.
    assertThat(hub.get("/api/events?categories=k*", attacker).statusCode()).isEqualTo(403);
    assertThat(hub.get("/api/events?categories=other", attacker).statusCode()).isEqualTo(403);
  }

  @Test
  void shouldRefuseToPublishOutsideAKeyGrantAndRecordNothing() {
    String producer = hub.token("publish:kp/job-1*");
    HttpResponse<Buffer> ok = hub.post("/api/events", producer,
        new JsonObject().put("category", "kp").put("event", "e").put("key", "job-1"));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> denied = hub.post("/api/events", producer, new JsonArray()
        .add(new JsonObject().put("category", "kp").put("event", "e").put("key", "job-11"))
        .add(new JsonObject().put("category", "kp").put("event", "e").put("key", "job-2")));
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.bodyAsJsonObject().getString("message")).contains("publish:kp/job-2");
    HttpResponse<Buffer> noKey = hub.post("/api/events", producer, new JsonObject().put("category", "kp").put("event", "e"));
    assertThat(noKey.statusCode()).isEqualTo(403);
    assertThat(noKey.bodyAsJsonObject().getString("message")).contains("publish:kp");
    JsonArray recorded = hub.get("/api/events?categories=kp", hub.adminToken()).bodyAsJsonObject().getJsonArray("events");
    assertThat(recorded).hasSize(1);
    assertThat(recorded.getJsonObject(0).getString("key")).isEqualTo("job-1");
  }

  @Test
  void shouldRefuseATokenWithAMalformedScopeNamingIt() {
    for (String scope : List.of("subscribe:kg/", "publish:/job-1", "subscribe:KG")) {
      String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* " + scope, 600));
      HttpResponse<Buffer> r = hub.get("/api/events?categories=kg", token);
      assertThat(r.statusCode()).as(scope).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("'" + scope + "'");
    }
    // Scopes the hub does not know (an identity provider's) are left alone, as before.
    String other = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:kg openid profile", 600));
    assertThat(hub.get("/api/events?categories=kg", other).statusCode()).isEqualTo(200);
  }
}
