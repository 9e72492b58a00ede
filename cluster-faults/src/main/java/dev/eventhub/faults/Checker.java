package dev.eventhub.faults;

import dev.eventhub.faults.Facts.Ack;
import dev.eventhub.faults.Facts.Delivery;
import dev.eventhub.faults.Facts.Entry;
import dev.eventhub.faults.Facts.Received;
import dev.eventhub.faults.Facts.Session;
import dev.eventhub.faults.Facts.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The six promises, checked against what was recorded ({@link Facts}). The first node's history is the
 * reference "final log"; check 2 makes sure the others hold the same. Each check reports at most
 * {@link #MAX_PER_CHECK} violations of one kind, and says how many more there were.
 */
final class Checker {
  static final int MAX_PER_CHECK = 20;

  private final Facts facts;
  private final List<Violation> violations = new ArrayList<>();
  private final List<Entry> log;
  private final Map<String, Entry> byCursor = new HashMap<>();

  private Checker(Facts facts) {
    this.facts = facts;
    this.log = facts.histories.isEmpty() ? List.of() : facts.histories.values().iterator().next();
    log.forEach(e -> byCursor.put(e.cursor(), e));
  }

  static List<Violation> check(Facts facts) {
    Checker c = new Checker(facts);
    if (facts.histories.isEmpty()) {
      c.violations.add(new Violation(2, "no node's history could be read", -1));
      return c.violations;
    }
    c.ackedOnce();
    c.sameLog();
    c.noPhantom();
    c.resumes();
    c.scheduleOnce();
    c.webhook();
    return c.violations;
  }

  // (1) Every id answered 201 (or 200) is in the log exactly once, at the cursor it was answered with.
  private void ackedOnce() {
    Map<String, List<Entry>> byId = new HashMap<>();
    for (Entry e : log) {
      if (e.category().equals(facts.publishCategory)) {
        byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
      }
    }
    Bounded out = new Bounded(1);
    for (Ack ack : facts.acks) {
      List<Entry> found = byId.getOrDefault(ack.id(), List.of());
      if (found.isEmpty()) {
        out.add("id " + ack.id() + " answered " + ack.cursor() + " by " + ack.node() + " is not in the log", ack.at());
      } else if (found.size() > 1) {
        out.add("id " + ack.id() + " is in the log " + found.size() + " times: " + cursors(found), ack.at());
      } else if (!found.get(0).cursor().equals(ack.cursor())) {
        out.add("id " + ack.id() + " was answered with cursor " + ack.cursor() + " by " + ack.node()
            + " but is at " + found.get(0).cursor() + " in the log", ack.at());
      }
    }
    // Any id twice in its category is a broken dedup, acknowledged or not.
    Map<String, Integer> seen = new HashMap<>();
    for (Entry e : log) {
      if (seen.merge(e.category() + "/" + e.id(), 1, Integer::sum) == 2) {
        out.add("id " + e.category() + "/" + e.id() + " is in the log more than once (again at " + e.cursor() + ")", -1);
      }
    }
    out.flush();
  }

  // (2) Every node holds the same sequence, with the same cursors.
  private void sameLog() {
    String reference = facts.histories.keySet().iterator().next();
    for (Map.Entry<String, List<Entry>> node : facts.histories.entrySet()) {
      List<Entry> other = node.getValue();
      int n = Math.min(log.size(), other.size());
      for (int i = 0; i < n; i++) {
        if (!log.get(i).identity().equals(other.get(i).identity())) {
          violations.add(new Violation(2, node.getKey() + " differs from " + reference + " at position " + i + ": "
              + other.get(i).identity() + " where " + reference + " holds " + log.get(i).identity(), -1));
          break;
        }
      }
      if (other.size() != log.size()) {
        violations.add(new Violation(2, node.getKey() + " holds " + other.size() + " events, " + reference + " "
            + log.size(), -1));
      }
    }
  }

  // (3) No subscriber received an event that is not in the final log (at the cursor it came with).
  private void noPhantom() {
    Bounded out = new Bounded(3);
    for (Subscriber s : facts.subscribers) {
      for (Session session : s.sessions()) {
        for (Received r : session.received()) {
          Entry e = byCursor.get(r.cursor());
          if (e == null || !e.id().equals(r.id()) || !e.category().equals(r.category())) {
            out.add(s.name() + " received " + r.category() + "/" + r.id() + " at " + r.cursor() + " from "
                + session.node() + ", which the log holds as " + (e == null ? "nothing" : e.identity()), r.at());
          }
        }
      }
    }
    out.flush();
  }

  // (4) A subscriber that resumed with its last cursor saw, over all its connections, exactly the log's
  // matching events after its start, up to the last it received: no gap, no duplicate, in order.
  private void resumes() {
    Bounded out = new Bounded(4);
    for (Subscriber s : facts.subscribers) {
      List<Received> got = new ArrayList<>();
      String last = s.start();
      for (Session session : s.sessions()) {
        if (session.since() != null && !session.since().equals(last)) {
          out.add(s.name() + " resumed on " + session.node() + " from " + session.since() + ", not its last cursor "
              + last + " (a harness defect)", session.at());
        }
        if (Boolean.FALSE.equals(session.complete())) {
          out.add(s.name() + " resumed on " + session.node() + " from " + session.since()
              + ": the hub answered replay_complete with complete=false", session.at());
        }
        got.addAll(session.received());
        if (!session.received().isEmpty()) {
          last = session.received().get(session.received().size() - 1).cursor();
        }
      }
      if (got.isEmpty()) {
        continue;
      }
      String end = got.get(got.size() - 1).cursor();
      List<Entry> expected = new ArrayList<>();
      for (Entry e : log) {
        if (s.matches(e.category()) && e.cursor().compareTo(s.start()) > 0 && e.cursor().compareTo(end) <= 0) {
          expected.add(e);
        }
      }
      compareStream(out, s, expected, got);
    }
    out.flush();
  }

  private static void compareStream(Bounded out, Subscriber s, List<Entry> expected, List<Received> got) {
    Set<String> seen = new HashSet<>();
    for (Received r : got) {
      if (!seen.add(r.cursor())) {
        out.add(s.name() + " received " + r.category() + "/" + r.id() + " at " + r.cursor() + " twice", r.at());
      }
    }
    String previous = "";
    for (Received r : got) {
      if (r.cursor().compareTo(previous) < 0) {
        out.add(s.name() + " received " + r.cursor() + " after " + previous + " (out of log order)", r.at());
      }
      previous = r.cursor();
    }
    for (Entry e : expected) {
      if (!seen.contains(e.cursor())) {
        out.add(s.name() + " never received " + e.identity() + " (a gap)", atOf(got, e.cursor()));
      }
    }
  }

  // The time the subscriber received the first event after a missed one: when the gap showed.
  private static long atOf(List<Received> got, String cursor) {
    for (Received r : got) {
      if (r.cursor().compareTo(cursor) > 0) {
        return r.at();
      }
    }
    return -1;
  }

  // (5) Every occurrence of the schedule in (createdAt, until] is recorded exactly once: by a
  // schedule-executed event whose occurrence it is, or one of the occurrences a catch-up fire stands for.
  private void scheduleOnce() {
    Facts.Schedule schedule = facts.schedule;
    if (schedule == null) {
      return;
    }
    Bounded out = new Bounded(5);
    TreeMap<Long, Integer> covered = new TreeMap<>();
    Long phase = null;
    for (Entry e : log) {
      if (!e.category().equals("scheduler") || !e.event().equals("schedule-executed") || !schedule.name().equals(e.key())) {
        continue;
      }
      String trigger = e.data().getString("trigger");
      if (!"schedule".equals(trigger) && !"misfire".equals(trigger)) {
        continue;
      }
      long latest = Instant.parse(e.data().getString("occurrence")).toEpochMilli();
      int count = e.data().getInteger("occurrences", 1);
      long p = Math.floorMod(latest, schedule.everyMillis());
      if (phase == null) {
        phase = p;
      } else if (p != phase) {
        out.add("fire " + e.id() + " at " + e.cursor() + " is for " + Instant.ofEpochMilli(latest)
            + ", off the schedule's grid", latest);
        continue;
      }
      for (int k = 0; k < count; k++) {
        covered.merge(latest - k * schedule.everyMillis(), 1, Integer::sum);
      }
    }
    if (phase == null) {
      out.add("no fire of schedule " + schedule.name() + " is in the log", -1);
      out.flush();
      return;
    }
    long from = schedule.createdAt().toEpochMilli();
    long first = from - Math.floorMod(from - phase, schedule.everyMillis()) + schedule.everyMillis();
    for (long t = first; t <= schedule.until().toEpochMilli(); t += schedule.everyMillis()) {
      int n = covered.getOrDefault(t, 0);
      if (n == 0) {
        out.add("occurrence " + Instant.ofEpochMilli(t) + " of " + schedule.name() + " was never fired", t);
      } else if (n > 1) {
        out.add("occurrence " + Instant.ofEpochMilli(t) + " of " + schedule.name() + " was fired " + n + " times", t);
      }
    }
    out.flush();
  }

  // (6) Every event the webhook subscription should deliver reached the receiver at least once, and every
  // delivery of one event carried the same idempotency key, which no other event's delivery carried.
  private void webhook() {
    Facts.Webhook webhook = facts.webhook;
    if (webhook == null) {
      return;
    }
    Bounded out = new Bounded(6);
    Map<String, Set<String>> keysById = new HashMap<>();
    Map<String, String> idByKey = new HashMap<>();
    Map<String, Long> firstAt = new HashMap<>();
    for (Delivery d : facts.deliveries) {
      keysById.computeIfAbsent(d.eventId(), k -> new HashSet<>()).add(String.valueOf(d.idempotencyKey()));
      firstAt.putIfAbsent(d.eventId(), d.at());
      String other = idByKey.putIfAbsent(String.valueOf(d.idempotencyKey()), d.eventId());
      if (other != null && !other.equals(d.eventId())) {
        out.add("idempotency key " + d.idempotencyKey() + " was sent with events " + other + " and " + d.eventId(), d.at());
      }
    }
    Set<String> inLog = new HashSet<>();
    int pending = 0;
    String firstPending = null;
    for (Entry e : log) {
      if (!webhook.categories().contains(e.category())) {
        continue;
      }
      inLog.add(e.id());
      if (e.cursor().compareTo(webhook.after()) <= 0 || keysById.containsKey(e.id())) {
        continue;
      }
      if (webhook.deliveredUpTo() != null && e.cursor().compareTo(webhook.deliveredUpTo()) > 0) {
        pending++;
        firstPending = firstPending == null ? e.cursor() : firstPending;
      } else {
        out.add("event " + e.identity() + " never reached the webhook receiver, and the subscription's cursor "
            + webhook.deliveredUpTo() + " has passed it (lost)", -1);
      }
    }
    if (pending > 0) {
      out.add(pending + " event(s) from " + firstPending + " on were still waiting for delivery when the run ended "
          + "(the subscription's cursor is " + webhook.deliveredUpTo() + "): late, not skipped", -1);
    }
    for (Map.Entry<String, Set<String>> k : keysById.entrySet()) {
      if (k.getValue().size() > 1) {
        out.add("event " + k.getKey() + " was delivered with different idempotency keys " + k.getValue(),
            firstAt.get(k.getKey()));
      }
      if (!inLog.contains(k.getKey())) {
        out.add("event " + k.getKey() + " was delivered but is not in the log", firstAt.get(k.getKey()));
      }
    }
    out.flush();
  }

  private static String cursors(List<Entry> entries) {
    return entries.stream().map(Entry::cursor).toList().toString();
  }

  /** Adds a check's violations up to {@link #MAX_PER_CHECK}, then counts the rest in one line. */
  private final class Bounded {
    private final int check;
    private int count;

    Bounded(int check) {
      this.check = check;
    }

    void add(String detail, long at) {
      if (++count <= MAX_PER_CHECK) {
        violations.add(new Violation(check, detail, at));
      }
    }

    void flush() {
      if (count > MAX_PER_CHECK) {
        violations.add(new Violation(check, (count - MAX_PER_CHECK) + " more violation(s) of this check", -1));
      }
    }
  }
}
