package dev.eventhub.sources.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand schedules cost one Vert.x timer. Creating them one by one over HTTP takes this
 * machine's log about a millisecond each, so the test stores copies of two schedules created over
 * HTTP straight into the plugin's storage (with the plugin disabled) and starts the hub on them.
 */
class SchedulerScaleTest extends SchedulerTestBase {
  static final int SCHEDULES = 10_000;

  @Test
  void shouldHoldTenThousandSchedulesOnOneTimerAndStillFireOnTime() {
    start();
    create(interval("template-interval", "1h", publishAction("reports", "x")));
    create(cron("template-cron", "0 0 " + FAR_HOUR + " * * ?", "UTC", publishAction("reports", "x")));
    stopHub();
    seedCopies();

    start();

    JsonObject stats = get("/api/scheduler/stats");
    assertThat(stats.getInteger("schedules")).isEqualTo(SCHEDULES + 2);
    assertThat(stats.getInteger("active")).isEqualTo(SCHEDULES + 2);
    assertThat(stats.getInteger("timers")).isEqualTo(1);
    assertThat(stats.getInteger("queued")).isEqualTo(SCHEDULES + 2);
    JsonObject one = get("/api/scheduler/schedules/s04321?next=2");
    assertThat(one.getJsonArray("nextFireTimes")).hasSize(2);

    // One more, firing every second, fires on time among them; a thousand concurrent changes keep one timer.
    create(interval("busy-neighbour", "1s", publishAction("reports", "tick")));
    List<Future<HttpResponse<Buffer>>> pauses = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      pauses.add(hub.client().post("/api/scheduler/schedules/" + String.format("s%05d", i) + "/pause")
          .bearerTokenAuthentication(token).send());
    }
    TestHub.await(Future.all(pauses));
    assertThat(pauses).allMatch(p -> p.result().statusCode() == 200);
    events.next("execution-completed", "busy-neighbour");
    JsonObject after = get("/api/scheduler/stats");
    assertThat(after.getInteger("paused")).isEqualTo(1000);
    assertThat(after.getInteger("timers")).isEqualTo(1);
  }

  // Cron copies fire in an hour of the day twelve hours away, so none comes due while the test counts the queue.
  private static final int FAR_HOUR = (java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 12) % 24;

  // Copies of the two templates, with their own names, periods and minutes.
  private void seedCopies() {
    try (TestHub offline = TestHub.start(dir, c -> c.with("loader.disabled", new JsonArray().add("scheduler")))) {
      PluginStorage storage = offline.hub().log().storage("scheduler");
      StoredDocument interval = TestHub.await(storage.get("schedules", "template-interval"));
      StoredDocument cron = TestHub.await(storage.get("schedules", "template-cron"));
      List<Future<StoredDocument>> writes = new ArrayList<>();
      for (int i = 0; i < SCHEDULES; i++) {
        String name = String.format("s%05d", i);
        JsonObject copy = (i % 2 == 0 ? interval : cron).value().put("name", name);
        if (i % 2 == 0) {
          copy.getJsonObject("trigger").put("every", (3600 + i) + "s");
        } else {
          copy.getJsonObject("trigger").put("expression", "0 " + (i % 60) + " " + FAR_HOUR + " * * ?");
        }
        writes.add(storage.put("schedules", name, copy));
      }
      TestHub.await(Future.all(writes));
    }
  }
}
