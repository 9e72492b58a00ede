package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17 items 7 and 13: a subscription delivers only what its creator may read, and shows no credentials. */
class WebhookAuthorityTest extends WebhookTestBase {
  private JsonObject body(String id, String... categories) {
    return new JsonObject().put("id", id).put("url", receiver.url("/in"))
        .put("categories", new JsonArray(java.util.List.of((Object[]) categories)));
  }

  @Test
  void shouldRecordTheCreatorAndRefuseCategoriesOrPatternsBeyondWhatItMayRead() {
    start();
    String orders = hub.token("publish:webhook", "subscribe:webhook", "subscribe:orders-*");

    assertThat(error(hub.post("/api/webhook/subscriptions", orders, body("all", "*")), 403, "forbidden"))
        .contains("subscribe:*");
    assertThat(error(hub.post("/api/webhook/subscriptions", orders, body("bills", "bills")), 403, "forbidden"))
        .contains("subscribe:bills");
    JsonObject created = ok(hub.post("/api/webhook/subscriptions", orders, body("mine", "orders-*")), 201);
    assertThat(created.getJsonObject("owner").getString("subject")).isEqualTo("test");
    assertThat(created.getJsonObject("owner").getJsonArray("scopes")).contains("subscribe:orders-*");

    restart();

    JsonObject after = ok(hub.get("/api/webhook/subscriptions/mine", token), 200);
    assertThat(after.getJsonObject("owner").getJsonArray("scopes"))
        .containsExactly("publish:webhook", "subscribe:orders-*", "subscribe:webhook");
    publish("orders-eu", "placed", "o-1", new JsonObject());
    assertThat(receiver.next().json().getString("category")).isEqualTo("orders-eu");
  }

  @Test
  void shouldDeliverOnlyWhatTheRecordedScopesMayReadSoAForgedOrOldRecordGainsNothing() {
    start();
    subscribe("wide", "/wide", "orders", "news");
    subscribe("old", "/old", "news");
    PluginStorage storage = hub.hub().log().storage("webhook");
    StoredDocument wide = TestHub.await(storage.get("subscriptions", "wide"));
    JsonObject narrowed = wide.value().copy();
    narrowed.put("owner", new JsonObject().put("subject", "test").put("scopes", new JsonArray().add("subscribe:news")));
    TestHub.await(storage.replace("subscriptions", "wide", wide.version(), narrowed));
    StoredDocument old = TestHub.await(storage.get("subscriptions", "old"));
    JsonObject ownerless = old.value().copy();
    ownerless.remove("owner");
    TestHub.await(storage.replace("subscriptions", "old", old.version(), ownerless));

    restart();

    publish("orders", "placed", "o-1", new JsonObject());
    String news = publish("news", "published", "n-1", new JsonObject());
    String marker = publish("news", "published", "n-2", new JsonObject());
    // In order: the orders event is skipped, the news ones arrive; the ownerless subscription gets nothing.
    Receiver.Request first = receiver.next();
    assertThat(first.path()).isEqualTo("/wide");
    assertThat(first.headers().get("webhook-id")).isEqualTo(news);
    assertThat(receiver.next().headers().get("webhook-id")).isEqualTo(marker);
    assertThat(receiver.all()).noneMatch(r -> r.path().equals("/old"));
  }

  @Test
  void shouldRefuseToRedeliverFromTheDeadLetterQueueWhatTheRecordedScopesMayNotRead() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 1));
    receiver.behave(Receiver.answer(503));
    subscribe("narrowed", "/n", "jobs");
    publish("jobs", "a", null, null);
    String entryId = events.next(e -> e.event().equals("webhook-failed") && e.data().getBoolean("parked"))
        .data().getString("deadLetterId");
    PluginStorage storage = hub.hub().log().storage("webhook");
    StoredDocument stored = TestHub.await(storage.get("subscriptions", "narrowed"));
    TestHub.await(storage.replace("subscriptions", "narrowed", stored.version(), stored.value().copy()
        .put("owner", new JsonObject().put("subject", "test").put("scopes", new JsonArray().add("subscribe:news")))));

    restart();
    receiver.behave(Receiver.answer(200));

    JsonObject refused = ok(hub.post("/api/dlq/entries/" + entryId + "/resubmit", token, null), 200);
    assertThat(refused.getBoolean("success")).isFalse();
    assertThat(refused.getString("error")).contains("may not deliver category 'jobs'");
    assertThat(receiver.count()).isEqualTo(1);
  }

  @Test
  void shouldShowHeaderValuesAndUrlCredentialsMaskedButSendThem() {
    start();
    String url = receiver.url("/in?token=t-123").replace("http://", "http://user:pa55@");
    JsonObject created = ok(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("id", "creds")
        .put("url", url).put("categories", new JsonArray().add("orders"))
        .put("headers", new JsonObject().put("Authorization", "Bearer s3cr3t"))), 201);
    HubEvent registered = events.next("webhook-registered", "creds");

    assertThat(created.getJsonObject("headers").getMap()).containsExactly(Map.entry("Authorization", "***"));
    assertThat(created.getString("url")).contains("http://***@127.0.0.1").contains("token=***")
        .doesNotContain("pa55");
    for (String shown : new String[] {ok(hub.get("/api/webhook/subscriptions/creds", token), 200).encode(),
        ok(hub.get("/api/webhook/subscriptions", token), 200).encode(), registered.data().encode()}) {
      assertThat(shown).doesNotContain("s3cr3t").doesNotContain("pa55").doesNotContain("t-123");
    }

    publish("orders", "placed", "o-1", new JsonObject());
    Receiver.Request request = receiver.next();
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer s3cr3t");
    assertThat(request.path()).isEqualTo("/in");
  }

  @Test
  void shouldNeedAdminForAnUnverifiedInboundEndpoint() {
    start();
    String manager = hub.token("subscribe:*", "publish:*");

    assertThat(error(hub.post("/api/webhook/endpoints", manager, new JsonObject().put("id", "open")
        .put("verification", "none")), 403, "forbidden")).contains("admin");
    ok(hub.post("/api/webhook/endpoints", manager, new JsonObject().put("id", "signed")
        .put("verification", "standard-webhooks")), 201);
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "open")
        .put("verification", "none")), 201);
  }
}
