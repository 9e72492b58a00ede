package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: {@link EventPublisher#publishAs}'s default (for publishers other than the hub's own) checks what
 * {@code POST /api/events} checks, in its order, and records nothing it refuses; {@link EventDrafts} reads drafts
 * as that route does.
 */
class PublishAsTest {
  private final List<List<EventDraft>> recorded = new ArrayList<>();
  private final EventPublisher publisher = new EventPublisher() {
    @Override
    public Future<HubEvent> publish(EventDraft draft) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<HubEvent>> publishAll(List<EventDraft> drafts) {
      recorded.add(drafts);
      return Future.succeededFuture(List.of());
    }
  };
  private final HubPrincipal orders = new HubPrincipal("t", Set.of("publish:orders"), null);

  @Test
  void shouldValidateBeforeCheckingTheGrantAndRecordNothingItRefuses() {
    assertRefused(orders, List.of(EventDraft.of("Bad", "e", null, null)), ErrorCode.BAD_REQUEST, "field 'category'");
    assertRefused(new HubPrincipal("t", Set.of("subscribe:*"), null), List.of(EventDraft.of("Bad", "e", null, null)),
        ErrorCode.BAD_REQUEST, "field 'category'");
    assertRefused(orders, List.of(EventDraft.of("orders", "e", null, null), EventDraft.of("billing", "e", null, null)),
        ErrorCode.FORBIDDEN, "token does not allow publish:billing");
    assertRefused(orders, List.of(), ErrorCode.BAD_REQUEST, "at least one event");
    assertThat(recorded).isEmpty();

    List<EventDraft> fine = List.of(EventDraft.of("orders", "placed", "o1", null));
    assertThat(publisher.publishAs(orders, fine).succeeded()).isTrue();
    assertThat(recorded).containsExactly(fine);
  }

  @Test
  void shouldReadDraftsAsPostApiEventsDoesNamingTheEventAndField() {
    List<EventDraft> drafts = EventDrafts.fromJson(new JsonArray().add(new JsonObject().put("category", "orders")
        .put("event", "placed").put("key", "o1").put("id", "x").put("data", new JsonObject().put("n", 1))));
    assertThat(drafts).containsExactly(new EventDraft("x", "orders", "placed", "o1", new JsonObject().put("n", 1)));
    assertThatThrownBy(() -> EventDrafts.fromJson(new JsonArray().add(new JsonObject().put("category", "a")
        .put("event", "b")).add(new JsonObject().put("category", "a").put("event", 3))))
        .isInstanceOf(HubException.class).hasMessage("event 1: field 'event' must be a string");
    assertThatThrownBy(() -> EventDrafts.fromJson(new JsonArray())).hasMessage("the batch is empty");
    assertThatThrownBy(() -> EventDrafts.fromJson("text")).hasMessageContaining("an event object or an array");
  }

  private void assertRefused(HubPrincipal caller, List<EventDraft> drafts, ErrorCode code, String message) {
    Future<List<HubEvent>> result = publisher.publishAs(caller, drafts);
    assertThat(result.failed()).isTrue();
    assertThat(result.cause()).isInstanceOfSatisfying(HubException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).contains(message);
    });
  }
}
