package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-key grants (issue 20 item 7): {@code subscribe:<category>/<key glob>} and {@code publish:} alike. */
class KeyGrantsTest {
  private static HubPrincipal principal(String... scopes) {
    return new HubPrincipal("t", Set.of(scopes), null);
  }

  @Test
  void shouldLetAKeyGrantReadOnlyItsKeysOfItsCategory() {
    HubPrincipal p = principal("subscribe:workflow/job-1*");
    assertThat(p.mayRead("workflow", "job-1")).isTrue();
    assertThat(p.mayRead("workflow", "job-17")).isTrue();
    assertThat(p.mayRead("workflow", "job-2")).isFalse();
    assertThat(p.mayRead("workflow", null)).as("an event with no key matches no key grant").isFalse();
    assertThat(p.mayRead("other", "job-1")).isFalse();
    assertThat(p.canSubscribe("workflow")).as("a key grant is not the whole category").isFalse();
    assertThat(p.canReadSomeOf("workflow")).isTrue();
    assertThat(p.canReadSomeOf("work*")).isFalse();
    assertThat(p.canReadSomeOf("other")).isFalse();
    assertThat(p.keyRestricted()).isTrue();
    assertThat(p.mayPublish("workflow", "job-1")).isFalse();
  }

  @Test
  void shouldKeepTodaysGrammar() {
    HubPrincipal p = principal("subscribe:orders", "subscribe:sched*", "publish:*", "admin", "openid", "schedule:http");
    assertThat(p.mayRead("orders", null)).isTrue();
    assertThat(p.mayRead("orders", "o-1")).isTrue();
    assertThat(p.mayRead("schedule-x", "k")).isTrue();
    assertThat(p.mayRead("payments", "k")).isFalse();
    assertThat(p.canSubscribe("sched*")).isTrue();
    assertThat(p.canReadSomeOf("sched*")).isTrue();
    assertThat(p.mayPublish("anything", null)).isTrue();
    assertThat(p.keyRestricted()).isFalse();
    for (String scope : p.scopes()) {
      assertThat(HubPrincipal.scopeError(scope)).as(scope).isNull();
    }
  }

  @Test
  void shouldLetAKeyPublishGrantPublishOnlyItsKeys() {
    HubPrincipal p = principal("publish:workflow/job-1*", "subscribe:*");
    assertThat(p.mayPublish("workflow", "job-1")).isTrue();
    assertThat(p.mayPublish("workflow", "job-2")).isFalse();
    assertThat(p.mayPublish("workflow", null)).isFalse();
    assertThat(p.canPublish("workflow")).isFalse();
    assertThat(p.publishScopeFor("workflow", "job-2")).isEqualTo("publish:workflow/job-2");
    assertThat(p.publishScopeFor("workflow", null)).isEqualTo("publish:workflow");
    assertThat(p.keyRestricted()).as("reads are not restricted").isFalse();
  }

  @Test
  void shouldTakeEverythingAfterTheFirstSlashAsTheKeyGlob() {
    HubPrincipal p = principal("subscribe:files/a/b/*");
    assertThat(p.mayRead("files", "a/b/c")).isTrue();
    assertThat(p.mayRead("files", "a/c")).isFalse();
    assertThat(HubPrincipal.scopeError("subscribe:files/a/b/*")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribe:", "publish:", "subscribe:/job-1", "subscribe:workflow/", "subscribe:Work",
      "publish:a b", "subscribe:wf_x", "subscribe:wf/" + "k"})
  void shouldNameAMalformedScope(String scope) {
    String longKey = "subscribe:wf/" + "k".repeat(EventDraft.MAX_KEY_LENGTH + 1);
    assertThat(HubPrincipal.scopeError(longKey)).contains("'" + longKey.substring(0, 40));
    if (scope.equals("subscribe:wf/k")) {
      assertThat(HubPrincipal.scopeError(scope)).isNull();
      return;
    }
    assertThat(HubPrincipal.scopeError(scope)).isNotNull().contains("'" + scope + "'");
  }

  @Test
  void shouldPageHistoryThroughTheGrantOnly() {
    List<HubEvent> log = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      log.add(new HubEvent("id" + i, String.format("%04d", i + 1), "workflow", "e", i % 3 == 0 ? "job-1" : "job-2",
          Instant.EPOCH, new JsonObject()));
    }
    EventHistory all = new ListHistory(log);
    EventHistory granted = GrantedHistory.of(all, principal("subscribe:workflow/job-1*"));
    EventPage page = granted.read(new EventQuery(EventFilter.categories("workflow"), null, 4)).result();
    assertThat(page.events()).extracting(HubEvent::key).containsOnly("job-1").hasSize(4);
    assertThat(page.more()).isTrue();
    List<String> seen = new ArrayList<>(page.events().stream().map(HubEvent::id).toList());
    while (page.more()) {
      page = granted.read(new EventQuery(EventFilter.categories("workflow"), page.next(), 4)).result();
      page.events().forEach(e -> seen.add(e.id()));
      assertThat(page.events()).extracting(HubEvent::key).containsOnly("job-1");
    }
    assertThat(seen).hasSize(10);
    assertThat(granted.last(EventFilter.categories("workflow"), 5).result().events()).extracting(HubEvent::key)
        .containsOnly("job-1");
    assertThat(granted.find("workflow", "id1").result()).as("another key's event is not found").isNull();
    assertThat(granted.find("workflow", "id0").result()).isNotNull();
    assertThat(GrantedHistory.of(all, principal("subscribe:*"))).isSameAs(all);
  }

  /** A history over a list, paged as the log pages. */
  private record ListHistory(List<HubEvent> log) implements EventHistory {
    @Override
    public Future<EventPage> read(EventQuery query) {
      List<HubEvent> out = new ArrayList<>();
      boolean more = false;
      for (HubEvent e : log) {
        if ((query.since() == null || e.cursor().compareTo(query.since()) > 0) && query.filter().matches(e)) {
          if (out.size() == query.limit()) {
            more = true;
            break;
          }
          out.add(e);
        }
      }
      String next = out.isEmpty() ? query.since() : out.get(out.size() - 1).cursor();
      return Future.succeededFuture(new EventPage(out, next, more, true));
    }

    @Override
    public Future<EventPage> last(EventFilter filter, int count) {
      List<HubEvent> matching = log.stream().filter(filter::matches).toList();
      return Future.succeededFuture(new EventPage(matching.subList(Math.max(0, matching.size() - count),
          matching.size()), null, false, true));
    }

    @Override
    public Future<String> head() {
      return Future.succeededFuture(log.get(log.size() - 1).cursor());
    }

    @Override
    public Future<HubEvent> find(String category, String id) {
      return Future.succeededFuture(log.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null));
    }
  }
}
