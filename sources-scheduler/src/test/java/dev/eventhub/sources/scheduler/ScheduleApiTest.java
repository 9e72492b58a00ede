package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScheduleApiTest extends SchedulerTestBase {
  @BeforeEach
  void startHub() {
    start();
  }

  @Test
  void shouldCreateACronScheduleAndServeItsNextFireTimesInItsTimeZone() {
    JsonObject created = create(cron("nightly-report", "0 30 2 * * ?", "Europe/Paris", publishAction("reports", "due")));

    assertThat(created.getString("state")).isEqualTo("active");
    assertThat(created.getString("misfire")).isEqualTo("fire-once");
    assertThat(created.getString("lastFireAt")).isNull();
    JsonObject one = get("/api/scheduler/schedules/nightly-report?next=3");
    JsonArray times = one.getJsonArray("nextFireTimes");
    assertThat(times).hasSize(3);
    assertThat(one.getString("nextFireAt")).isEqualTo(times.getString(0));
    for (Object t : times) {
      ZonedDateTime paris = Instant.parse((String) t).atZone(ZoneId.of("Europe/Paris"));
      assertThat(paris.getHour()).isEqualTo(2);
      assertThat(paris.getMinute()).isEqualTo(30);
    }
    HubEvent event = events.next("schedule-created", "nightly-report");
    assertThat(event.data().getJsonObject("trigger").getString("expression")).isEqualTo("0 30 2 * * ?");
  }

  @Test
  void shouldEvaluateCronListsRangesAndSteps() {
    create(cron("lists", "0 0,30 9-17 ? * MON-FRI", "America/New_York", publishAction("a", "b")));

    JsonArray times = get("/api/scheduler/schedules/lists?next=20").getJsonArray("nextFireTimes");

    assertThat(times).hasSize(20);
    for (Object t : times) {
      ZonedDateTime local = Instant.parse((String) t).atZone(ZoneId.of("America/New_York"));
      assertThat(local.getMinute()).isIn(0, 30);
      assertThat(local.getHour()).isBetween(9, 17);
      assertThat(local.getDayOfWeek().getValue()).isBetween(1, 5);
    }
  }

  @Test
  void shouldAcceptUnixCronAndIntervalsAsMillisecondsOrText() {
    create(cron("unix", "*/15 * * * *", "UTC", publishAction("a", "b")));
    create(interval("text", "90s", publishAction("a", "b")));
    create(interval("millis", null, publishAction("a", "b")).put("trigger",
        new JsonObject().put("type", "interval").put("every", 2500)));

    Instant unixNext = Instant.parse(get("/api/scheduler/schedules/unix").getString("nextFireAt"));
    assertThat(unixNext.atZone(ZoneId.of("UTC")).getMinute() % 15).isZero();
    JsonArray millis = get("/api/scheduler/schedules/millis?next=2").getJsonArray("nextFireTimes");
    assertThat(Duration.between(Instant.parse(millis.getString(0)), Instant.parse(millis.getString(1))))
        .isEqualTo(Duration.ofMillis(2500));
    assertThat(get("/api/scheduler/schedules/millis").getJsonObject("trigger").getInteger("every")).isEqualTo(2500);
  }

  @Test
  void shouldRejectEveryInvalidDefinitionWithTheFieldAtFaultAndStoreNothing() {
    JsonObject publish = publishAction("reports", "due");
    assertRejected(cron("c", "not a cron", "UTC", publish), "'trigger.expression'");
    assertRejected(cron("c", "61 * * * * ?", "UTC", publish), "'trigger.expression'");
    assertRejected(cron("c", "* * * * * *", "UTC", publish), "'trigger.expression'");
    assertRejected(cron("c", "0 0 0 30 2 ?", "UTC", publish), "never fires");
    assertRejected(cron("c", "0 0 * * * ?", "Mars/Olympus", publish), "'trigger.timeZone'");
    assertRejected(interval("i", "soon", publish), "'trigger.every'");
    assertRejected(interval("i", "10ms", publish), "'trigger.every'");
    assertRejected(interval("i", "2s", publish).put("trigger", new JsonObject().put("type", "lunar")), "'trigger.type'");
    assertRejected(interval("i", "2s", publish).put("trigger", "every day"), "'trigger'");
    assertRejected(interval("i", "2s", new JsonObject().put("type", "email")), "'action.type'");
    assertRejected(interval("i", "2s", null), "'action' is required");
    assertRejected(interval("i", "2s", publishAction("Bad Category", "due")), "'action.category'");
    assertRejected(interval("i", "2s", publishAction("reports", null)), "'action.event'");
    assertRejected(interval("i", "2s", http("ftp://example.com/x")), "'action.url'");
    assertRejected(interval("i", "2s", http("not a url")), "'action.url'");
    assertRejected(interval("i", "2s", http("http://example.com").put("method", "FETCH")), "'action.method'");
    assertRejected(interval("i", "2s", http("http://example.com").put("headers", new JsonObject().put("Bad Header", "x"))),
        "'action.headers'");
    assertRejected(interval("i", "2s", http("http://example.com").put("body", 42)), "'action.body'");
    assertRejected(interval("i", "2s", http("http://example.com").put("timeout", "forever")), "'action.timeout'");
    assertRejected(interval("i", "2s", http("http://example.com").put("retry", new JsonObject().put("attempts", 0))),
        "'action.retry.attempts'");
    assertRejected(interval("has space", "2s", publish), "'name'");
    assertRejected(interval(null, "2s", publish), "'name'");
    assertRejected(interval("i", "2s", publish).put("misfire", "sometimes"), "'misfire'");
    assertRejected(interval("i", "2s", publish).put("state", "sleeping"), "'state'");
    assertRejected("{broken", "not JSON");
    assertRejected("[]", "JSON object");

    assertThat(get("/api/scheduler/schedules").getJsonArray("schedules")).isEmpty();
    assertThat(get("/api/scheduler/stats").getInteger("schedules")).isZero();
  }

  @Test
  void shouldRefuseADuplicateNameWith409AndKeepTheFirst() {
    create(interval("dup", "1h", publishAction("a", "first")));

    String message = error(hub.post("/api/scheduler/schedules", token, interval("dup", "2h", publishAction("a", "second"))),
        409, "conflict");

    assertThat(message).contains("'dup' already exists");
    assertThat(get("/api/scheduler/schedules/dup").getJsonObject("action").getString("event")).isEqualTo("first");
  }

  @Test
  void shouldReplaceADefinitionWithPutAndRefuseARename() {
    create(interval("job", "1h", publishAction("a", "b")));

    JsonObject updated = put("/api/scheduler/schedules/job",
        cron("job", "0 0 3 * * ?", "UTC", publishAction("a", "c")).put("misfire", "skip"));

    assertThat(updated.getJsonObject("trigger").getString("type")).isEqualTo("cron");
    assertThat(updated.getString("misfire")).isEqualTo("skip");
    assertThat(Instant.parse(updated.getString("nextFireAt")).atZone(ZoneId.of("UTC")).getHour()).isEqualTo(3);
    assertThat(events.next("schedule-updated", "job").data().getString("change")).isEqualTo("updated");
    assertThat(error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/job", token,
        interval("other", "1h", publishAction("a", "b"))), 400, "bad_request")).contains("renamed");
    error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/job", token,
        interval("job", "1h", publishAction("a", "b")).put("trigger", new JsonObject().put("type", "cron"))),
        400, "bad_request");
    error(hub.send(HttpMethod.PUT, "/api/scheduler/schedules/ghost", token, interval("ghost", "1h", publishAction("a", "b"))),
        404, "not_found");
    assertThat(get("/api/scheduler/schedules/job").getString("misfire")).isEqualTo("skip");
  }

  @Test
  void shouldPauseAndResumeAndRefuseTransitionsThatMakeNoSense() {
    create(interval("job", "1h", publishAction("a", "b")));

    JsonObject paused = post("/api/scheduler/schedules/job/pause");
    assertThat(paused.getString("state")).isEqualTo("paused");
    assertThat(paused.getString("nextFireAt")).isNull();
    assertThat(get("/api/scheduler/schedules/job").getJsonArray("nextFireTimes")).isEmpty();
    assertThat(error(hub.post("/api/scheduler/schedules/job/pause", token, null), 409, "conflict")).contains("already paused");
    assertThat(events.next("schedule-updated", "job").data().getString("change")).isEqualTo("paused");

    JsonObject resumed = post("/api/scheduler/schedules/job/resume");
    assertThat(resumed.getString("state")).isEqualTo("active");
    assertThat(Instant.parse(resumed.getString("nextFireAt"))).isAfter(Instant.now());
    assertThat(error(hub.post("/api/scheduler/schedules/job/resume", token, null), 409, "conflict")).contains("not paused");
    assertThat(events.next("schedule-updated", "job").data().getString("change")).isEqualTo("resumed");
    error(hub.post("/api/scheduler/schedules/ghost/pause", token, null), 404, "not_found");
  }

  @Test
  void shouldDeleteAScheduleAndAnswer404Afterwards() {
    create(interval("job", "1h", publishAction("a", "b")));

    JsonObject deleted = ok(hub.send(HttpMethod.DELETE, "/api/scheduler/schedules/job", token, null), 200);

    assertThat(deleted.getString("deleted")).isEqualTo("job");
    assertThat(events.next("schedule-deleted", "job").data().getString("name")).isEqualTo("job");
    error(hub.get("/api/scheduler/schedules/job", token), 404, "not_found");
    error(hub.send(HttpMethod.DELETE, "/api/scheduler/schedules/job", token, null), 404, "not_found");
    error(hub.get("/api/scheduler/schedules/job/executions", token), 404, "not_found");
    create(interval("job", "2h", publishAction("a", "b")));
    assertThat(get("/api/scheduler/schedules/job").getJsonObject("trigger").getString("every")).isEqualTo("2h");
  }

  @Test
  void shouldListByStateAndPageByName() {
    for (String name : List.of("a", "b", "c", "d")) {
      create(interval(name, "1h", publishAction("x", "y")));
    }
    post("/api/scheduler/schedules/b/pause");

    assertThat(names("/api/scheduler/schedules")).containsExactly("a", "b", "c", "d");
    assertThat(names("/api/scheduler/schedules?state=paused")).containsExactly("b");
    assertThat(names("/api/scheduler/schedules?state=active")).containsExactly("a", "c", "d");
    JsonObject page = get("/api/scheduler/schedules?limit=2");
    assertThat(page.getBoolean("more")).isTrue();
    assertThat(names("/api/scheduler/schedules?limit=2&after=" + page.getString("next"))).containsExactly("c", "d");
  }

  @Test
  void shouldRejectBadParametersAndCheckScopes() {
    error(hub.get("/api/scheduler/schedules?state=sleeping", token), 400, "bad_request");
    error(hub.get("/api/scheduler/schedules?limit=0", token), 400, "bad_request");
    error(hub.get("/api/scheduler/schedules?after=no%20way", token), 400, "bad_request");
    create(interval("job", "1h", publishAction("a", "b")));
    error(hub.get("/api/scheduler/schedules/job?next=101", token), 400, "bad_request");
    error(hub.get("/api/scheduler/schedules/job/executions?limit=abc", token), 400, "bad_request");
    error(hub.get("/api/scheduler/schedules", null), 401, "unauthorized");
    error(hub.post("/api/scheduler/schedules", hub.token("subscribe:scheduler"), interval("x", "1h", publishAction("a", "b"))),
        403, "forbidden");
    error(hub.get("/api/scheduler/nothing", token), 404, "not_found");
    error(hub.send(HttpMethod.PATCH, "/api/scheduler/schedules/job", token, "{}"), 404, "not_found");
    error(hub.post("/api/scheduler/schedules", token, "x".repeat(300 * 1024)), 413, "too_large");
  }

  private List<String> names(String path) {
    return get(path).getJsonArray("schedules").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  private static JsonObject http(String url) {
    return new JsonObject().put("type", "http").put("url", url);
  }

  private void assertRejected(Object body, String messagePart) {
    String message = error(hub.post("/api/scheduler/schedules", token, body), 400, "bad_request");
    assertThat(message).contains(messagePart);
  }
}
