package dev.eventhub.sources.workflow.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.kit.outbox.Outbox.Change;
import dev.eventhub.kit.outbox.Outbox.Cleanup;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transitions interrupted between storing and publishing are settled at the next start. */
class OutboxRecoveryTest {
  @TempDir Path dir;

  @Test
  void shouldPublishTheEventsOfAStoredTransitionAndDropThoseOfAJobNeverStored() {
    try (TestHub hub = TestHub.start(dir)) {
      hub.post("/api/workflow/jobs", hub.adminToken(), new JsonObject().put("job_id", "j").put("name", "n"));
      PluginStorage storage = hub.hub().log().storage("workflow");
      EventDraft stored = event("stored", "j");
      EventDraft neverStored = event("never-stored", "ghost");
      TestHub.await(storage.put("recent", "GHOSTKEY", new JsonObject().put("job_id", "ghost")));
      TestHub.await(storage.insert("outbox", "1",
          Change.replace("jobs", "j", 0).publishing(stored).toJson(List.of(stored))));
      TestHub.await(storage.insert("outbox", "2", Change.insert("jobs", "ghost").publishing(neverStored)
          .cleanupWhenAbandoned(new Cleanup("recent", "GHOSTKEY", null)).toJson(List.of(neverStored))));
    }

    try (TestHub hub = TestHub.start(dir)) {
      List<String> ids = hub.get("/api/events?categories=workflow", hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList();
      assertThat(ids).hasSize(2).endsWith("stored");
      PluginStorage storage = hub.hub().log().storage("workflow");
      assertThat(TestHub.await(storage.list("outbox", ListOptions.first(10)))).isEmpty();
      assertThat(TestHub.await(storage.get("recent", "GHOSTKEY"))).isNull();
    }
  }

  private static EventDraft event(String id, String jobId) {
    return new EventDraft(id, "workflow", "job-progress", jobId, new JsonObject().put("job_id", jobId));
  }
}
