package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: a batch is inserted several rows per statement ({@link EventRows}); every size, across the chunk
 * boundaries, records each event once, in order, with its own fields, and a repeated id inside a batch still
 * answers the first record.
 */
class BatchAppendTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldRecordBatchesOfEverySizeAroundTheChunksInOrder() {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<HubEvent> expected = new ArrayList<>();
    int n = 0;
    for (int size : new int[] {1, 3, 4, 5, 15, 16, 17, 21, 63, 64, 65, 85, 100, 150}) {
      List<EventDraft> batch = new ArrayList<>();
      for (int i = 0; i < size; i++, n++) {
        EventDraft draft = EventDraft.of("c-" + n % 3, "e-" + n % 2, n % 4 == 0 ? null : "k-" + n,
            new JsonObject().put("n", n).put("text", "é\"\\" + n));
        batch.add(n % 5 == 0 ? draft.withId("p-" + n).withAttribute("a", "v-" + n) : draft);
      }
      List<Appended> appended = TestHub.await(log.append(batch));
      assertThat(appended).hasSize(size).allMatch(Appended::created);
      appended.forEach(a -> expected.add(a.event()));
    }
    TestHub.await(log.close());

    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<HubEvent> stored = TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 1000))).events();
    assertThat(stored).extracting(HubEvent::encode).containsExactlyElementsOf(expected.stream().map(HubEvent::encode).toList());
    for (int i = 0; i < stored.size(); i++) {
      HubEvent e = stored.get(i);
      assertThat(e.data().getInteger("n")).isEqualTo(i);
      assertThat(e.data().getString("text")).isEqualTo("é\"\\" + i);
      assertThat(e.category()).isEqualTo("c-" + i % 3);
      assertThat(e.key()).isEqualTo(i % 4 == 0 ? null : "k-" + i);
      assertThat(e.attributes()).isEqualTo(i % 5 == 0 ? Map.of("a", "v-" + i) : Map.of());
      if (i > 0) {
        assertThat(e.cursor()).isGreaterThan(stored.get(i - 1).cursor());
      }
      // The hub's ids (drawn before the writer takes the batch) are UUID version 7; a producer's is kept.
      assertThat(i % 5 == 0 ? e.id() : String.valueOf(java.util.UUID.fromString(e.id()).version()))
          .isEqualTo(i % 5 == 0 ? "p-" + i : "7");
    }
    assertThat(stored.stream().map(HubEvent::id).distinct()).hasSize(stored.size());
    TestHub.await(log.close());
  }

  @Test
  void shouldAnswerARepeatedIdInsideALargeBatchWithTheFirstRecord() {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<EventDraft> batch = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      batch.add(new EventDraft(i == 69 ? "same" : i == 2 ? "same" : null, "c", "e", null, new JsonObject().put("i", i)));
    }
    List<Appended> appended = TestHub.await(log.append(batch));
    assertThat(appended.get(69).created()).isFalse();
    assertThat(appended.get(69).event().cursor()).isEqualTo(appended.get(2).event().cursor());
    assertThat(appended.get(69).event().data().getInteger("i")).isEqualTo(2);
    assertThat(TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 1000))).events()).hasSize(69);
    TestHub.await(log.close());
  }
}
