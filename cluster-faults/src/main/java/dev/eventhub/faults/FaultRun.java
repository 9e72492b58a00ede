package dev.eventhub.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One run of the harness: the brokers and the hubs, the schedule and the webhook subscription, the
 * clients, the seeded faults; then the settling (every node ready and caught up) and the collection of
 * the {@link Facts} the checker judges.
 */
final class FaultRun {
  /** How a run is set up. */
  record Settings(long seed, Duration duration, Path dist, Path dir, int hubs, Duration sessionTimeout, int publishers,
      int subscribers, Duration publishPace, String jvmFlags) {}

  /** What a run produced. */
  record Result(Facts facts, List<Fault.Window> windows, List<Publisher.Attempt> attempts, List<Violation> violations,
      long runStart, long runEnd, String report) {
    Result withReport(String text) {
      return new Result(facts, windows, attempts, violations, runStart, runEnd, text);
    }
  }

  static final String SCHEDULE = "harness-tick";
  private static final Duration SETTLE = Duration.ofSeconds(90);

  private final Settings settings;
  private final Function<Path, Brokers> brokersFactory;
  private final Recorder recorder = new Recorder();

  FaultRun(Settings settings, Function<Path, Brokers> brokersFactory) {
    this.settings = settings;
    this.brokersFactory = brokersFactory;
  }

  static void log(String line) {
    System.out.println(Instant.now() + " faults: " + line);
  }

  Result run() throws Exception {
    log("seed " + settings.seed() + " (repeat with -Dfaults.seed=" + settings.seed() + "), duration " + settings.duration());
    Brokers brokers = brokersFactory.apply(settings.dir().resolve("brokers"));
    log("brokers up: " + brokers.bootstrapServers());
    try (Cluster cluster = Cluster.start(settings.dist(), settings.dir(), brokers, settings.hubs(), settings.sessionTimeout(),
        settings.jvmFlags()); WebhookReceiver receiver = new WebhookReceiver(recorder)) {
      cluster.awaitAllReady();
      log("hubs ready: " + cluster.hubs().stream().map(h -> h.name() + "=" + h.base() + " pid " + h.pid()).toList());
      Facts facts = new Facts();
      facts.webhook = new Facts.Webhook(Set.of(facts.publishCategory), "", null);
      Instant created = setUp(cluster, receiver, facts.publishCategory);

      List<Publisher> publishers = new ArrayList<>();
      List<WsSubscriber> subscribers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < settings.publishers(); i++) {
        publishers.add(new Publisher("p" + (i + 1), cluster.hubs(), cluster.api(), settings.seed() + 100 + i,
            settings.publishPace(), facts.publishCategory, recorder));
      }
      for (int i = 0; i < settings.subscribers(); i++) {
        // Half on every category (the leader's own events too), half on the publishers' only.
        Set<String> categories = i % 2 == 0 ? Set.of("*") : Set.of(facts.publishCategory);
        subscribers.add(new WsSubscriber("s" + (i + 1), categories, cluster.hubs(), cluster.api().token(),
            settings.seed() + 200 + i, Duration.ofSeconds(15)));
      }
      publishers.forEach(p -> threads.add(start(p, "publisher")));
      subscribers.forEach(s -> threads.add(start(s, "subscriber")));

      long runStart = System.currentTimeMillis();
      FaultSchedule schedule = new FaultSchedule(cluster, settings.seed(), FaultRun::log);
      try {
        schedule.run(settings.duration());
      } finally {
        publishers.forEach(Publisher::stop);
      }
      long runEnd = System.currentTimeMillis();
      for (Thread t : threads.subList(0, publishers.size())) {
        t.join(30_000);
      }
      log("faults over; settling");
      cluster.awaitAllReady();
      Instant until = Instant.now();
      facts.schedule = new Facts.Schedule(SCHEDULE, created, 1000, until);
      settle(cluster, subscribers, until);
      subscribers.forEach(WsSubscriber::stop);
      for (Thread t : threads) {
        t.join(30_000);
      }
      collect(cluster, facts, subscribers);
      List<Violation> violations = Checker.check(facts);
      return new Result(facts, schedule.windows(), recorder.attempts(), violations, runStart, runEnd, null);
    }
  }

  private static Thread start(Runnable r, String kind) {
    Thread t = new Thread(r, kind);
    t.setDaemon(true);
    t.start();
    return t;
  }

  // The schedule (every second, misfires caught up once) and the webhook subscription, created on any node
  // (the hub forwards plugin routes to the leader); retried while leadership settles.
  private Instant setUp(Cluster cluster, WebhookReceiver receiver, String category) throws InterruptedException {
    JsonObject schedule = new JsonObject().put("name", SCHEDULE)
        .put("trigger", new JsonObject().put("type", "interval").put("every", "1s"))
        .put("misfire", "fire-once")
        .put("action", new JsonObject().put("type", "publish").put("category", "ticks").put("event", "tick")
            .put("data", new JsonObject()));
    JsonObject created = createOnAnyNode(cluster, "/api/scheduler/schedules", schedule);
    JsonObject subscription = new JsonObject().put("id", "harness").put("url", receiver.url())
        .put("categories", new JsonArray().add(category));
    createOnAnyNode(cluster, "/api/webhook/subscriptions", subscription);
    log("schedule " + SCHEDULE + " created at " + created.getString("createdAt") + "; webhook to " + receiver.url());
    return Instant.parse(created.getString("createdAt"));
  }

  private static JsonObject createOnAnyNode(Cluster cluster, String path, JsonObject body) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    Api.Answer last = null;
    while (System.currentTimeMillis() < deadline) {
      for (HubNode node : cluster.hubs()) {
        last = cluster.api().post(node, path, body, Duration.ofSeconds(20));
        if (last.status() == 201) {
          return last.json();
        }
        if (last.status() == 409) {
          // Created by an earlier attempt whose answer was lost.
          Api.Answer again = cluster.api().get(node, path + "/" + body.getString(body.containsKey("name") ? "name" : "id"),
              Duration.ofSeconds(20));
          if (again.status() == 200) {
            return again.json();
          }
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("could not create " + path + ": " + last);
  }

  // After the faults: every node ready; the schedule fired up to 'until'; every published event delivered to
  // the receiver; every subscriber caught up with the log's head. Each wait bounded; what did not happen in
  // time is left to the checker to report.
  private void settle(Cluster cluster, List<WsSubscriber> subscribers, Instant until) throws InterruptedException {
    HubNode reference = cluster.hubs().get(0);
    Api api = cluster.api();
    awaitOrSay("the schedule fired up to " + until, () -> {
      for (JsonObject e : api.history(reference, null, null)) {
        if (e.getString("category").equals("scheduler") && e.getString("event").equals("schedule-executed")
            && SCHEDULE.equals(e.getString("key")) && !Instant.parse(e.getJsonObject("data").getString("occurrence"))
            .isBefore(until)) {
          return true;
        }
      }
      return false;
    });
    awaitOrSay("the webhook receiver got every published event", () -> {
      Set<String> delivered = new java.util.HashSet<>();
      recorder.deliveries().forEach(d -> delivered.add(d.eventId()));
      return api.history(reference, null, null).stream()
          .filter(e -> e.getString("category").equals("orders")).allMatch(e -> delivered.contains(e.getString("id")));
    });
    List<JsonObject> now = api.history(reference, null, null);
    String head = now.isEmpty() ? "" : now.get(now.size() - 1).getString("cursor");
    String ordersHead = now.stream().filter(e -> e.getString("category").equals("orders"))
        .map(e -> e.getString("cursor")).reduce("", (a, b) -> b);
    awaitOrSay("every subscriber reached the head", () -> subscribers.stream().allMatch(s -> {
      Facts.Subscriber f = s.facts();
      String last = s.last();
      return f == null || last != null && last.compareTo(f.categories().contains("*") ? head : ordersHead) >= 0;
    }));
  }

  private static void awaitOrSay(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // A node still busy: ask again.
      }
      if (System.nanoTime() > deadline) {
        log("not within " + SETTLE + ": " + what + " (the checker will say what is missing)");
        return;
      }
      Thread.sleep(500);
    }
  }

  // The subscription's durable delivery cursor, as the node running it says (any node forwards there).
  private static String webhookCursor(Cluster cluster) {
    for (HubNode node : cluster.hubs()) {
      Api.Answer a = cluster.api().get(node, "/api/webhook/subscriptions/harness", Duration.ofSeconds(20));
      if (a.status() == 200) {
        JsonObject delivery = a.json().getJsonObject("delivery");
        String cursor = delivery == null ? null : delivery.getString("cursor");
        log("webhook subscription's cursor: " + cursor + " (" + delivery + ")");
        return cursor;
      }
    }
    return null;
  }

  // Every node's history up to the reference node's head at that moment (each waited for until it holds it).
  private void collect(Cluster cluster, Facts facts, List<WsSubscriber> subscribers) throws InterruptedException {
    facts.webhook = new Facts.Webhook(facts.webhook.categories(), facts.webhook.after(), webhookCursor(cluster));
    facts.acks.addAll(recorder.acks());
    facts.deliveries.addAll(recorder.deliveries());
    subscribers.stream().map(WsSubscriber::facts).filter(s -> s != null).forEach(facts.subscribers::add);
    Api api = cluster.api();
    List<Facts.Entry> reference = api.history(cluster.hubs().get(0), null, null).stream().map(Facts.Entry::of).toList();
    String head = reference.isEmpty() ? null : reference.get(reference.size() - 1).cursor();
    facts.histories.put(cluster.hubs().get(0).name(), reference);
    for (HubNode node : cluster.hubs().subList(1, cluster.hubs().size())) {
      List<List<Facts.Entry>> read = new ArrayList<>();
      awaitOrSay(node.name() + " holds the reference head " + head, () -> {
        List<Facts.Entry> h = api.history(node, null, head).stream().map(Facts.Entry::of).toList();
        read.clear();
        read.add(h);
        return h.size() == reference.size() || !h.isEmpty() && h.get(h.size() - 1).cursor().equals(head);
      });
      facts.histories.put(node.name(), read.isEmpty() ? List.of() : read.get(0));
    }
    log("histories: " + facts.histories.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList()
        + " events; " + facts.acks.size() + " acknowledged publishes; " + facts.deliveries.size()
        + " webhook deliveries; " + facts.subscribers.size() + " subscribers");
  }
}
