package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 3: several connections attached to one named consumer share its events (competing consumers).
 * Real clients on loopback join and leave while events are published: nothing is lost, no event is at two live
 * members, and each member gets each key's events in log order.
 */
class SharedConsumerTest {
  private static final int BATCHES = 30;
  private static final int PER_BATCH = 100;
  private static final int KEYS = 37;

  @TempDir Path dir;
  Fixture fixture;
  final List<Member> members = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    members.forEach(m -> m.client.close());
    if (fixture != null) {
      fixture.close();
    }
  }

  /** One member: records every event it gets and acknowledges it at once. */
  final class Member {
    final String name;
    final WsClient client;
    final List<JsonObject> got = new CopyOnWriteArrayList<>();
    volatile boolean left;

    Member(String name) {
      this.name = name;
      this.client = fixture.connect();
      Promise<JsonObject> subscribed = Promise.promise();
      client.listen(frame -> {
        String type = frame.getString("type");
        if ("subscribed".equals(type)) {
          subscribed.tryComplete(frame);
        } else if ("event".equals(type)) {
          got.add(frame);
          client.ws.writeTextMessage(new JsonObject().put("type", "ack").put("subscription", frame.getString("subscription"))
              .put("cursor", frame.getString("cursor")).encode());
        } else if ("error".equals(type)) {
          subscribed.tryFail(frame.encode());
        }
      });
      client.send(new JsonObject().put("type", "subscribe").put("consumer", "workers")
          .put("categories", new JsonArray().add("jobs")));
      TestHub.await(subscribed.future());
      members.add(this);
    }

    void leave() {
      left = true;
      client.close();
    }
  }

  @Test
  void shouldShareTheEventsWhileMembersJoinAndLeaveLosingNoneAndKeepingEachKeysOrder() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxMessagesPerSecond", 1_000_000)
        .with("plugins.websocket.consumers.maxInFlight", 20));
    Member a = new Member("a");
    Member b = new Member("b");
    List<HubEvent> published = new ArrayList<>();
    Member c = null;
    for (int batch = 0; batch < BATCHES; batch++) {
      published.addAll(publish(batch));
      switch (batch) {
        case 5 -> c = new Member("c");
        case 10 -> a.leave();
        case 15 -> new Member("d");
        case 20 -> c.leave();
        case 25 -> new Member("e");
        default -> { }
      }
    }
    Set<String> all = new HashSet<>(published.stream().map(HubEvent::cursor).toList());
    Eventually.until(() -> received().containsAll(all), "every published event to reach a member");

    // Nothing lost, nothing that was not published.
    assertThat(received()).isEqualTo(all);
    // An event reached a second member only when the first had left without its acknowledgement arriving.
    Map<String, List<Member>> recipients = new HashMap<>();
    for (Member m : members) {
      m.got.forEach(f -> recipients.computeIfAbsent(f.getString("cursor"), k -> new ArrayList<>()).add(m));
    }
    recipients.forEach((cursor, to) -> {
      long live = to.stream().filter(m -> !m.left).count();
      assertThat(live).as("live members that got " + cursor + ": " + to.stream().map(m -> m.name).toList())
          .isLessThanOrEqualTo(1);
    });
    // Each member got each key's events in log order.
    for (Member m : members) {
      Map<String, String> lastByKey = new HashMap<>();
      for (JsonObject f : m.got) {
        String previous = lastByKey.put(f.getString("key"), f.getString("cursor"));
        assertThat(previous == null || previous.compareTo(f.getString("cursor")) < 0)
            .as("member " + m.name + " got " + f.getString("cursor") + " of key " + f.getString("key") + " after "
                + previous).isTrue();
      }
    }
    // The load was shared: more than one of the members that stayed got events.
    assertThat(members.stream().filter(m -> !m.left && !m.got.isEmpty()).count()).isGreaterThan(1);
  }

  @Test
  void shouldGiveAKeyToOneMemberWhileMembershipIsStable() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxMessagesPerSecond", 1_000_000));
    Member a = new Member("a");
    Member b = new Member("b");
    List<HubEvent> published = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      published.addAll(publish(batch));
    }
    Eventually.until(() -> a.got.size() + b.got.size() >= published.size(), "every event to reach a member");
    Set<String> keysOfA = new HashSet<>(a.got.stream().map(f -> f.getString("key")).toList());
    Set<String> keysOfB = new HashSet<>(b.got.stream().map(f -> f.getString("key")).toList());
    assertThat(keysOfA).doesNotContainAnyElementsOf(keysOfB);
    assertThat(a.got.size() + b.got.size()).isEqualTo(published.size());
  }

  @Test
  void shouldHandAMembersUnacknowledgedEventsToTheOthersWhenItLeaves() {
    fixture = Fixture.start(dir);
    try (WsClient lazy = fixture.connect()) {
      lazy.subscribe(new JsonObject().put("consumer", "workers").put("categories", new JsonArray().add("jobs")));
      List<HubEvent> held = publish(0);
      // The lazy member gets them all and acknowledges none.
      assertThat(lazy.events(PER_BATCH)).extracting(f -> f.getString("cursor"))
          .containsExactlyElementsOf(held.stream().map(HubEvent::cursor).toList());
      Member other = new Member("other");
      lazy.close();
      Eventually.until(() -> other.got.size() >= PER_BATCH, "the lazy member's events to reach the other");
      // Handed over in log order (one member: every key's order is the log's).
      assertThat(other.got).extracting(f -> f.getString("cursor"))
          .containsExactlyElementsOf(held.stream().map(HubEvent::cursor).toList());
      assertThat(fixture.stats().getLong("consumerRedeliveries")).isEqualTo(PER_BATCH);
    }
  }

  private Set<String> received() {
    Set<String> out = new HashSet<>();
    for (Member m : members) {
      m.got.forEach(f -> out.add(f.getString("cursor")));
    }
    return out;
  }

  private List<HubEvent> publish(int batch) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < PER_BATCH; i++) {
      int n = batch * PER_BATCH + i;
      drafts.add(EventDraft.of("jobs", "step", "k" + (n % KEYS), new JsonObject().put("n", n)));
    }
    return TestHub.await(fixture.hub.hub().publisher().publishAll(drafts));
  }
}
