package dev.eventhub.sources.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fire whose claim was written (the occurrence as {@code lastFireAt}) but whose execution record was not
 * (the node crashed between the two writes, or a cluster leader was fenced between them) never ran: the
 * next start runs it, with the id its occurrence gives it, once.
 */
class SchedulerClaimedFireTest extends SchedulerTestBase {
  @BeforeEach
  void startHub() {
    start();
  }

  @Test
  void shouldRunAFireThatWasClaimedButNeverRecordedAtTheNextStart() {
    JsonObject created = create(interval("hourly", "1h", publishAction("reports", "hourly")));
    Instant occurrence = Instant.parse(created.getString("createdAt")).plusSeconds(3600);
    String expectedId = UUID.nameUUIDFromBytes(("hourly\n" + created.getString("createdAt") + "\n" + occurrence)
        .getBytes(StandardCharsets.UTF_8)).toString();
    stopHub();
    // What a fire leaves behind when it stops after its claim: the schedule's document says the occurrence
    // fired as execution 1, and there is no record of execution 1.
    try (TestHub offline = TestHub.start(dir, c -> c.with("loader.disabled", new JsonArray().add("scheduler")))) {
      PluginStorage storage = offline.hub().log().storage("scheduler");
      JsonObject claimed = TestHub.await(storage.get("schedules", "hourly")).value()
          .put("lastFireAt", occurrence.toString()).put("executionSeq", 1)
          .put("lastFire", new JsonObject().put("seq", 1).put("trigger", "schedule").put("occurrences", 1));
      TestHub.await(storage.put("schedules", "hourly", claimed));
      assertThat(TestHub.<StoredDocument>await(storage.get("executions", "hourly/000000000001"))).isNull();
    }

    start();

    List<JsonObject> executions = executions("hourly");
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).getString("executionId")).isEqualTo(expectedId);
    assertThat(executions.get(0).getString("occurrence")).isEqualTo(occurrence.toString());
    // Published as the start ran it, before this test's recorder subscribed: read from the log.
    Eventually.until(() -> !logged("schedule-executed").isEmpty(), "schedule-executed in the log");
    List<JsonObject> executed = logged("schedule-executed");
    assertThat(executed).hasSize(1);
    assertThat(executed.get(0).getString("id")).isEqualTo("scheduler-" + expectedId + "-executed");

    // Recorded now: the start after does not run it again.
    restart();

    assertThat(executions("hourly")).hasSize(1);
    assertThat(logged("schedule-executed")).hasSize(1);
  }
}
