package dev.eventhub.sources.checkpoint.impl;

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

/**
 * A change whose events were not published because the hub died between storing and publishing:
 * the next start publishes them if the change was stored, and drops them (cleaning up) if not.
 */
class OutboxRecoveryTest {
  @TempDir Path dir;

  @Test
  void shouldPublishTheEventsOfStoredChangesAndDropThoseOfChangesNeverStored() {
    String checkpointKey;
    try (TestHub hub = TestHub.start(dir)) {
      String token = hub.token("publish:checkpoint");
      JsonObject created = hub.post("/api/checkpoint/sessions/s1/checkpoints", token,
          new JsonObject().put("label", "l").put("state", 1)).bodyAsJsonObject();
      checkpointKey = "s1/" + created.getString("checkpoint_id");
      PluginStorage storage = hub.hub().log().storage("checkpoint");
      // As the hub leaves them when it dies right after writing the outbox entry (and maybe the change).
      Change stored = Change.replace("checkpoints", checkpointKey, 0)
          .publishing(event("restored-before-crash"));
      Change neverStored = Change.replace("checkpoints", checkpointKey, 4)
          .publishing(event("never-happened"))
          .cleanupWhenAbandoned(new Cleanup("states", "s1/ORPHAN/", null));
      Change deleted = Change.delete("checkpoints", "s1/GONE")
          .publishing(event("deleted-before-crash"))
          .cleanupWhenApplied(new Cleanup("states", "s1/GONE/", null));
      TestHub.await(storage.put("states", "s1/ORPHAN/0", new JsonObject().put("data", "")));
      TestHub.await(storage.put("states", "s1/GONE/0", new JsonObject().put("data", "")));
      TestHub.await(storage.insert("outbox", "1", stored.toJson(List.of(event("restored-before-crash")))));
      TestHub.await(storage.insert("outbox", "2", neverStored.toJson(List.of(event("never-happened")))));
      TestHub.await(storage.insert("outbox", "3", deleted.toJson(List.of(event("deleted-before-crash")))));
    }

    try (TestHub hub = TestHub.start(dir)) {
      JsonObject history = hub.get("/api/events?categories=checkpoint", hub.adminToken()).bodyAsJsonObject();
      List<String> ids = history.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("id")).toList();
      assertThat(ids).hasSize(3).endsWith("restored-before-crash", "deleted-before-crash");
      PluginStorage storage = hub.hub().log().storage("checkpoint");
      assertThat(TestHub.await(storage.list("outbox", ListOptions.first(10)))).isEmpty();
      assertThat(TestHub.await(storage.get("states", "s1/ORPHAN/0"))).isNull();
      assertThat(TestHub.await(storage.get("states", "s1/GONE/0"))).isNull();
      assertThat(TestHub.await(storage.get("states", checkpointKey + "/0"))).isNotNull();
    }
  }

  @Test
  void shouldNotPublishAnEventTwiceWhenItWasPublishedBeforeTheCrash() {
    try (TestHub hub = TestHub.start(dir)) {
      PluginStorage storage = hub.hub().log().storage("checkpoint");
      TestHub.await(storage.put("sessions", "s1", new JsonObject()));
      hub.publish("checkpoint", "checkpoint-created", "s1", new JsonObject());
      EventDraft published = event("already-published");
      TestHub.await(hub.hub().publisher().publish(published));
      Change change = Change.insert("sessions", "s1").publishing(published);
      TestHub.await(storage.insert("outbox", "1", change.toJson(List.of(published))));
    }

    try (TestHub hub = TestHub.start(dir)) {
      JsonObject history = hub.get("/api/events?categories=checkpoint", hub.adminToken()).bodyAsJsonObject();
      assertThat(history.getJsonArray("events")).hasSize(2);
    }
  }

  private static EventDraft event(String id) {
    return new EventDraft(id, "checkpoint", "checkpoint-restored", "s1", new JsonObject().put("session_id", "s1"));
  }
}
