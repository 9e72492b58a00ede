package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts with occurrences missed while the hub was down. To miss hours without waiting for them,
 * the hub is stopped, the schedule's stored times are moved back (with the scheduler plugin
 * disabled, through the hub's own storage), and the hub is started again: to the scheduler this is
 * exactly a hub that was down that long.
 */
class SchedulerRestartTest extends SchedulerTestBase {
  @BeforeEach
  void startHub() {
    start();
  }

  private void downFor(String name, Duration downtime) {
    downFor(name, downtime, c -> c);
  }

  private void downFor(String name, Duration downtime, UnaryOperator<HubConfig> customize) {
    stopHub();
    try (TestHub offline = TestHub.start(dir, c -> c.with("loader.disabled", new JsonArray().add("scheduler")))) {
      PluginStorage storage = offline.hub().log().storage("scheduler");
      StoredDocument doc = TestHub.await(storage.get("schedules", name));
      JsonObject moved = doc.value();
      for (String field : List.of("createdAt", "updatedAt", "anchorAt", "activeSince", "lastFireAt")) {
        if (moved.getString(field) != null) {
          moved.put(field, Instant.parse(moved.getString(field)).minus(downtime).toString());
        }
      }
      TestHub.await(storage.put("schedules", name, moved));
    }
    start(customize);
  }

  @Test
  void shouldFireOnceForAllTheOccurrencesMissedWhileDownUnderFireOnce() {
    JsonObject created = create(interval("hourly", "1h", publishAction("reports", "hourly")).put("misfire", "fire-once"));
    Duration down = Duration.ofMinutes(3 * 60 + 30);
    Instant anchor = Instant.parse(created.getString("createdAt")).minus(down);

    downFor("hourly", down);

    List<JsonObject> executions = executions("hourly");
    assertThat(executions).hasSize(1);
    JsonObject execution = executions.get(0);
    assertThat(execution.getString("trigger")).isEqualTo("misfire");
    assertThat(execution.getInteger("occurrences")).isEqualTo(3);
    assertThat(Instant.parse(execution.getString("occurrence"))).isEqualTo(anchor.plus(Duration.ofHours(3)));
    JsonObject schedule = get("/api/scheduler/schedules/hourly");
    assertThat(Instant.parse(schedule.getString("nextFireAt"))).isEqualTo(anchor.plus(Duration.ofHours(4)));
    assertThat(Instant.parse(schedule.getString("lastFireAt"))).isEqualTo(anchor.plus(Duration.ofHours(3)));
    assertThat(logged("schedule-executed")).hasSize(1);

    // A second restart finds the missed occurrences claimed: nothing fires again.
    restart();

    assertThat(executions("hourly")).hasSize(1);
    assertThat(logged("schedule-executed")).hasSize(1);
  }

  @Test
  void shouldSkipTheOccurrencesMissedWhileDownUnderSkip() {
    JsonObject created = create(interval("hourly", "1h", publishAction("reports", "hourly")).put("misfire", "skip"));
    Duration down = Duration.ofMinutes(3 * 60 + 30);
    Instant anchor = Instant.parse(created.getString("createdAt")).minus(down);

    downFor("hourly", down);

    assertThat(executions("hourly")).isEmpty();
    assertThat(logged("schedule-executed")).isEmpty();
    JsonObject schedule = get("/api/scheduler/schedules/hourly");
    assertThat(schedule.getString("lastFireAt")).isNull();
    assertThat(Instant.parse(schedule.getString("nextFireAt"))).isEqualTo(anchor.plus(Duration.ofHours(4)));
  }

  @Test
  void shouldFireACronScheduleOnceForItsMissedHoursUnderFireOnce() {
    create(cron("on-the-hour", "0 0 * * * ?", "UTC", publishAction("reports", "hourly")));

    downFor("on-the-hour", Duration.ofHours(3));

    JsonObject execution = executions("on-the-hour").get(0);
    assertThat(execution.getString("trigger")).isEqualTo("misfire");
    assertThat(execution.getInteger("occurrences")).isEqualTo(3);
    Instant firedAt = Instant.parse(execution.getString("startedAt"));
    assertThat(Instant.parse(execution.getString("occurrence"))).isEqualTo(firedAt.truncatedTo(ChronoUnit.HOURS));
    assertThat(logged("schedule-executed")).hasSize(1);
  }

  @Test
  void shouldFireAnOccurrenceLateByLessThanTheThresholdEvenUnderSkip() {
    create(interval("hourly", "1h", publishAction("reports", "hourly")).put("misfire", "skip"));

    // Late by 2 s plus the restarts: well under a 60 s threshold however slow the machine.
    downFor("hourly", Duration.ofHours(1).plusSeconds(2), c -> c.with("plugins.scheduler.misfireThreshold", "60s"));

    List<JsonObject> executions = executions("hourly");
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).getString("trigger")).isEqualTo("schedule");
    assertThat(executions.get(0).getInteger("occurrences")).isEqualTo(1);
  }

  @Test
  void shouldNeverFireAnOccurrenceTwiceAcrossARestart() {
    create(interval("tick", "1s", publishAction("reports", "tick")));
    events.next("schedule-executed", "tick");
    events.next("schedule-executed", "tick");

    restart();
    events.next("schedule-executed", "tick");
    events.next("schedule-executed", "tick");

    List<Instant> occurrences = logged("schedule-executed").stream()
        .map(e -> Instant.parse(e.getJsonObject("data").getString("occurrence"))).toList();
    assertThat(occurrences).hasSizeGreaterThanOrEqualTo(4).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void shouldKeepSchedulesTheirStateAndExecutionsAcrossARestart() {
    create(interval("active-one", "1h", publishAction("reports", "x")));
    create(cron("paused-one", "0 0 2 * * ?", "Europe/Paris", publishAction("reports", "y")).put("state", "paused"));
    ok(hub.post("/api/scheduler/schedules/paused-one/run", token, null), 202);
    events.next("execution-completed", "paused-one");
    String next = get("/api/scheduler/schedules/active-one").getString("nextFireAt");

    restart();

    assertThat(get("/api/scheduler/schedules/active-one").getString("nextFireAt")).isEqualTo(next);
    JsonObject paused = get("/api/scheduler/schedules/paused-one");
    assertThat(paused.getString("state")).isEqualTo("paused");
    assertThat(paused.getJsonObject("trigger").getString("timeZone")).isEqualTo("Europe/Paris");
    assertThat(executions("paused-one")).hasSize(1);
    assertThat(get("/api/scheduler/stats").getInteger("schedules")).isEqualTo(2);
  }
}
