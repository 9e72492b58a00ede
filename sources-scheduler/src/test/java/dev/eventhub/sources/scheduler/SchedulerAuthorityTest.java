package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 17 items 7 and 13: a schedule does only what its creator's token allowed, and shows no credentials. */
class SchedulerAuthorityTest extends SchedulerTestBase {
  private FlakyServer server;

  @BeforeEach
  void startHub() {
    start();
    server = new FlakyServer();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private JsonObject httpAction(String url) {
    return new JsonObject().put("type", "http").put("method", "POST").put("url", url)
        .put("headers", new JsonObject().put("Authorization", "Bearer s3cr3t").put("X-Job", "nightly"));
  }

  @Test
  void shouldRefuseAPublishActionForACategoryTheTokenMayNotPublishTo() {
    String narrow = hub.token("subscribe:scheduler", "publish:scheduler");

    assertThat(error(hub.post("/api/scheduler/schedules", narrow, interval("evil", "1h", publishAction("orders", "x"))),
        403, "forbidden")).contains("publish:orders");
    error(hub.get("/api/scheduler/schedules/evil", token), 404, "not_found");

    String allowed = hub.token("subscribe:scheduler", "publish:scheduler", "publish:reports-*");
    JsonObject created = ok(hub.post("/api/scheduler/schedules", allowed,
        interval("ok", "1h", publishAction("reports-daily", "due"))), 201);
    assertThat(created.getJsonObject("owner").getString("subject")).isEqualTo("test");
    assertThat(created.getJsonObject("owner").getJsonArray("scopes"))
        .containsExactlyInAnyOrder("subscribe:scheduler", "publish:scheduler", "publish:reports-*");

    // Replacing the action with one the replacing token may not do is refused, and changes nothing.
    assertThat(error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/ok", narrow,
        interval("ok", "1h", publishAction("reports-daily", "due"))), 403, "forbidden")).contains("publish:reports-daily");
    assertThat(error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/ok", allowed,
        interval("ok", "1h", publishAction("orders", "due"))), 403, "forbidden")).contains("publish:orders");
    assertThat(get("/api/scheduler/schedules/ok").getJsonObject("action").getString("category"))
        .isEqualTo("reports-daily");
  }

  @Test
  void shouldNeedTheScheduleHttpScopeOrAdminForAnHttpAction() {
    String noHttp = hub.token("subscribe:*", "publish:*");
    assertThat(error(hub.post("/api/scheduler/schedules", noHttp, interval("call", "1h", httpAction(server.url("/x")))),
        403, "forbidden")).contains("schedule:http");

    ok(hub.post("/api/scheduler/schedules", hub.token("publish:scheduler", "schedule:http"),
        interval("call", "1h", httpAction(server.url("/x"))).put("state", "paused")), 201);
    ok(hub.post("/api/scheduler/schedules", hub.token("publish:scheduler", "admin"),
        interval("call2", "1h", httpAction(server.url("/x"))).put("state", "paused")), 201);
    assertThat(error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/call", noHttp,
        interval("call", "1h", httpAction(server.url("/y")))), 403, "forbidden")).contains("schedule:http");
  }

  @Test
  void shouldKeepTheRecordedOwnerAcrossARestartAndFireWithinIt() {
    String allowed = hub.token("publish:scheduler", "publish:reports");
    ok(hub.post("/api/scheduler/schedules", allowed,
        interval("kept", "1h", publishAction("reports", "due")).put("state", "paused")), 201);

    restart();

    JsonObject after = get("/api/scheduler/schedules/kept");
    assertThat(after.getJsonObject("owner").getJsonArray("scopes")).containsExactly("publish:reports",
        "publish:scheduler");
    EventRecorder reports = EventRecorder.of(hub, "reports");
    ok(hub.post("/api/scheduler/schedules/kept/run", token, null), 202);
    assertThat(events.next("execution-completed", "kept").data().getBoolean("success")).isTrue();
    assertThat(reports.next("due", null).category()).isEqualTo("reports");
    reports.close();
  }

  @Test
  void shouldCheckEachFiringAgainstTheRecordedScopesSoAForgedOrOldRecordGainsNothing() {
    String allowed = hub.token("publish:scheduler", "publish:reports");
    ok(hub.post("/api/scheduler/schedules", allowed,
        interval("forged", "1h", publishAction("reports", "due")).put("state", "paused")), 201);
    ok(hub.post("/api/scheduler/schedules", allowed,
        interval("legacy", "1h", publishAction("reports", "due")).put("state", "paused")), 201);
    PluginStorage storage = hub.hub().log().storage("scheduler");
    StoredDocument forged = TestHub.await(storage.get("schedules", "forged"));
    JsonObject widened = forged.value().copy();
    widened.getJsonObject("action").put("category", "orders");
    TestHub.await(storage.replace("schedules", "forged", forged.version(), widened));
    StoredDocument legacy = TestHub.await(storage.get("schedules", "legacy"));
    JsonObject ownerless = legacy.value().copy();
    ownerless.remove("owner");
    TestHub.await(storage.replace("schedules", "legacy", legacy.version(), ownerless));

    restart();

    ok(hub.post("/api/scheduler/schedules/forged/run", token, null), 202);
    HubEvent refused = events.next("execution-completed", "forged");
    assertThat(refused.data().getBoolean("success")).isFalse();
    assertThat(refused.data().getString("error")).contains("publish:orders");
    ok(hub.post("/api/scheduler/schedules/legacy/run", token, null), 202);
    HubEvent old = events.next("execution-completed", "legacy");
    assertThat(old.data().getBoolean("success")).isFalse();
    assertThat(old.data().getString("error")).contains("no recorded owner");
    assertThat(ok(hub.get("/api/events?categories=orders", token), 200).getJsonArray("events")).isEmpty();
  }

  @Test
  void shouldShowHeaderValuesAndUrlCredentialsMaskedButSendThem() {
    String url = server.url("/jobs?api_key=k-123&x=1").replace("http://", "http://user:pa55@");
    JsonObject created = create(interval("secret", "1h", httpAction(url)).put("state", "paused"));

    JsonObject shown = created.getJsonObject("action");
    assertThat(shown.getJsonObject("headers").getMap()).containsOnly(
        java.util.Map.entry("Authorization", "***"), java.util.Map.entry("X-Job", "***"));
    assertThat(shown.getString("url")).contains("http://***@127.0.0.1").contains("api_key=***&x=1")
        .doesNotContain("pa55").doesNotContain("k-123");
    for (JsonObject view : new JsonObject[] {get("/api/scheduler/schedules/secret"),
        ok(hub.get("/api/scheduler/schedules", token), 200)}) {
      assertThat(view.encode()).doesNotContain("s3cr3t").doesNotContain("nightly").doesNotContain("pa55")
          .doesNotContain("k-123");
    }
    HubEvent createdEvent = events.next("schedule-created", "secret");
    assertThat(createdEvent.data().encode()).doesNotContain("s3cr3t").doesNotContain("pa55");

    // The call itself carries them.
    ok(hub.post("/api/scheduler/schedules/secret/run", token, null), 202);
    assertThat(events.next("execution-completed", "secret").data().getBoolean("success")).isTrue();
    assertThat(server.calls.get(0).header()).isEqualTo("nightly");
    assertThat(server.calls.get(0).path()).isEqualTo("/jobs?api_key=k-123&x=1");
  }

  @Test
  void shouldMaskCredentialsInTheDeadLetterOfAFailedCall() {
    server.failuresLeft.set(100);
    String url = server.url("/fail").replace("http://", "http://user:pa55@");
    create(interval("parked", "1h", httpAction(url).put("retry", new JsonObject().put("attempts", 1)))
        .put("state", "paused"));

    ok(hub.post("/api/scheduler/schedules/parked/run", token, null), 202);
    HubEvent completed = events.next("execution-completed", "parked");
    String entryId = completed.data().getString("deadLetterId");
    assertThat(entryId).isNotNull();
    assertThat(completed.data().encode()).doesNotContain("pa55");

    JsonObject entry = get("/api/dlq/entries/" + entryId);
    assertThat(entry.getString("category")).isEqualTo("scheduler");
    assertThat(entry.encode()).doesNotContain("s3cr3t").doesNotContain("nightly").doesNotContain("pa55");
    assertThat(entry.getJsonObject("payload").getJsonObject("action").getJsonObject("headers")
        .getString("Authorization")).isEqualTo("***");

    // A resubmission still sends the real credentials: they come from the schedule, not the dead letter.
    server.failuresLeft.set(0);
    JsonObject resubmitted = post("/api/dlq/entries/" + entryId + "/resubmit");
    assertThat(resubmitted.getBoolean("success")).isTrue();
    assertThat(server.calls.get(server.calls.size() - 1).header()).isEqualTo("nightly");
  }

  @Test
  void shouldRefuseTheMaskAsAHeaderValue() {
    assertThat(error(hub.post("/api/scheduler/schedules", token, interval("masked", "1h",
        httpAction(server.url("/x")).put("headers", new JsonObject().put("Authorization", "***")))),
        400, "bad_request")).contains("Authorization");
  }
}
