package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /sse over real HTTP: a hub on loopback with the sink from the test classpath, read by a raw socket client. */
class SseSinkTest {
  @TempDir Path dir;
  TestHub hub;
  final List<SseClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (SseClient c : clients) {
      c.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  void start() {
    start(c -> c);
  }

  void start(UnaryOperator<HubConfig> customize) {
    hub = TestHub.start(dir, customize);
  }

  SseClient open(String query, Map<String, String> headers) throws IOException {
    SseClient c = SseClient.open(hub.port(), "/sse?" + query, headers);
    clients.add(c);
    return c;
  }

  SseClient stream(String query, String... scopes) throws IOException {
    return open(query, Map.of("Authorization", "Bearer " + hub.token(scopes)));
  }

  /** An open stream, past its {@code retry:} line and the id-only message of going live. */
  SseClient live(String query, String... scopes) throws IOException, InterruptedException {
    SseClient c = stream(query, scopes);
    assertThat(c.status).as(c.body).isEqualTo(200);
    c.read();
    assertThat(c.next().retry()).isEqualTo("2000");
    assertThat(c.next().id()).as("the id-only message that sets Last-Event-ID to the head").isNotNull();
    return c;
  }

  HubEvent publish(String category, String event, String key) {
    return TestHub.await(hub.hub().publisher().publish(EventDraft.of(category, event, key, new JsonObject().put("n", 1))));
  }

  List<HubEvent> publish(String category, int count) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(EventDraft.of(category, "tick", "k" + i, new JsonObject().put("i", i)));
    }
    return TestHub.await(hub.hub().publisher().publishAll(drafts));
  }

  static void assertEvent(Message m, HubEvent e, boolean replay) {
    assertThat(m.id()).isEqualTo(e.cursor());
    JsonObject expected = new JsonObject(e.encode());
    if (replay) {
      expected.put("replay", true);
    }
    assertThat(new JsonObject(m.data())).isEqualTo(expected);
  }

  @Test
  void shouldStreamLiveEventsWithTheTokenInTheAuthorizationHeader() throws Exception {
    start();
    SseClient c = stream("categories=orders", "subscribe:orders");
    assertThat(c.status).isEqualTo(200);
    assertThat(c.headers.get("content-type")).isEqualTo("text/event-stream");
    assertThat(c.headers.get("cache-control")).isEqualTo("no-cache");
    c.read();
    assertThat(c.next().retry()).isEqualTo("2000");
    Message head = c.next();
    assertThat(head.data()).isNull();

    HubEvent e = publish("orders", "created", "o-1");
    assertThat(e.cursor()).as("the head comes before every later event").isGreaterThan(head.id());

    Message m = c.nextMessage();
    assertThat(m.event()).as("no event: line, so that EventSource's onmessage gets it").isNull();
    assertEvent(m, e, false);
    assertThat(m.data()).doesNotContain("\"type\"").doesNotContain("\"subscription\"");
  }

  @Test
  void shouldStreamCloudEventsWithFormatCloudevents() throws Exception {
    start();
    HubEvent replayed = publish("orders", "created", "o-1");
    SseClient c = stream("categories=orders&last=1&format=cloudevents", "subscribe:orders");
    assertThat(c.status).as(c.body).isEqualTo(200);
    c.read();
    assertThat(c.nextMessage().retry()).isEqualTo("2000");
    Message first = c.nextEvent();
    JsonObject ce = new JsonObject(first.data());
    assertThat(first.id()).isEqualTo(replayed.cursor());
    assertThat(ce.getString("specversion")).isEqualTo("1.0");
    assertThat(ce.getString("id")).isEqualTo(replayed.id());
    assertThat(ce.getString("source")).isEqualTo("/orders");
    assertThat(ce.getString("type")).isEqualTo("created");
    assertThat(ce.getString("subject")).isEqualTo("o-1");
    assertThat(ce.getString("hubcursor")).isEqualTo(replayed.cursor());
    assertThat(c.nextMessage().event()).isEqualTo("replay_complete");
    HubEvent live = publish("orders", "shipped", "o-1");
    Message next = c.nextEvent();
    assertThat(new JsonObject(next.data()).getString("type")).isEqualTo("shipped");
    assertThat(next.id()).isEqualTo(live.cursor());
  }

  @Test
  void shouldAcceptTheTokenAsAccessTokenForEventSource() throws Exception {
    start();
    SseClient c = open("categories=orders&access_token=" + hub.token("subscribe:orders"), Map.of());
    assertThat(c.status).as(c.body).isEqualTo(200);
    c.read();
    c.next();
    c.next();
    HubEvent e = publish("orders", "created", "o-1");
    assertEvent(c.nextEvent(), e, false);
  }

  @Test
  void shouldRefuseAMissingOrBadTokenAndAMissingScopeWithTheHubsErrorBody() throws Exception {
    start();
    SseClient none = open("categories=orders", Map.of());
    assertThat(none.status).isEqualTo(401);
    assertThat(new JsonObject(none.body).getString("error")).isEqualTo("unauthorized");

    SseClient bad = open("categories=orders&access_token=not-a-token", Map.of());
    assertThat(bad.status).isEqualTo(401);

    SseClient scope = stream("categories=orders,billing", "subscribe:orders");
    assertThat(scope.status).isEqualTo(403);
    assertThat(new JsonObject(scope.body).getString("message"))
        .contains("subscribe:billing");
    SseClient glob = stream("categories=*", "subscribe:orders");
    assertThat(glob.status).isEqualTo(403);
  }

  @Test
  void shouldRefuseAWrongRequestWith400NamingWhatIsWrong() throws Exception {
    start();
    assertBadRequest("categories=orders&batch=true&colour=red", "unknown query parameters 'batch', 'colour'");
    assertBadRequest("events=created", "parameter 'categories' is required");
    assertBadRequest("categories=Orders", "parameter 'categories': 'Orders' must be a name or a glob");
    assertBadRequest("categories=orders&since=c1&last=3", "'since' and 'last' cannot be combined");
    assertBadRequest("categories=orders&last=0", "parameter 'last' must be an integer from 1 to 1000");
    assertBadRequest("categories=orders&last=x", "parameter 'last' must be an integer from 1 to 1000");
    assertBadRequest("categories=orders&last=1&last=2", "parameter 'last' is given 2 times");
    assertBadRequest("categories=orders&format=xml", "parameter 'format' must be hub or cloudevents");
    assertBadRequest("categories=orders&since=" + "c".repeat(200), "parameter 'since' must be a cursor");
  }

  private void assertBadRequest(String query, String message) throws IOException {
    SseClient c = stream(query, "subscribe:*");
    assertThat(c.status).as(query).isEqualTo(400);
    JsonObject error = new JsonObject(c.body);
    assertThat(error.getString("error")).isEqualTo("bad_request");
    assertThat(error.getString("message")).as(query).contains(message);
  }

  @Test
  void shouldSendOnlyTheEventsTheFiltersSelect() throws Exception {
    start();
    SseClient c = live("categories=ord*&events=created,paid&keys=o-1,o-2", "subscribe:*");
    publish("orders", "created", "o-3");
    HubEvent wanted1 = publish("orders", "created", "o-1");
    publish("orders", "shipped", "o-1");
    publish("billing", "created", "o-1");
    HubEvent wanted2 = publish("orders-eu", "paid", "o-2");
    publish("orders", "paid", null);
    HubEvent marker = publish("orders", "created", "o-2");

    assertEvent(c.nextEvent(), wanted1, false);
    assertEvent(c.nextEvent(), wanted2, false);
    assertEvent(c.nextEvent(), marker, false);
  }

  @Test
  void shouldReplaySinceACursorAndTheLastNThenSayReplayCompleteThenGoLive() throws Exception {
    start();
    List<HubEvent> before = publish("orders", 5);

    SseClient since = stream("categories=orders&since=" + enc(before.get(1).cursor()), "subscribe:orders").read();
    assertThat(since.nextMessage().retry()).isEqualTo("2000");
    for (HubEvent e : before.subList(2, 5)) {
      assertEvent(since.nextEvent(), e, true);
    }
    Message complete = since.nextMessage();
    assertThat(complete.event()).isEqualTo("replay_complete");
    assertThat(new JsonObject(complete.data())).isEqualTo(new JsonObject().put("count", 3).put("complete", true));

    SseClient last = stream("categories=orders&last=2", "subscribe:orders").read();
    last.nextMessage();
    assertEvent(last.nextEvent(), before.get(3), true);
    assertEvent(last.nextEvent(), before.get(4), true);
    assertThat(new JsonObject(last.nextMessage().data()).getLong("count")).isEqualTo(2L);

    HubEvent live = publish("orders", "created", "o-9");
    assertEvent(since.nextEvent(), live, false);
    assertEvent(last.nextEvent(), live, false);
  }

  @Test
  void shouldResumeFromLastEventIdWithNoGapAndNoDuplicateWhileEventsKeepComing() throws Exception {
    start();
    List<HubEvent> all = new ArrayList<>(publish("orders", 50));
    SseClient first = stream("categories=orders&last=10", "subscribe:orders").read();
    List<String> seen = new ArrayList<>();
    Message m;
    while (seen.size() < 10 && (m = first.nextMessage()) != SseClient.END) {
      if (m.isEvent()) {
        seen.add(m.id());
      }
    }
    first.close();
    String resumeFrom = seen.get(seen.size() - 1);

    // A writer keeps recording while the client resumes: the replay's end meets live events.
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 20; i++) {
        all.addAll(publish("orders", 25));
      }
    });
    for (int i = 0; i < 3; i++) {
      all.addAll(publish("orders", 1000));
    }
    writer.start();
    // The URL still says last=10 (the browser keeps it); Last-Event-ID wins, and over since too.
    SseClient resumed = open("categories=orders&last=10", Map.of("Authorization", "Bearer " + hub.token("subscribe:orders"),
        "Last-Event-ID", resumeFrom)).read();
    writer.join();
    HubEvent marker = publish("orders", "created", "end");
    all.add(marker);
    List<String> expected = all.stream().map(HubEvent::cursor).filter(c -> c.compareTo(resumeFrom) > 0).toList();

    List<String> got = new ArrayList<>();
    boolean completed = false;
    while (!completed || got.isEmpty() || !got.get(got.size() - 1).equals(marker.cursor())) {
      m = resumed.nextMessage();
      assertThat(m).isNotSameAs(SseClient.END);
      if ("replay_complete".equals(m.event())) {
        completed = true;
      } else if (m.retry() == null) {
        got.add(m.id());
      }
    }
    assertThat(got).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldLetLastEventIdWinOverSince() throws Exception {
    start();
    List<HubEvent> events = publish("orders", 4);
    SseClient c = open("categories=orders&since=" + enc(events.get(0).cursor()), Map.of(
        "Authorization", "Bearer " + hub.token("subscribe:orders"), "Last-Event-ID", events.get(2).cursor())).read();
    c.nextMessage();
    assertEvent(c.nextEvent(), events.get(3), true);
    assertThat(c.nextMessage().event()).isEqualTo("replay_complete");
  }

  @Test
  void shouldSendHeartbeatComments() throws Exception {
    start(c -> c.with("plugins.sse.heartbeat", "200ms"));
    SseClient c = live("categories=orders", "subscribe:orders");
    Message m = c.next();
    assertThat(m.comment()).isEqualTo("heartbeat");
  }

  @Test
  void shouldEndTheStreamOfAConsumerThatStopsReadingWhileAReaderGetsEverything() throws Exception {
    start(c -> c.with("plugins.sse.maxQueuedBytes", 64 * 1024).with("plugins.sse.heartbeat", "10m"));
    SseClient slow = SseClient.open(hub.port(), "/sse?categories=flood",
        Map.of("Authorization", "Bearer " + hub.token("subscribe:flood")), 4096);
    clients.add(slow);
    assertThat(slow.status).isEqualTo(200);
    SseClient reader = live("categories=flood", "subscribe:flood");

    String padding = "x".repeat(1000);
    List<HubEvent> published = new ArrayList<>();
    for (int batch = 0; batch < 20 && hub.get("/api/sse/stats", hub.adminToken()).bodyAsJsonObject()
        .getLong("slowConsumerCloses") == 0; batch++) {
      List<EventDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        drafts.add(EventDraft.of("flood", "tick", null, new JsonObject().put("p", padding)));
      }
      published.addAll(TestHub.await(hub.hub().publisher().publishAll(drafts)));
    }
    Eventually.until(() -> hub.get("/api/sse/stats", hub.adminToken()).bodyAsJsonObject()
        .getLong("slowConsumerCloses") == 1, "the slow consumer's stream ended");
    for (HubEvent e : published) {
      assertThat(reader.nextEvent().id()).isEqualTo(e.cursor());
    }
    slow.read();
    Message m;
    do {
      m = slow.next();
    } while (m != SseClient.END);
  }

  @Test
  void shouldEndEveryStreamWithAnErrorEventWhenTheHubShutsDown() throws Exception {
    start();
    SseClient c = live("categories=orders", "subscribe:orders");
    hub.close();
    hub = null;
    Message m = c.nextMessage();
    assertThat(m.event()).isEqualTo("error");
    assertThat(new JsonObject(m.data())).isEqualTo(new JsonObject().put("code", "hub_shutting_down")
        .put("message", "hub shutting down"));
    assertThat(c.next()).isSameAs(SseClient.END);
  }

  @Test
  void shouldRefuseOverThePatternAndConnectionLimits() throws Exception {
    start(c -> c.with("plugins.sse.maxConnections", 1).with("plugins.sse.maxPatternsPerConnection", 2));
    SseClient many = stream("categories=a,b,c", "subscribe:*");
    assertThat(many.status).isEqualTo(429);
    assertThat(new JsonObject(many.body).getString("error")).isEqualTo("too_many_subscriptions");
    live("categories=a", "subscribe:*");
    SseClient second = stream("categories=a", "subscribe:*");
    assertThat(second.status).isEqualTo(503);
    assertThat(second.headers.get("retry-after")).isEqualTo("1");
    assertThat(new JsonObject(hub.get("/api/sse/stats", hub.adminToken()).bodyAsString()).getLong("connectionsOpen"))
        .isEqualTo(1L);
  }

  @Test
  void shouldEndTheStreamWhenTheTokenExpires() throws Exception {
    start(c -> c.with("auth.jwt.leeway", "0s"));
    String token = hub.hub().tokens().issue("test", java.util.Set.of("subscribe:orders"), java.time.Duration.ofSeconds(2));
    SseClient c = open("categories=orders", Map.of("Authorization", "Bearer " + token)).read();
    Message m = c.nextMessage();
    while (m != SseClient.END && !"error".equals(m.event())) {
      m = c.nextMessage();
    }
    assertThat(new JsonObject(m.data()).getString("code")).isEqualTo("token_expired");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
