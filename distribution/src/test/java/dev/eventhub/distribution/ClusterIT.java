package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.kafka.testing.KafkaTestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hubs from the distribution, each a real child process with its own data directory, one cluster on a
 * Kafka topic of its own (a real broker from kafka-test-broker): what issues 10 and 18 ask of a cluster.
 */
class ClusterIT {
  private static final String SECRET = "cluster-test-secret-0123456789abcdef";
  private static final long WAIT_SECONDS = 60;

  @TempDir
  Path dir;

  private final List<HubProcess> nodes = new ArrayList<>();
  private final List<Path> homes = new ArrayList<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Map<String, String> extraEnv = new HashMap<>();
  private final String topic = "cluster-it-" + UUID.randomUUID();
  private String bootstrapServers;
  private KafkaTestCluster ownBroker;
  private String token;

  @AfterEach
  void stopAll() {
    sockets.forEach(ws -> ws.abort());
    nodes.forEach(HubProcess::close);
    if (ownBroker != null) {
      ownBroker.close();
    }
  }

  @Test
  void shouldDeliverEveryEventOnceInOneOrderOnEveryNodeAndResumeOnAnotherNodeWithoutGapOrDuplicate() throws Exception {
    startCluster(3);
    List<BlockingQueue<JsonObject>> received = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      received.add(subscribe(i, "orders", null));
    }
    List<String> published = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      // From every node in turn: every write goes to the one topic.
      JsonObject event = publish(n % 3, "orders", "created", new JsonObject().put("n", n));
      published.add(event.getString("id"));
    }
    // A marker published after the thirty: a duplicate of any of them would come before it on a node.
    String marker = publish(0, "orders", "marker", new JsonObject()).getString("id");
    List<List<String>> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<String> upToMarker = ids(take(received.get(i), 31));
      assertThat(upToMarker.get(30)).as("no duplicate on node " + i + ": " + upToMarker).isEqualTo(marker);
      seen.add(upToMarker.subList(0, 30));
    }
    assertThat(seen.get(0)).as("every node, the same events in the same order").containsExactlyElementsOf(seen.get(1))
        .containsExactlyElementsOf(seen.get(2)).containsExactlyInAnyOrderElementsOf(published);

    String history = nodes.get(0).request("GET", "/api/events?categories=orders&limit=100", token, null).body();
    for (int i = 1; i < 3; i++) {
      assertThat(nodes.get(i).request("GET", "/api/events?categories=orders&limit=100", token, null).body())
          .as("history on node " + i).isEqualTo(history);
    }

    // A client of node 0 that saw 10 events resumes on node 2 with the 10th event's cursor.
    List<JsonObject> firstTen = new ArrayList<>();
    JsonArray all = new JsonObject(history).getJsonArray("events");
    for (int i = 0; i < 10; i++) {
      firstTen.add(all.getJsonObject(i));
    }
    BlockingQueue<JsonObject> resumed = subscribe(2, "orders", firstTen.get(9).getString("cursor"));
    List<String> rest = ids(take(resumed, 21));
    assertThat(rest.subList(0, 20)).containsExactlyElementsOf(seen.get(0).subList(10, 30));
    assertThat(rest.get(20)).isEqualTo(marker);
    JsonObject live = publish(1, "orders", "created", new JsonObject().put("n", 30));
    assertThat(take(resumed, 1).get(0).getString("id")).isEqualTo(live.getString("id"));

    JsonObject cluster = new JsonObject(nodes.get(1).request("GET", "/api/cluster", token, null).body());
    assertThat(cluster.getString("node")).isEqualTo("node1");
    assertThat(cluster.getString("topic")).isEqualTo(topic);
    assertThat(cluster.getLong("appliedOffset")).isGreaterThanOrEqualTo(31);
    assertThat(new JsonObject(nodes.get(0).request("GET", "/api/cluster", token, null).body()).getString("topicId"))
        .isEqualTo(cluster.getString("topicId"));
  }

  @Test
  void shouldLoseNoAcknowledgedEventWhenNodesAreKilledWhilePublishingAndCatchUpOnReturn() throws Exception {
    startCluster(3);
    int publisherNode = 0;
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    // Nodes talk only through Kafka: killing another node does not even slow the publishing one down.
    for (int victim : new int[] {1, 2}) {
      try (Publisher publisher = new Publisher(nodes.get(publisherNode), acknowledged)) {
        publisher.awaitAcks(50);
        nodes.get(victim).kill();
        publisher.awaitAcks(100);
      }
      for (int i = 0; i < 3; i++) {
        if (i != victim) {
          assertThat(history(i, "payments")).as("node " + i).containsAll(acknowledged);
        }
      }
      // The killed node returns with its data directory and catches up from its applied offset.
      nodes.set(victim, HubProcess.start(homes.get(victim), env(victim)));
      nodes.get(victim).awaitReady();
      assertThat(history(victim, "payments")).containsAll(acknowledged).hasSize(acknowledged.size());
    }

    // The whole cluster stops and starts again, in another order: every node keeps its log, start order does
    // not matter (the topic is the log).
    for (HubProcess node : nodes) {
      assertThat(node.terminate()).isZero();
    }
    List<HubProcess> restarted = new ArrayList<>(List.of(nodes.get(0), nodes.get(1), nodes.get(2)));
    for (int i = 2; i >= 0; i--) {
      restarted.set(i, HubProcess.start(homes.get(i), env(i)));
      restarted.get(i).awaitReady();
    }
    nodes.clear();
    nodes.addAll(restarted);
    List<String> first = List.copyOf(history(0, "payments"));
    assertThat(first).containsExactlyInAnyOrderElementsOf(acknowledged);
    for (int i = 1; i < 3; i++) {
      assertThat(List.copyOf(history(i, "payments"))).as("node " + i + " after a full restart")
          .containsExactlyElementsOf(first);
    }
  }

  /**
   * Publishes to one node continuously, each event with an id of its own; one that fails (503 while the
   * cluster fails over) is sent again with the same id until accepted. Closing stops it and checks that
   * nothing but 503s came back.
   */
  private final class Publisher implements AutoCloseable {
    private final Semaphore acks = new Semaphore(0);
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;

    Publisher(HubProcess node, Set<String> acknowledged) {
      thread = new Thread(() -> {
        while (publishing.get()) {
          String id = UUID.randomUUID().toString();
          while (publishing.get()) {
            try {
              HttpResponse<String> r = node.request("POST", "/api/events", token, new JsonObject().put("id", id)
                  .put("category", "payments").put("event", "settled").put("data", new JsonObject()).encode());
              if (r.statusCode() == 201) {
                acknowledged.add(id);
                acks.release();
                break;
              }
              if (r.statusCode() != 503) {
                failures.add(r.statusCode() + " " + r.body());
              }
            } catch (Exception e) {
              failures.add(e.toString());
            }
          }
        }
      }, "publisher");
      thread.start();
    }

    void awaitAcks(int count) throws InterruptedException {
      assertThat(acks.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS)).as(count + " more acknowledged events").isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      publishing.set(false);
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertThat(failures).as("only 503s").isEmpty();
    }
  }


  // The leader election (Leadership) comes from issue 18's leader branch; until it is wired in, every node
  // says it leads (a placeholder ClusterView) and runs every source.
  @Disabled("needs the leader election from the issue 18 leader branch (KafkaNode still uses SelfLeaderView)")
  @Test
  void shouldRunEachSourceOnOneNodeAndShowTheSameStateFromEveryNodeAlsoAfterTheLeaderIsLost() throws Exception {
    startCluster(3);
    int leader = leaderIndex();
    int first = (leader + 1) % 3;
    int second = (leader + 2) % 3;
    try (Receiver receiver = Receiver.start()) {
      // Created through other nodes: they forward to the leader, the only node that runs sources.
      created(first, "/api/webhook/subscriptions", new JsonObject().put("id", "orders-out")
          .put("url", receiver.url("/orders")).put("categories", new JsonArray().add("orders")));
      created(second, "/api/scheduler/schedules", new JsonObject().put("name", "tick")
          .put("trigger", new JsonObject().put("type", "interval").put("every", "1s"))
          .put("action", new JsonObject().put("type", "http").put("method", "POST").put("url", receiver.url("/tick"))));
      created(first, "/api/checkpoint/sessions/agent-1/checkpoints", new JsonObject().put("label", "planned")
          .put("state", new JsonObject().put("step", 3)));
      created(second, "/api/dlq/entries", new JsonObject().put("origin", new JsonObject().put("plugin", "billing"))
          .put("reason", "HTTP 503").put("payload", new JsonObject().put("invoice", 1017)));
      for (int i = 0; i < 3; i++) {
        JsonArray plugins = new JsonObject(nodes.get(i).request("GET", "/api/plugins", token, null).body())
            .getJsonArray("plugins");
        for (Object p : plugins) {
          JsonObject plugin = (JsonObject) p;
          if (List.of("scheduler", "webhook", "dlq", "checkpoint").contains(plugin.getString("name"))) {
            assertThat(plugin.getString("state")).as(plugin.encode() + " on node " + i)
                .isEqualTo(i == leader ? "running" : "standby");
          }
        }
      }

      // One node fires the 1 s schedule: each occurrence is executed once (three nodes would execute each
      // thrice). Not how long six calls took: a busy machine makes a late tick and a catching-up one.
      receiver.awaitCalls("/tick", 6);
      List<String> occurrences = new JsonObject(nodes.get(leader).request("GET",
          "/api/scheduler/schedules/tick/executions", token, null).body()).getJsonArray("executions").stream()
          .map(e -> ((JsonObject) e).getString("occurrence")).toList();
      assertThat(occurrences).as("occurrences of the 1 s schedule executed").isNotEmpty().doesNotHaveDuplicates();

      Set<String> orders = new LinkedHashSet<>();
      for (int n = 0; n < 10; n++) {
        orders.add(publish(n % 3, "orders", "created", new JsonObject().put("n", n)).getString("id"));
      }
      receiver.awaitCalls("/orders", 10);
      assertThat(receiver.bodies("/orders")).as("each event delivered once, by one node")
          .hasSize(10).allSatisfy(body -> assertThat(orders).contains(new JsonObject(body).getString("id")));

      List<String> state = stateOf(leader);
      assertThat(stateOf(first)).isEqualTo(state);
      assertThat(stateOf(second)).isEqualTo(state);

      // The leader is lost: another node is elected and runs the sources from the documents every node holds.
      nodes.get(leader).kill();
      int survivor = first;
      long ticksBefore = receiver.count("/tick");
      receiver.awaitCalls("/tick", (int) ticksBefore + 3);
      for (int n = 0; n < 5; n++) {
        orders.add(publish(survivor, "orders", "created", new JsonObject().put("n", 100 + n)).getString("id"));
      }
      receiver.awaitCalls("/orders", 15);
      assertThat(receiver.bodies("/orders")).hasSize(15);
      assertThat(stateOf(first)).isEqualTo(state);
      assertThat(stateOf(second)).isEqualTo(state);
    }
  }

  @Test
  void shouldRefuseWritesButKeepServingReadsWhileKafkaIsDownAndTakeWritesAgainWhenItReturns() throws Exception {
    ownBroker = KafkaTestCluster.start(1, dir.resolve("broker"));
    bootstrapServers = ownBroker.bootstrapServers();
    extraEnv.put("HUB_CLUSTER_PUBLISH_TIMEOUT", "3s");
    startCluster(2);
    JsonObject before = publish(0, "orders", "created", new JsonObject());
    awaitHistorySizeAtLeast(1, "orders", 1);
    ownBroker.kill(0);

    // Without Kafka no node takes a write, and none says it did.
    String write = new JsonObject().put("id", "written-while-down").put("category", "orders")
        .put("event", "created").put("data", new JsonObject()).encode();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refused = nodes.get(i).request("POST", "/api/events", token, write);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("unavailable");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
    // Reads go on from each node's own store.
    assertThat(history(0, "orders")).containsExactly(before.getString("id"));
    assertThat(history(1, "orders")).containsExactly(before.getString("id"));

    ownBroker.restart(0);
    // A 503 means "not known to be recorded": the client sends it again, with the same id, and it is recorded
    // once (200 when an earlier try landed after all).
    HttpResponse<String> retried = retryUntilAccepted(0, write);
    assertThat(retried.statusCode()).as(retried.body()).isIn(200, 201);
    JsonObject after = publish(1, "orders", "created", new JsonObject());
    for (int i = 0; i < 2; i++) {
      awaitHistorySizeAtLeast(i, "orders", 3);
      assertThat(history(i, "orders")).as("node " + i).containsExactly(before.getString("id"), "written-while-down",
          after.getString("id"));
    }
  }

  private HttpResponse<String> retryUntilAccepted(int node, String body) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (true) {
      HttpResponse<String> r = nodes.get(node).request("POST", "/api/events", token, body);
      if (r.statusCode() != 503 || System.nanoTime() > deadline) {
        return r;
      }
    }
  }

  @Test
  void shouldLetAnEmptyNodeJoinFromTheTopicAfterRetentionRemovedEventsFromTheOthers() throws Exception {
    extraEnv.put("HUB_LOG_RETENTION_MAX_EVENTS_PER_CATEGORY", "5");
    extraEnv.put("HUB_LOG_RETENTION_PRUNE_INTERVAL", "1s");
    install(3);
    nodes.add(HubProcess.start(homes.get(0), env(0)));
    nodes.add(HubProcess.start(homes.get(1), env(1)));
    nodes.get(0).awaitReady();
    nodes.get(1).awaitReady();
    for (int n = 0; n < 20; n++) {
      publish(n % 2, "a", "x", new JsonObject().put("n", n));
    }
    for (int n = 0; n < 3; n++) {
      publish(0, "b", "x", new JsonObject().put("n", n));
    }
    awaitHistorySize(0, "a", 5);

    // The newcomer's store starts empty: it applies the topic from its start, then its own retention applies.
    nodes.add(HubProcess.start(homes.get(2), env(2)));
    nodes.get(2).awaitReady();
    awaitHistorySize(2, "a", 5);
    assertThat(history(2, "a")).hasSize(5).isEqualTo(history(0, "a"));
    assertThat(history(2, "b")).isEqualTo(history(0, "b")).hasSize(3);
    JsonObject live = publish(2, "b", "x", new JsonObject());
    assertThat(history(2, "b")).contains(live.getString("id"));
  }

  /** Retention runs on its own schedule: waits (bounded) until it has brought a category down to {@code size}. */
  private void awaitHistorySize(int node, String category, int size) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (history(node, category).size() > size) {
      assertThat(System.nanoTime()).as("retention brings " + category + " down to " + size).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** Waits (bounded) until a node applied at least {@code size} events of {@code category}. */
  private void awaitHistorySizeAtLeast(int node, String category, int size) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (history(node, category).size() < size) {
      assertThat(System.nanoTime()).as(category + " reaches " + size + " on node " + node).isLessThan(deadline);
    }
  }

  /** What the sources hold, read through one node: the same on every node. */
  private List<String> stateOf(int node) throws Exception {
    List<String> out = new ArrayList<>();
    for (String path : List.of("/api/webhook/subscriptions/orders-out", "/api/checkpoint/sessions/agent-1/checkpoints",
        "/api/dlq/entries")) {
      HttpResponse<String> r = nodes.get(node).request("GET", path, token, null);
      assertThat(r.statusCode()).as(path + " on node " + node + ": " + r.body()).isEqualTo(200);
      JsonObject body = new JsonObject(r.body());
      // Delivery figures of a subscription are the running deliverer's, counted since it started.
      body.remove("delivery");
      out.add(body.encode());
    }
    HttpResponse<String> schedule = nodes.get(node).request("GET", "/api/scheduler/schedules/tick", token, null);
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(200);
    return out;
  }

  private void created(int node, String path, JsonObject body) throws Exception {
    HttpResponse<String> r = nodes.get(node).request("POST", path, token, body.encode());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(201);
  }

  // ---- a cluster of child processes ----

  private void install(int size) throws Exception {
    if (bootstrapServers == null) {
      bootstrapServers = KafkaTestCluster.shared().bootstrapServers();
    }
    for (int i = 0; i < size; i++) {
      homes.add(HubProcess.install(dir.resolve("node" + i)));
    }
    token = HubProcess.run(homes.get(0), Map.of("HUB_AUTH_JWT_SECRET", SECRET), "token", "--scope",
        "subscribe:* publish:* admin");
  }

  private void startCluster(int size) throws Exception {
    install(size);
    startNodes(size);
  }

  private void startNodes(int size) throws Exception {
    nodes.clear();
    for (int i = 0; i < size; i++) {
      nodes.add(HubProcess.start(homes.get(i), env(i)));
    }
    for (HubProcess node : nodes) {
      node.awaitReady();
    }
  }

  private Map<String, String> env(int i) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_AUTH_JWT_SECRET", SECRET);
    env.put("HUB_CLUSTER_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("HUB_CLUSTER_KAFKA_TOPIC", topic);
    env.put("HUB_CLUSTER_NODE_ID", "node" + i);
    // Loopback opened for outbound calls: webhooks and HTTP actions here call a local receiver.
    env.put("HUB_OUTBOUND_ALLOW_NETWORKS", "127.0.0.0/8");
    env.put("HUB_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    env.putAll(extraEnv);
    return env;
  }

  /** Which node leads, as the nodes' own status says. */
  private int leaderIndex() throws Exception {
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject cluster = new JsonObject(nodes.get(i).request("GET", "/api/cluster", token, null).body());
      if (cluster.getBoolean("isLeader", false)) {
        return i;
      }
    }
    throw new AssertionError("no node says it leads");
  }

  private JsonObject publish(int node, String category, String event, JsonObject data) throws Exception {
    HttpResponse<String> r = nodes.get(node).request("POST", "/api/events", token,
        new JsonObject().put("category", category).put("event", event).put("data", data).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private Set<String> history(int node, String category) throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    String since = null;
    while (true) {
      String query = "/api/events?categories=" + category + "&limit=1000" + (since == null ? "" : "&since=" + since);
      JsonObject page = new JsonObject(nodes.get(node).request("GET", query, token, null).body());
      page.getJsonArray("events").forEach(e -> ids.add(((JsonObject) e).getString("id")));
      if (!page.getBoolean("more", false)) {
        return ids;
      }
      since = page.getString("next");
    }
  }

  private BlockingQueue<JsonObject> subscribe(int node, String category, String since) throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    BlockingQueue<JsonObject> control = new LinkedBlockingQueue<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .buildAsync(URI.create("ws://127.0.0.1:" + nodes.get(node).awaitReady() + "/ws"), new Frames(events, control))
        .get(10, TimeUnit.SECONDS);
    sockets.add(ws);
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "s").put("categories",
        new JsonArray().add(category));
    if (since != null) {
      subscribe.put("since", since);
    }
    ws.sendText(subscribe.encode(), true);
    JsonObject answer = control.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(answer).isNotNull();
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("subscribed");
    return events;
  }

  private static List<JsonObject> take(BlockingQueue<JsonObject> queue, int count) throws InterruptedException {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < count) {
      JsonObject e = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(e).as("event " + (out.size() + 1) + " of " + count).isNotNull();
      out.add(e);
    }
    return out;
  }

  private static List<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("id")).toList();
  }

  /** An HTTP server for the hub to call: counts calls per path and keeps their bodies. */
  private static final class Receiver implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer server;
    private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> times = new ConcurrentHashMap<>();

    private Receiver(com.sun.net.httpserver.HttpServer server) {
      this.server = server;
    }

    static Receiver start() throws IOException {
      com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      Receiver receiver = new Receiver(server);
      server.createContext("/", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        synchronized (receiver) {
          receiver.bodies.computeIfAbsent(path, k -> new ArrayList<>()).add(body);
          receiver.times.computeIfAbsent(path, k -> new ArrayList<>()).add(System.nanoTime());
          receiver.notifyAll();
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      server.start();
      return receiver;
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized long count(String path) {
      return bodies.getOrDefault(path, List.of()).size();
    }

    synchronized List<String> bodies(String path) {
      return List.copyOf(bodies.getOrDefault(path, List.of()));
    }

    /** Waits for the {@code n}th call to {@code path}; returns when it came (System.nanoTime()). */
    synchronized long awaitCalls(String path, int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (count(path) < n) {
        long left = deadline - System.nanoTime();
        assertThat(left).as(n + " calls to " + path + ", got " + count(path)).isPositive();
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return times.get(path).get(n - 1);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static final class Frames implements WebSocket.Listener {
    private final BlockingQueue<JsonObject> events;
    private final BlockingQueue<JsonObject> control;
    private final StringBuilder partial = new StringBuilder();

    Frames(BlockingQueue<JsonObject> events, BlockingQueue<JsonObject> control) {
      this.events = events;
      this.control = control;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject frame = new JsonObject(partial.toString());
        partial.setLength(0);
        ("event".equals(frame.getString("type")) ? events : control).add(frame);
      }
      webSocket.request(1);
      return null;
    }
  }
}
