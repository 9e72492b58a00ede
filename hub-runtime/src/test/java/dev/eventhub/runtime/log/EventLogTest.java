package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on its own: the real store in a temp dir. */
class EventLogTest {
  @TempDir Path dir;
  Vertx vertx;
  List<HubEvent> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  EventLog open(LogOptions options) {
    return TestHub.await(EventLog.open(vertx, options, delivered::addAll));
  }

  @Test
  void shouldKeepEachPublishersOrderAndRecordEveryEventOnceUnderConcurrency() throws Exception {
    EventLog log = open(LogOptions.defaults(dir));
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> acks = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      String key = "t" + t;
      pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          acks.add(log.append(List.of(EventDraft.of("load", "tick", key, new JsonObject().put("i", i)))));
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    TestHub.await(Future.all(acks));

    List<HubEvent> all = readAll(log, EventFilter.all());
    assertThat(all).hasSize(threads * perThread);
    assertThat(all.stream().map(HubEvent::id).distinct().count()).isEqualTo(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String key = "t" + t;
      List<Integer> order = all.stream().filter(e -> key.equals(e.key())).map(e -> e.data().getInteger("i")).toList();
      assertThat(order).isSorted().hasSize(perThread);
    }
    assertThat(delivered).containsExactlyElementsOf(all);
    assertThat(log.stats().commits()).isLessThan(threads * perThread);
    TestHub.await(log.close());
  }

  @Test
  void shouldRecordABatchAtomicallyAndAnswerRepeatedIdsWithTheFirstRecord() {
    EventLog log = open(LogOptions.defaults(dir));
    List<Appended> first = TestHub.await(log.append(List.of(
        EventDraft.of("a", "e", null, null).withId("x-1"),
        EventDraft.of("a", "e", null, null).withId("x-1"),
        EventDraft.of("a", "e", null, null).withId("x-2"))));
    assertThat(first).extracting(Appended::created).containsExactly(true, false, true);
    assertThat(first.get(1).event()).isEqualTo(first.get(0).event());

    List<Appended> again = TestHub.await(log.append(List.of(EventDraft.of("a", "other", null, null).withId("x-2"))));
    assertThat(again.get(0).created()).isFalse();
    assertThat(again.get(0).event().event()).isEqualTo("e");
    assertThat(readAll(log, EventFilter.all())).hasSize(2);
    assertThat(delivered).hasSize(2);
    TestHub.await(log.close());
  }

  @Test
  void shouldPruneByCountPerCategoryAndTellReadersOfOlderCursorsTheyMissedEvents() {
    EventLog log = open(LogOptions.defaults(dir).withRetention(Duration.ZERO, 10, Duration.ofHours(1)));
    List<Appended> keep = TestHub.await(log.append(drafts("small", 5)));
    List<Appended> big = TestHub.await(log.append(drafts("big", 25)));

    // The group that took big past its limit pruned it (section O): nothing is left for retention's own run.
    assertThat(log.stats().pruned()).isEqualTo(15);
    assertThat(TestHub.await(log.prune())).isZero();
    assertThat(log.stats().perCategory()).containsEntry("big", 10L).containsEntry("small", 5L);

    String oldCursor = big.get(0).event().cursor();
    EventPage bigPage = TestHub.await(log.read(new EventQuery(EventFilter.categories("big"), oldCursor, 100)));
    assertThat(bigPage.complete()).isFalse();
    assertThat(bigPage.events()).hasSize(10);
    assertThat(bigPage.events().get(0)).isEqualTo(big.get(15).event());
    // The small category lost nothing: a reader of it only is complete.
    EventPage smallPage = TestHub.await(log.read(new EventQuery(EventFilter.categories("small"), keep.get(0).event().cursor(), 100)));
    assertThat(smallPage.complete()).isTrue();
    assertThat(smallPage.events()).hasSize(4);
    TestHub.await(log.close());
  }

  @Test
  void shouldPruneByAge() {
    EventLog log = open(LogOptions.defaults(dir).withRetention(Duration.ofMillis(1), 0, Duration.ofHours(1)));
    TestHub.await(log.append(drafts("old", 20)));
    // Age retention compares with the clock; wait on the clock itself rather than sleeping a guess.
    long recordedAt = System.currentTimeMillis();
    while (System.currentTimeMillis() < recordedAt + 5) {
      Thread.onSpinWait();
    }
    assertThat(TestHub.await(log.prune())).isEqualTo(20);
    assertThat(readAll(log, EventFilter.all())).isEmpty();
    TestHub.await(log.close());
  }

  @Test
  void shouldNeverReuseASequenceNumberAfterRestartEvenWhenEverythingWasPruned() {
    EventLog log = open(LogOptions.defaults(dir).withRetention(Duration.ZERO, 1, Duration.ofHours(1)));
    List<Appended> before = TestHub.await(log.append(drafts("a", 3)));
    TestHub.await(log.prune());
    TestHub.await(log.close());

    EventLog reopened = open(LogOptions.defaults(dir));
    HubEvent after = TestHub.await(reopened.append(drafts("a", 1))).get(0).event();
    assertThat(after.cursor()).isGreaterThan(before.get(2).event().cursor());
    assertThat(TestHub.await(reopened.head())).isEqualTo(after.cursor());
    TestHub.await(reopened.close());
  }

  @Test
  void shouldServeTheNewestEventsInLogOrder() {
    EventLog log = open(LogOptions.defaults(dir));
    TestHub.await(log.append(drafts("a", 10)));
    EventPage last = TestHub.await(log.last(EventFilter.categories("a"), 3));
    assertThat(last.events()).extracting(e -> e.data().getInteger("i")).containsExactly(7, 8, 9);
    TestHub.await(log.close());
  }

  @Test
  void shouldFilterByEventGlobAndKey() {
    EventLog log = open(LogOptions.defaults(dir));
    TestHub.await(log.append(List.of(
        EventDraft.of("scheduler", "schedule-executed", "n1", null),
        EventDraft.of("scheduler", "schedule-created", "n2", null),
        EventDraft.of("scheduler", "execution-completed", "n1", null),
        EventDraft.of("sched-two", "schedule-executed", "n1", null))));
    assertThat(readAll(log, new EventFilter(List.of("scheduler"), List.of("schedule-*"), null))).hasSize(2);
    assertThat(readAll(log, new EventFilter(List.of("sched*"), List.of("schedule-executed"), List.of("n1")))).hasSize(2);
    assertThat(readAll(log, new EventFilter(List.of("scheduler"), null, List.of("n1")))).hasSize(2);
    TestHub.await(log.close());
  }

  private static List<EventDraft> drafts(String category, int n) {
    List<EventDraft> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(EventDraft.of(category, "e", "k", new JsonObject().put("i", i)));
    }
    return out;
  }

  private static List<HubEvent> readAll(EventLog log, EventFilter filter) {
    List<HubEvent> out = new ArrayList<>();
    String since = null;
    while (true) {
      EventPage page = TestHub.await(log.read(new EventQuery(filter, since, 1000)));
      out.addAll(page.events());
      since = page.next();
      if (!page.more()) {
        return out;
      }
    }
  }

  @Test
  void shouldFindAnEventByItsIdWithinItsCategoryOnly() {
    EventLog log = open(LogOptions.defaults(dir));
    HubEvent first = TestHub.await(log.append(List.of(new EventDraft("job-7", "jobs", "started", null, null))))
        .get(0).event();
    TestHub.await(log.append(List.of(new EventDraft("job-7", "other", "started", null, null))));

    assertThat(TestHub.await(log.find("jobs", "job-7"))).isEqualTo(first);
    assertThat(TestHub.await(log.find("jobs", "job-8"))).isNull();
    assertThat(TestHub.await(log.find("nothing", "job-7"))).isNull();
  }
}
