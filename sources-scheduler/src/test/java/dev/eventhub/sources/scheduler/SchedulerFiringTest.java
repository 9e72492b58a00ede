package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerFiringTest extends SchedulerTestBase {
  @BeforeEach
  void startHub() {
    start();
  }

  @Test
  void shouldFireAnIntervalScheduleOnEveryOccurrenceOnceAndPublishItsEvent() {
    EventRecorder reports = EventRecorder.of(hub, "reports");
    JsonObject created = create(interval("tick", "1s", publishAction("reports", "tick")));
    Instant anchor = Instant.parse(created.getString("createdAt"));

    List<Instant> occurrences = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HubEvent executed = events.next("schedule-executed", "tick");
      assertThat(executed.data().getString("trigger")).isEqualTo("schedule");
      occurrences.add(Instant.parse(executed.data().getString("occurrence")));
      HubEvent completed = events.next("execution-completed", "tick");
      assertThat(completed.data().getString("executionId")).isEqualTo(executed.data().getString("executionId"));
      assertThat(completed.data().getBoolean("success")).isTrue();
      HubEvent published = reports.next("tick", null);
      assertThat(published.id()).isEqualTo("scheduler-" + executed.data().getString("executionId"));
      assertThat(published.data().getString("from")).isEqualTo("test");
    }
    reports.close();

    // On a loaded machine a late fire may stand for two occurrences; none is ever fired twice.
    assertThat(occurrences).doesNotHaveDuplicates().isSorted();
    for (int i = 0; i < occurrences.size(); i++) {
      long sinceAnchor = Duration.between(anchor, occurrences.get(i)).toMillis();
      assertThat(sinceAnchor).isPositive();
      assertThat(sinceAnchor % 1000).isZero();
    }
    JsonObject schedule = get("/api/scheduler/schedules/tick");
    assertThat(Instant.parse(schedule.getString("lastFireAt"))).isAfterOrEqualTo(occurrences.get(2));
  }

  @Test
  void shouldFireACronScheduleWithASecondsField() {
    create(cron("every-second", "*/1 * * * * ?", "UTC", publishAction("reports", "tick")));

    Instant first = Instant.parse(events.next("schedule-executed", "every-second").data().getString("occurrence"));
    Instant second = Instant.parse(events.next("schedule-executed", "every-second").data().getString("occurrence"));

    assertThat(first.getNano()).isZero();
    assertThat(second.getNano()).isZero();
    assertThat(second).isAfter(first);
  }

  @Test
  void shouldRunAPausedScheduleOnDemandAndRecordTheExecution() {
    create(interval("on-demand", "1h", publishAction("reports", "manual")).put("state", "paused"));

    JsonObject started = ok(hub.post("/api/scheduler/schedules/on-demand/run", token, null), 202);

    assertThat(started.getString("trigger")).isEqualTo("manual");
    assertThat(started.getString("state")).isEqualTo("running");
    String id = started.getString("executionId");
    HubEvent completed = events.next("execution-completed", "on-demand");
    assertThat(completed.data().getString("executionId")).isEqualTo(id);
    List<JsonObject> executions = executions("on-demand");
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).getString("state")).isEqualTo("succeeded");
    assertThat(executions.get(0).getString("finishedAt")).isNotNull();
    assertThat(get("/api/scheduler/schedules/on-demand").getString("state")).isEqualTo("paused");
    error(hub.post("/api/scheduler/schedules/ghost/run", token, null), 404, "not_found");
  }

  @Test
  void shouldNeverFireAPausedSchedule() {
    create(interval("sleeper", "1s", publishAction("reports", "never")).put("state", "paused"));
    create(interval("sentinel", "1s", publishAction("reports", "tick")));

    for (int i = 0; i < 3; i++) {
      events.next("execution-completed", "sentinel");
    }

    assertThat(events.seen()).noneMatch(e -> "sleeper".equals(e.key()) && e.event().startsWith("execution"));
    assertThat(executions("sleeper")).isEmpty();
  }

  @Test
  void shouldRecordAFailedPublishAsAFailedExecution() {
    create(interval("bad-publish", "1h", publishAction("reports", "x")).put("state", "paused"));
    // Restricting categories makes the publish fail at run time: the category is declared by no plugin.
    stopHub();
    start(c -> c.with("publish.restrictToDeclaredCategories", true));

    ok(hub.post("/api/scheduler/schedules/bad-publish/run", token, null), 202);

    HubEvent completed = events.next("execution-completed", "bad-publish");
    assertThat(completed.data().getBoolean("success")).isFalse();
    assertThat(completed.data().getString("error")).contains("publish failed");
    assertThat(executions("bad-publish").get(0).getString("state")).isEqualTo("failed");
  }

  @Test
  void shouldKeepOnlyTheConfiguredNumberOfExecutions() {
    stopHub();
    start(c -> c.with("plugins.scheduler.executionHistory", 2));
    create(interval("short-memory", "1h", publishAction("reports", "x")).put("state", "paused"));

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(ok(hub.post("/api/scheduler/schedules/short-memory/run", token, null), 202).getString("executionId"));
      events.next("execution-completed", "short-memory");
    }

    List<JsonObject> kept = executions("short-memory");
    assertThat(kept.stream().map(e -> e.getString("executionId"))).containsExactly(ids.get(3), ids.get(2));
  }
}
