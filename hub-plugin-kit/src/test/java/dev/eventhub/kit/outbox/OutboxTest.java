package dev.eventhub.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.id.UlidGenerator;
import dev.eventhub.kit.outbox.Outbox.Change;
import dev.eventhub.kit.outbox.Outbox.Cleanup;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on the hub's real storage and publisher. */
class OutboxTest {
  @TempDir Path dir;
  private TestHub hub;
  private PluginStorage storage;
  private Outbox outbox;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    storage = hub.hub().log().storage("kit");
    outbox = Outbox.create(storage, hub.hub().publisher(), UlidGenerator.create());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldStoreTheChangeThenPublishItsEventsWithFreshIdsAndForgetTheOutboxDocument() {
    Change change = Change.insert("notes", "n1").publishing(event("old-id", "note-added", "n1"));
    StoredDocument stored = TestHub.await(outbox.commit(change,
        () -> storage.insert("notes", "n1", new JsonObject().put("text", "hello"))));

    assertThat(stored.version()).isEqualTo(1);
    List<JsonObject> events = logged();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getString("event")).isEqualTo("note-added");
    assertThat(events.get(0).getString("id")).hasSize(26).isNotEqualTo("old-id");
    assertThat(outboxDocuments()).isEmpty();
  }

  @Test
  void shouldPublishNothingAndForgetTheOutboxDocumentWhenTheWriteFails() {
    Change change = Change.insert("notes", "n1").publishing(event("e", "note-added", "n1"));
    Future<Object> result = outbox.commit(change, () -> Future.failedFuture(HubException.conflict("taken")));

    Throwable failure = TestHub.await(result.<Throwable>map(r -> null).otherwise(e -> e));
    assertThat(failure).isInstanceOfSatisfying(HubException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    assertThat(logged()).isEmpty();
    assertThat(outboxDocuments()).isEmpty();
  }

  @Test
  void shouldTreatAWriteThatThrowsAsOneThatFailed() {
    Future<Object> result = outbox.commit(Change.insert("notes", "n1"), () -> {
      throw new IllegalStateException("broken");
    });

    assertThat(TestHub.await(result.<Throwable>map(r -> null).otherwise(e -> e))).hasMessage("broken");
    assertThat(outboxDocuments()).isEmpty();
  }

  @Test
  void shouldPublishAtRecoveryTheEventsOfChangesThatHappenedAndDropTheOthers() {
    // As a hub that died between storing outbox documents and publishing leaves them:
    TestHub.await(storage.put("notes", "applied", new JsonObject()));
    TestHub.await(storage.put("parts", "ghost/1", new JsonObject()));
    TestHub.await(storage.put("parts", "gone/1", new JsonObject()));
    TestHub.await(storage.put("parts", "gone/9", new JsonObject()));
    store("1", Change.insert("notes", "applied"), event("e-applied", "note-added", "applied"));
    store("2", Change.insert("notes", "ghost").cleanupWhenAbandoned(new Cleanup("parts", "ghost/", null)),
        event("e-ghost", "note-added", "ghost"));
    store("3", Change.delete("notes", "gone").cleanupWhenApplied(new Cleanup("parts", "gone/", "gone/5")),
        event("e-gone", "note-deleted", "gone"));
    store("4", Change.replace("notes", "applied", 5), event("e-future", "note-changed", "applied"));

    TestHub.await(outbox.recover());

    assertThat(logged()).extracting(e -> e.getString("id")).containsExactly("e-applied", "e-gone");
    assertThat(outboxDocuments()).isEmpty();
    assertThat(TestHub.await(storage.get("parts", "ghost/1"))).as("made by a write that never happened").isNull();
    assertThat(TestHub.await(storage.get("parts", "gone/1"))).isNull();
    assertThat(TestHub.await(storage.get("parts", "gone/9"))).as("at or after 'before'").isNotNull();
  }

  @Test
  void shouldNotPublishTwiceAnEventPublishedBeforeTheCrash() {
    TestHub.await(storage.put("notes", "n1", new JsonObject()));
    EventDraft published = event("e-1", "note-added", "n1");
    TestHub.await(hub.hub().publisher().publish(published));
    store("1", Change.insert("notes", "n1"), published);

    TestHub.await(outbox.recover());

    assertThat(logged()).hasSize(1);
    assertThat(outboxDocuments()).isEmpty();
  }

  @Test
  void shouldDropAtRecoveryEventsTheHubRefusesForGood() {
    TestHub.await(storage.put("notes", "n1", new JsonObject()));
    store("1", Change.insert("notes", "n1"), new EventDraft("e-1", "Not A Category", "note-added", "n1", null));

    TestHub.await(outbox.recover());

    assertThat(outboxDocuments()).isEmpty();
    assertThat(hub.get("/api/events?limit=100", hub.adminToken()).bodyAsJsonObject().getJsonArray("events")).isEmpty();
  }

  private void store(String key, Change change, EventDraft draft) {
    TestHub.await(storage.insert(Outbox.COLLECTION, key, change.publishing(draft).toJson(List.of(draft))));
  }

  private List<JsonObject> logged() {
    return hub.get("/api/events?categories=kit&limit=100", hub.adminToken()).bodyAsJsonObject()
        .getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  private List<StoredDocument> outboxDocuments() {
    return TestHub.await(storage.list(Outbox.COLLECTION, ListOptions.first(100)));
  }

  private static EventDraft event(String id, String type, String key) {
    return new EventDraft(id, "kit", type, key, new JsonObject().put("key", key));
  }
}
