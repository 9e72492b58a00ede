package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.impl.LogFaults;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 items 15 and 16: the log's bounds on categories, stored bytes and page bytes. */
class LogLimitsTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  EventLog open(LogOptions.Limits limits) {
    return TestHub.await(EventLog.open(vertx,
        LogOptions.defaults(dir).withRetention(Duration.ZERO, 0, Duration.ofHours(1)).withLimits(limits), e -> {}));
  }

  static EventDraft draft(String category, int bytes) {
    return EventDraft.of(category, "tick", null, new JsonObject().put("pad", "x".repeat(bytes)));
  }

  static HubException failure(Future<?> future) {
    Throwable cause = TestHub.await(future.transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(cause).as("the future failed").isInstanceOf(HubException.class);
    return (HubException) cause;
  }

  @Test
  void shouldRefuseANewCategoryOverTheLimitAndForgetCategoriesRetentionEmptied() {
    // Any stored byte is over the size limit: a prune empties every category.
    EventLog log = open(LogOptions.Limits.defaults().withMaxCategories(3).withMaxStoredBytes(1));
    List<Set<String>> emptied = new CopyOnWriteArrayList<>();
    log.onCategoriesEmptied(emptied::add);
    for (String c : List.of("a", "b", "c", "a")) {
      TestHub.await(log.append(List.of(draft(c, 10))));
    }
    HubException refused = failure(log.append(List.of(draft("d", 10))));
    assertThat(refused.code().httpStatus()).isBetween(400, 499);
    assertThat(refused.getMessage()).contains("log.maxCategories").contains("3").contains("'d'");
    // A batch that would add one is refused whole.
    failure(log.append(List.of(draft("a", 10), draft("e", 10))));
    assertThat(log.stats().events()).isEqualTo(4);
    assertThat(log.stats().refused()).containsEntry("max_categories", 3L);

    assertThat(TestHub.await(log.prune())).isEqualTo(4);
    assertThat(emptied).containsExactly(Set.of("a", "b", "c"));
    assertThat(log.stats().perCategory()).isEmpty();
    // Emptied categories no longer count toward the limit.
    TestHub.await(log.append(List.of(draft("d", 10), draft("e", 10), draft("f", 10))));
    assertThat(log.stats().perCategory()).containsOnlyKeys("d", "e", "f");
    TestHub.await(log.close());
  }

  @Test
  void shouldKeepPruningMarksOfAtMostMaxCategoriesEmptiedCategoriesAndStillTellReadersTheyMissedEvents() {
    LogOptions.Limits limits = LogOptions.Limits.defaults().withMaxCategories(2).withMaxStoredBytes(1);
    EventLog log = open(limits);
    String start = TestHub.await(log.head());
    TestHub.await(log.append(List.of(draft("a", 10), draft("b", 10))));
    TestHub.await(log.prune());
    List<Appended> cd = TestHub.await(log.append(List.of(draft("c", 10), draft("d", 10))));
    TestHub.await(log.prune());
    // Four categories emptied, marks for two: the oldest (a, b) folded into the floor.
    assertThat(LogFaults.prunedMarks(log)).isEqualTo(2);
    assertThat(complete(log, "a", start)).isFalse();
    assertThat(complete(log, "d", start)).isFalse();
    assertThat(complete(log, "d", cd.get(1).event().cursor())).isTrue();
    assertThat(complete(log, "zzz", cd.get(0).event().cursor())).isTrue();
    TestHub.await(log.close());

    // The floor is kept across restarts.
    log = open(limits);
    assertThat(complete(log, "a", start)).isFalse();
    assertThat(LogFaults.prunedMarks(log)).isEqualTo(2);
    TestHub.await(log.close());
  }

  static boolean complete(EventLog log, String category, String since) {
    EventFilter filter = new EventFilter(List.of(category), List.of(), List.of());
    return TestHub.await(log.read(new EventQuery(filter, since, 10))).complete();
  }

  @Test
  void shouldPruneTheOldestEventsWhileTheStoreIsOverMaxBytes() {
    EventLog log = open(LogOptions.Limits.defaults().withMaxStoredBytes(512 * 1024));
    List<HubEvent> all = new ArrayList<>();
    for (int batch = 0; batch < 20; batch++) {
      List<EventDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        drafts.add(draft(batch % 2 == 0 ? "even" : "odd", 8 * 1024));
      }
      TestHub.await(log.append(drafts)).forEach(a -> all.add(a.event()));
    }
    assertThat(TestHub.await(log.prune())).isPositive();
    long kept = log.stats().events();
    // 200 events of 8 KiB are 1.6 MiB: at most 64 of them fit in 512 KiB.
    assertThat(kept).isBetween(1L, 64L);
    List<HubEvent> left = readAll(log);
    assertThat(left).containsExactlyElementsOf(all.subList(all.size() - (int) kept, all.size()));
    TestHub.await(log.close());
  }

  @Test
  void shouldStopAPageAtItsByteBudgetAndSayMoreFollows() {
    EventLog log = open(LogOptions.Limits.defaults().withMaxPageBytes(100_000));
    List<HubEvent> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(TestHub.await(log.append(List.of(draft("big", 30_000)))).get(0).event());
    }
    EventPage first = TestHub.await(log.read(new EventQuery(EventFilter.all(), null, EventQuery.MAX_LIMIT)));
    assertThat(first.events()).hasSizeBetween(1, 3);
    assertThat(first.more()).isTrue();
    assertThat(readAll(log)).containsExactlyElementsOf(all);

    // The newest events that fit, oldest first.
    EventPage last = TestHub.await(log.last(EventFilter.all(), 10));
    assertThat(last.events()).hasSizeBetween(1, 3);
    assertThat(last.events()).containsExactlyElementsOf(all.subList(10 - last.events().size(), 10));

    // An event over the budget on its own still makes a page: a reader is never stuck.
    HubEvent huge = TestHub.await(log.append(List.of(draft("big", 200_000)))).get(0).event();
    EventPage alone = TestHub.await(log.read(new EventQuery(EventFilter.all(), all.get(9).cursor(), 10)));
    assertThat(alone.events()).containsExactly(huge);
    TestHub.await(log.close());
  }

  @Test
  void shouldRefuseAnAppendWhileTheQueuedBytesAreOverTheBoundAndWriteWhatWasQueued() {
    EventLog log = open(LogOptions.Limits.defaults().withMaxQueuedBytes(50_000));
    Future<List<Appended>> queued;
    HubException refused;
    try (LogFaults.Held held = LogFaults.hold(log)) {
      queued = log.append(List.of(draft("big", 30_000)));
      refused = failure(log.append(List.of(draft("big", 30_000))));
      held.release();
    }
    assertThat(refused.code().code()).isEqualTo("unavailable");
    assertThat(refused.getMessage()).contains("log.maxQueuedBytes");
    HubEvent accepted = TestHub.await(queued).get(0).event();
    assertThat(readAll(log)).containsExactly(accepted);
    assertThat(log.stats().refused()).containsEntry("queue_full", 1L);
    // Drained: taken again.
    TestHub.await(log.append(List.of(draft("big", 30_000))));
    TestHub.await(log.close());
  }

  static List<HubEvent> readAll(EventLog log) {
    List<HubEvent> out = new ArrayList<>();
    String since = null;
    for (int pages = 0; pages < 1000; pages++) {
      EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.all(), since, EventQuery.MAX_LIMIT)));
      out.addAll(page.events());
      since = page.next();
      if (!page.more()) {
        return out;
      }
    }
    throw new AssertionError("paging did not end");
  }
}
