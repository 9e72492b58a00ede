package dev.eventhub.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder the plugin modules' tests wait on. */
class EventRecorderTest {
  @TempDir Path dir;
  private TestHub hub;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldWaitForACountOfEventsOfOneCategory() {
    try (EventRecorder recorder = EventRecorder.of(hub, "rec-a")) {
      publish("rec-b", "other", "x");
      publish("rec-a", "first", "k1");
      publish("rec-a", "second", "k2");

      List<HubEvent> events = recorder.await(2);

      assertThat(events).extracting(HubEvent::event).containsExactly("first", "second");
      assertThat(recorder.received()).hasSize(2);
    }
  }

  @Test
  void shouldGiveTheNextMatchingEventAndKeepThosePassedOver() {
    try (EventRecorder recorder = EventRecorder.all(hub)) {
      publish("rec-a", "skipped", "k1");
      publish("rec-b", "wanted", "k2");
      publish("rec-a", "wanted", "k3");

      assertThat(recorder.next("wanted", null).key()).isEqualTo("k2");
      assertThat(recorder.seen()).extracting(HubEvent::event).containsExactly("skipped", "wanted");
      assertThat(recorder.next(e -> e.category().equals("rec-a")).key()).isEqualTo("k3");
      assertThat(recorder.received()).hasSize(3);
    }
  }

  @Test
  void shouldFailAWaitWhoseFilterThrowsInsteadOfHanging() {
    try (EventRecorder recorder = EventRecorder.all(hub)) {
      assertThatThrownBy(() -> {
        hub.vertx().setTimer(50, id -> hub.hub().publisher().publish(EventDraft.of("rec-a", "late", null, null)));
        recorder.next(e -> e.key().isEmpty());
      }).isInstanceOf(NullPointerException.class);
    }
  }

  private void publish(String category, String type, String key) {
    TestHub.await(hub.hub().publisher().publish(EventDraft.of(category, type, key, new JsonObject())));
  }
}
