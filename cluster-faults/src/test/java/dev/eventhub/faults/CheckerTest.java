package dev.eventhub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.faults.Facts.Ack;
import dev.eventhub.faults.Facts.Delivery;
import dev.eventhub.faults.Facts.Entry;
import dev.eventhub.faults.Facts.Received;
import dev.eventhub.faults.Facts.Session;
import dev.eventhub.faults.Facts.Subscriber;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker on crafted histories: silent on a good run, and each check fails on the history it exists for. */
class CheckerTest {
  private static final Instant CREATED = Instant.parse("2026-12-07T05:00:00.250Z");
  private Facts facts;
  private List<Entry> log;

  private static String cursor(int seq) {
    return String.format("%016x%016x", 0xabcdL, seq);
  }

  private static Entry order(int seq, String id) {
    return new Entry(id, cursor(seq), "orders", "placed", "k", new JsonObject());
  }

  private static Entry fire(int seq, Instant occurrence, int occurrences) {
    return new Entry("fire-" + seq, cursor(seq), "scheduler", "schedule-executed", "tick",
        new JsonObject().put("trigger", occurrences > 1 ? "misfire" : "schedule")
            .put("occurrence", occurrence.toString()).put("occurrences", occurrences));
  }

  // A good run: 6 orders, fires at +1s, +2s, then a catch-up for +3s..+5s; two nodes alike; a subscriber
  // that resumed once; every order delivered (one twice, with the same key).
  @BeforeEach
  void goodRun() {
    log = new ArrayList<>(List.of(order(1, "a"), fire(2, CREATED.plusSeconds(1), 1), order(3, "b"), order(4, "c"),
        fire(5, CREATED.plusSeconds(2), 1), order(6, "d"), fire(7, CREATED.plusSeconds(5), 3), order(8, "e"),
        order(9, "f")));
    facts = new Facts();
    facts.histories.put("node-1", log);
    facts.histories.put("node-2", new ArrayList<>(log));
    for (String id : List.of("a", "b", "c", "d", "e", "f")) {
      Entry e = log.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      facts.acks.add(new Ack(id, e.cursor(), "node-1", 1));
      facts.deliveries.add(new Delivery(id, "key-" + id, 2));
    }
    facts.deliveries.add(new Delivery("c", "key-c", 3));
    facts.subscribers.add(new Subscriber("sub-1", Set.of("*"), cursor(0), List.of(
        new Session("node-1", null, null, 1, received(1, 2, 3, 4)),
        new Session("node-2", cursor(4), true, 2, new ArrayList<>(received(5, 6, 7))))));
    facts.schedule = new Facts.Schedule("tick", CREATED, 1000, CREATED.plusSeconds(5));
    facts.webhook = new Facts.Webhook(Set.of("orders"), "", cursor(9));
  }

  private List<Received> received(int... seqs) {
    List<Received> out = new ArrayList<>();
    for (int seq : seqs) {
      Entry e = log.get(seq - 1);
      out.add(new Received(e.id(), e.cursor(), e.category(), seq));
    }
    return out;
  }

  private List<Violation> violationsOf(int check) {
    return Checker.check(facts).stream().filter(v -> v.check() == check).toList();
  }

  @Test
  void aGoodRunHasNoViolation() {
    assertThat(Checker.check(facts)).isEmpty();
  }

  @Test
  void check1AnAcknowledgedIdMissingFromTheLog() {
    facts.acks.add(new Ack("lost", cursor(10), "node-3", 5));
    assertThat(violationsOf(1)).singleElement().extracting(Violation::detail).asString()
        .contains("lost").contains("not in the log");
  }

  @Test
  void check1AnIdTwiceInTheLog() {
    log.add(order(10, "b"));
    facts.histories.put("node-2", new ArrayList<>(log));
    assertThat(violationsOf(1)).extracting(Violation::detail).anyMatch(d -> d.contains("in the log 2 times"));
  }

  @Test
  void check1AnAcknowledgedCursorThatNamesAnotherEvent() {
    facts.acks.set(0, new Ack("a", cursor(3), "node-2", 1));
    assertThat(violationsOf(1)).singleElement().extracting(Violation::detail).asString().contains("answered with cursor");
  }

  @Test
  void check2NodesThatDiverge() {
    List<Entry> other = new ArrayList<>(log);
    other.set(3, order(4, "x"));
    facts.histories.put("node-2", other);
    assertThat(violationsOf(2)).singleElement().extracting(Violation::detail).asString().contains("position 3");
  }

  @Test
  void check2ANodeThatIsShort() {
    facts.histories.put("node-3", new ArrayList<>(log.subList(0, 5)));
    assertThat(violationsOf(2)).singleElement().extracting(Violation::detail).asString().contains("holds 5 events");
  }

  @Test
  void check3APhantomEvent() {
    facts.subscribers.get(0).sessions().get(1).received().add(new Received("ghost", cursor(8), "orders", 9));
    assertThat(violationsOf(3)).singleElement().extracting(Violation::detail).asString().contains("ghost");
  }

  @Test
  void check4AGapAfterAResume() {
    facts.subscribers.set(0, new Subscriber("sub-1", Set.of("*"), cursor(0), List.of(
        new Session("node-1", null, null, 1, received(1, 2, 3, 4)),
        new Session("node-2", cursor(4), true, 2, received(5, 7)))));
    assertThat(violationsOf(4)).singleElement().extracting(Violation::detail).asString()
        .contains("never received").contains("/d ");
  }

  @Test
  void check4ADuplicateAfterAResume() {
    facts.subscribers.set(0, new Subscriber("sub-1", Set.of("*"), cursor(0), List.of(
        new Session("node-1", null, null, 1, received(1, 2, 3, 4)),
        new Session("node-2", cursor(4), true, 2, received(4, 5, 6)))));
    assertThat(violationsOf(4)).extracting(Violation::detail).anyMatch(d -> d.contains("twice"));
  }

  @Test
  void check4AnIncompleteReplay() {
    facts.subscribers.set(0, new Subscriber("sub-1", Set.of("orders"), cursor(0), List.of(
        new Session("node-1", null, null, 1, received(1, 3, 4)),
        new Session("node-2", cursor(4), false, 2, received(6)))));
    assertThat(violationsOf(4)).singleElement().extracting(Violation::detail).asString().contains("complete=false");
  }

  @Test
  void check5AMissedOccurrence() {
    log.set(4, order(5, "z"));
    facts.histories.put("node-2", new ArrayList<>(log));
    facts.acks.clear();
    assertThat(violationsOf(5)).singleElement().extracting(Violation::detail).asString()
        .contains(CREATED.plusSeconds(2).toString()).contains("never fired");
  }

  @Test
  void check5AnOccurrenceFiredTwice() {
    log.add(fire(10, CREATED.plusSeconds(3), 1));
    facts.histories.put("node-2", new ArrayList<>(log));
    assertThat(violationsOf(5)).singleElement().extracting(Violation::detail).asString().contains("fired 2 times");
  }

  @Test
  void check5AnOccurrenceAfterTheRangeIsNotRequired() {
    facts.schedule = new Facts.Schedule("tick", CREATED, 1000, CREATED.plusSeconds(6));
    assertThat(violationsOf(5)).singleElement().extracting(Violation::detail).asString()
        .contains(CREATED.plusSeconds(6).toString());
  }

  @Test
  void check6ALostDelivery() {
    facts.deliveries.removeIf(d -> d.eventId().equals("e"));
    assertThat(violationsOf(6)).singleElement().extracting(Violation::detail).asString().contains("(lost)");
  }

  @Test
  void check6DeliveriesStillPendingAtTheEnd() {
    facts.deliveries.removeIf(d -> d.eventId().equals("e") || d.eventId().equals("f"));
    facts.webhook = new Facts.Webhook(Set.of("orders"), "", cursor(6));
    assertThat(violationsOf(6)).singleElement().extracting(Violation::detail).asString()
        .startsWith("2 event(s) from " + cursor(8)).contains("late, not skipped");
  }

  @Test
  void check6AnEventDeliveredThatIsNotInTheLog() {
    facts.deliveries.add(new Delivery("phantom", "key-phantom", 4));
    assertThat(violationsOf(6)).singleElement().extracting(Violation::detail).asString().contains("not in the log");
  }

  @Test
  void check6ADuplicateWithAnotherKey() {
    facts.deliveries.add(new Delivery("c", "other-key", 4));
    assertThat(violationsOf(6)).singleElement().extracting(Violation::detail).asString().contains("different idempotency keys");
  }

  @Test
  void check6OneKeyForTwoEvents() {
    facts.deliveries.add(new Delivery("d", "key-c", 4));
    assertThat(violationsOf(6)).extracting(Violation::detail).anyMatch(d -> d.contains("was sent with events"));
  }

  @Test
  void manyViolationsAreCountedNotListed() {
    for (int i = 0; i < 30; i++) {
      facts.acks.add(new Ack("lost-" + i, cursor(100 + i), "node-1", 5));
    }
    List<Violation> v = violationsOf(1);
    assertThat(v).hasSize(Checker.MAX_PER_CHECK + 1);
    assertThat(v.get(v.size() - 1).detail()).startsWith("10 more");
  }
}
