package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 20: the scheduler sets the schedule and the execution as attributes, on its events and the ones it publishes. */
class SchedulerAttributesTest extends SchedulerTestBase {
  @Test
  void shouldSetScheduleAndExecutionAttributes() {
    start();
    EventRecorder reports = EventRecorder.of(hub, "reports");
    create(interval("on-demand", "1h", publishAction("reports", "manual")).put("state", "paused"));
    JsonObject started = ok(hub.post("/api/scheduler/schedules/on-demand/run", token, null), 202);
    String id = started.getString("executionId");
    assertThat(events.next("schedule-created", "on-demand").attribute("schedule_id")).isEqualTo("on-demand");

    HubEvent completed = events.next("execution-completed", "on-demand");
    assertThat(completed.attribute("schedule_id")).isEqualTo("on-demand");
    assertThat(completed.attribute("execution_id")).isEqualTo(id);
    HubEvent published = reports.next("manual", null);
    assertThat(published.attribute("schedule_id")).isEqualTo("on-demand");
    assertThat(published.attribute("execution_id")).isEqualTo(id);
  }
}
