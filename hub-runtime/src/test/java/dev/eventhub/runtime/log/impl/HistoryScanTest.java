package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
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
 * Issue 24 item 4 (K4): a history read for a rare key, event or attribute costs at most a scan budget of rows per page
 * ({@code log.maxScanRows}), not what its category holds (16.7 s for a rare key at 10M events before).
 */
class HistoryScanTest {
  static final int BUDGET = 100;
  static final int EVENTS = 1_000;
  static final int RARE_AT = 550;

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldStopAPageOfARareEventAtTheScanBudgetAndGoOnFromItsNext() {
    EventLog log = open();
    List<HubEvent> rare = filled(log);

    EventFilter rareEvents = new EventFilter(List.of("a"), List.of("rar*"), null);
    EventPage first = TestHub.await(log.read(new EventQuery(rareEvents, null, 10)));
    // The budget's rows held no match: an empty page that says where to go on.
    assertThat(first.events()).isEmpty();
    assertThat(first.more()).isTrue();
    assertThat(first.complete()).isTrue();
    assertThat(first.next()).isEqualTo(cursorOfRow(log, BUDGET));

    Read all = readAll(log, rareEvents, 10);
    assertThat(all.events).containsExactlyElementsOf(rare);
    // Every page read at most the budget's rows: one page per budget of the category, and one for what is left.
    assertThat(all.pages).isEqualTo(EVENTS / BUDGET + 1);
    TestHub.await(log.close());
  }

  @Test
  void shouldBoundAttributeAndKeyFiltersTheSameWay() {
    EventLog log = open();
    List<HubEvent> rare = filled(log);

    EventFilter byAttribute = EventFilter.categories("a").withAttributes(Map.of("kind", "rare"));
    assertThat(TestHub.await(log.read(new EventQuery(byAttribute, null, 10))).events()).isEmpty();
    assertThat(readAll(log, byAttribute, 10).events).containsExactlyElementsOf(rare);

    EventFilter key = new EventFilter(List.of("a"), null, List.of("rare"));
    assertThat(TestHub.await(log.read(new EventQuery(key, null, 10))).events()).isEmpty();
    assertThat(readAll(log, key, 10).events).containsExactlyElementsOf(rare);

    EventFilter keyInAnyCategory = new EventFilter(List.of("*"), null, List.of("rare"));
    assertThat(TestHub.await(log.read(new EventQuery(keyInAnyCategory, null, 10))).events()).isEmpty();
    assertThat(readAll(log, keyInAnyCategory, 10).events).containsExactlyElementsOf(rare);
    TestHub.await(log.close());
  }

  @Test
  void shouldLeavePagesOfWholeCategoriesAndFullPagesAsTheyWere() {
    EventLog log = open();
    filled(log);

    // No filter beyond the category: no budget, a full page.
    EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.categories("a"), null, 300)));
    assertThat(page.events()).hasSize(300);
    assertThat(page.next()).isEqualTo(page.events().get(299).cursor());
    // A filter that matches often fills its page within the budget: it ends at its last event.
    EventPage common = TestHub.await(log.read(new EventQuery(new EventFilter(List.of("a"), List.of("common"), null),
        null, 10)));
    assertThat(common.events()).hasSize(10);
    assertThat(common.more()).isTrue();
    assertThat(common.next()).isEqualTo(common.events().get(9).cursor());
    TestHub.await(log.close());
  }

  private EventLog open() {
    LogOptions options = LogOptions.defaults(dir);
    return TestHub.await(EventLog.open(vertx, options.withLimits(options.limits().withMaxScanRows(BUDGET)),
        events -> {}));
  }

  // EVENTS events of category a, one of them (the RARE_AT-th) rare in its event name, key and attribute; and as
  // many of category b in between, which a budget counts nothing of.
  private static List<HubEvent> filled(EventLog log) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 1; i <= EVENTS; i++) {
      boolean rare = i == RARE_AT;
      drafts.add(EventDraft.of("a", rare ? "rare" : "common", rare ? "rare" : "k-" + (i % 10),
          new JsonObject().put("i", i)).withAttributes(Map.of("kind", rare ? "rare" : "common")));
      drafts.add(EventDraft.of("b", "common", "k", new JsonObject()));
    }
    List<HubEvent> rare = new ArrayList<>();
    TestHub.await(log.append(drafts)).stream().map(a -> a.event()).filter(e -> e.event().equals("rare"))
        .forEach(rare::add);
    assertThat(rare).hasSize(1);
    return rare;
  }

  private static String cursorOfRow(EventLog log, int n) {
    EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.categories("a"), null, n)));
    return page.events().get(n - 1).cursor();
  }

  record Read(List<HubEvent> events, int pages) {}

  private static Read readAll(EventLog log, EventFilter filter, int limit) {
    List<HubEvent> out = new ArrayList<>();
    String since = null;
    int pages = 0;
    while (true) {
      EventPage page = TestHub.await(log.read(new EventQuery(filter, since, limit)));
      pages++;
      out.addAll(page.events());
      since = page.next();
      if (!page.more()) {
        return new Read(out, pages);
      }
      assertThat(pages).isLessThan(10 * EVENTS);
    }
  }
}
