package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.WebSocketRoute;
import dev.eventhub.runtime.testing.ChildHub;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.StallingProxy;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript client (clients/js, served by the hub at /client/hub-client.js) in Chromium against
 * a hub in a child process with both streaming sinks: a subscription survives a hub restart with
 * nothing lost or repeated, and the client falls back to server-sent events when the WebSocket is
 * refused, where it also publishes and pages history; over SSE too a drop-oldest stream of a stalled page reports its gaps (issue 20).
 */
class HubClientBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final double TIMEOUT_MS = 60_000;
  // Subscribes with the client and keeps what it receives, and the transports it used, in window.hub.
  private static final String SUBSCRIBE = "async ({token, start}) => {"
      + "  const {HubClient} = await import('/client/hub-client.js');"
      + "  const client = new HubClient({token, baseDelayMs: 200, maxDelayMs: 1000});"
      + "  window.hub = {client, seen: [], batched: [], batches: 0, attributed: [], transports: new Set()};"
      + "  client.addEventListener('state', e => { if (e.detail.state === 'live') window.hub.transports.add(e.detail.transport); });"
      + "  client.subscribe({categories: ['js']}, start, {event: e => window.hub.seen.push(e.cursor)});"
      // Batch mode: the WebSocket packs events into `events` frames; SSE has none, the handler gets each event.
      + "  client.subscribe({categories: ['js'], batch: true}, start, {event: e => window.hub.batched.push(e.cursor),"
      + "    events: list => window.hub.batches++});"
      // Issue 20: an attribute filter, sent in the subscribe frame or as attr= parameters of the SSE request.
      + "  client.subscribe({categories: ['js'], attributes: {agent_id: 'a-7', task_id: 't-*'}}, start,"
      + "    {event: e => window.hub.attributed.push(e.cursor)});"
      + "  client.start();"
      + "}";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* publish:*", 3600));
  private int port;
  private Page page;

  @BeforeEach
  void browser() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("This test needs Chromium at " + CHROMIUM + " ('apt-get install -y chromium'), or -Dconsole.chromium=<path>");
    }
    port = freePort();
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    open.add(playwright);
    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
    page = browser.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void shouldResumeEverySubscriptionAcrossAHubRestartWithNothingLostOrRepeated() throws Exception {
    ChildHub hub = startHub(Map.of());
    // Until the hub is back and the test has published, the client's attempts (either transport) are
    // refused, so that the events published meanwhile can only reach it by resuming from its cursor.
    AtomicBoolean refuse = new AtomicBoolean();
    page.routeWebSocket(Pattern.compile(".*/ws\\b.*"), ws -> {
      if (refuse.get()) {
        ws.close(new WebSocketRoute.CloseOptions().setCode(1013).setReason("test: hub away"));
      } else {
        ws.connectToServer();
      }
    });
    page.route("**/sse?**", route -> {
      if (refuse.get()) {
        route.abort();
      } else {
        route.resume();
      }
    });
    List<String> published = new ArrayList<>();
    published.add(publish("before-1"));
    published.add(publish("before-2"));
    page.navigate("http://127.0.0.1:" + port + "/health");
    page.evaluate(SUBSCRIBE, Map.of("token", token, "start", Map.of("last", 10)));
    awaitSeen(2);
    published.add(publish("live"));
    awaitSeen(3);

    refuse.set(true);
    hub.kill();
    page.waitForFunction("() => window.hub.client.state !== 'live'", null,
        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    hub = startHub(Map.of());
    published.add(publish("while-away-1"));
    published.add(publish("while-away-2"));
    refuse.set(false);
    awaitSeen(5);
    published.add(publish("after"));
    awaitSeen(6);

    assertThat(seen()).containsExactlyElementsOf(published);
    page.waitForFunction("n => window.hub.batched.length >= n", published.size(),
        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    assertThat(strings(page.evaluate("() => window.hub.batched"))).containsExactlyElementsOf(published);
    assertThat((Integer) page.evaluate("() => window.hub.batches")).isPositive();
    assertThat(page.evaluate("() => [...window.hub.transports].join()")).asString().contains("websocket");
  }

  @Test
  void shouldFallBackToServerSentEventsWhenTheWebSocketIsRefusedAndPublishAndPageHistory() throws Exception {
    startHub(Map.of("HUB_LOADER_DISABLED", "websocket"));
    List<String> published = new ArrayList<>();
    published.add(publish("before"));
    page.navigate("http://127.0.0.1:" + port + "/health");
    page.evaluate(SUBSCRIBE, Map.of("token", token, "start", Map.of("last", 5)));
    awaitSeen(1);
    assertThat(page.evaluate("() => window.hub.client.transport")).isEqualTo("sse");

    // Published by the client itself, over HTTP.
    page.evaluate("() => window.hub.client.publish([1, 2, 3].map(i => ({category: 'js', event: 'tick', key: 'k' + i, data: {i}})))");
    awaitSeen(4);
    List<String> history = strings(page.evaluate("async () => { const out = [];"
        + "  for await (const e of window.hub.client.history({categories: ['js'], limit: 2})) out.push(e.cursor);"
        + "  return out; }"));
    assertThat(history).containsExactlyElementsOf(seen());
    assertThat(seen()).hasSize(4).startsWith(published.get(0));
    assertThat(page.evaluate("() => [...window.hub.transports].join()")).isEqualTo("sse");
    assertOnlyMatchingAttributesArrive();
  }

  @Test
  void shouldPublishOverTheWebSocketOnceDurableAndRejectWithTheHubsError() throws Exception {
    startHub(Map.of());
    page.navigate("http://127.0.0.1:" + port + "/health");
    page.evaluate(SUBSCRIBE, Map.of("token", token, "start", Map.of("last", 5)));
    // Published before the socket is open: sent once it is. A batch, then two under way at once.
    Object answers = page.evaluate("async () => {"
        + "  const c = window.hub.client;"
        + "  const batch = await c.publishOverWebSocket([1, 2].map(i => ({category: 'js', event: 'tick', key: 'k' + i, id: 'ws-' + i})));"
        + "  const [one, two] = await Promise.all([c.publishOverWebSocket({category: 'js', event: 'tick', id: 'ws-3'}),"
        + "    c.publishOverWebSocket({category: 'js', event: 'tick', id: 'ws-1'})]);"
        + "  return [...batch, ...one, ...two];"
        + "}");
    List<String> cursors = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Object a : (List<?>) answers) {
      cursors.add(((Map<?, ?>) a).get("cursor").toString());
      ids.add(((Map<?, ?>) a).get("id").toString());
    }
    assertThat(ids).containsExactly("ws-1", "ws-2", "ws-3", "ws-1");
    // The same id again is the first record: three events, the fourth answer is the first's cursor.
    assertThat(cursors.get(3)).isEqualTo(cursors.get(0));
    awaitSeen(3);
    assertThat(seen()).containsExactlyElementsOf(cursors.subList(0, 3));
    assertThat(page.evaluate("() => window.hub.client.transport")).isEqualTo("websocket");

    // A token without publish: the hub's error, by the request's id.
    String readOnly = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", 3600));
    Object refused = page.evaluate("async (token) => {"
        + "  const {HubClient} = await import('/client/hub-client.js');"
        + "  const c = new HubClient({token}).start();"
        + "  try { await c.publishOverWebSocket({category: 'js', event: 'tick'}); return 'published'; }"
        + "  catch (e) { return e.code + ': ' + e.message; } finally { c.stop(); }"
        + "}", readOnly);
    assertThat(refused).asString().startsWith("forbidden: ").contains("publish:js");
    assertThat(seen()).hasSize(3);
    assertOnlyMatchingAttributesArrive();
  }

  @Test
  void shouldReportTheGapsOfADropOldestStreamOfAStalledPageAndLeaveNamedConsumersToTheWebSocket() throws Exception {
    // Issue 20: 20 MB of events against a 64 KiB bound, to a page that gets none of them while they are published.
    int events = 10_000;
    startHub(Map.of("HUB_LOADER_DISABLED", "websocket", "HUB_PLUGINS_SSE_MAX_QUEUED_BYTES", "65536"));
    // The page falls behind because the network between it and the hub stops passing the hub's bytes on.
    try (StallingProxy proxy = StallingProxy.start(port)) {
      open.add(proxy);
      page.navigate("http://127.0.0.1:" + proxy.port() + "/health");
      page.evaluate("({token}) => import('/client/hub-client.js').then(({HubClient}) => new Promise(resolve => {"
          + "  const client = new HubClient({token, transport: 'sse'});"
          + "  const flood = window.flood = {client, cursors: [], gaps: [], consumer: []};"
          + "  client.subscribe({categories: ['flood'], consumer: 'audit'}, null, {error: e => flood.consumer.push(e.code),"
          + "    event: e => flood.consumer.push('event')});"
          + "  flood.sub = client.subscribe({categories: ['flood'], overflow: 'drop-oldest'}, null, {subscribed: resolve,"
          + "    gap: g => flood.gaps.push(g), event: e => flood.cursors.push(e.cursor)});"
          + "  client.start();"
          + "}))", Map.of("token", token));
      proxy.stall();
      List<String> all = new ArrayList<>();
      // Random padding: the hub compresses what a browser accepts compressed, and 'xxx...' would come to nothing.
      Random random = new Random(20);
      byte[] noise = new byte[1500];
      for (int from = 0; from < events; from += 250) {
        JsonArray batch = new JsonArray();
        for (int i = from; i < from + 250; i++) {
          random.nextBytes(noise);
          batch.add(new JsonObject().put("category", "flood").put("event", "tick").put("key", "k" + (i % 20))
              .put("data", new JsonObject().put("i", i).put("pad", Base64.getEncoder().encodeToString(noise))));
        }
        new JsonObject(post(batch.encode())).getJsonArray("events").forEach(e -> all.add(((JsonObject) e).getString("cursor")));
      }
      proxy.release();
      page.waitForFunction("last => window.flood.cursors.includes(last)", all.get(events - 1),
          new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));

      long dropped = 0;
      for (Object o : (List<?>) page.evaluate("() => window.flood.gaps")) {
        Map<?, ?> gap = (Map<?, ?>) o;
        String from = (String) gap.get("from");
        String to = (String) gap.get("to");
        long range = all.stream().filter(c -> c.compareTo(from) >= 0 && c.compareTo(to) <= 0).count();
        assertThat(((Number) gap.get("dropped")).longValue()).isEqualTo(range);
        dropped += range;
      }
      assertThat(dropped).as("events reported dropped to the gap handler").isPositive();
      List<String> received = strings(page.evaluate("() => window.flood.cursors"));
      assertThat(received).doesNotHaveDuplicates();
      assertThat(received.size() + dropped).isEqualTo(events);
      assertThat(page.evaluate("() => window.flood.sub.complete")).isEqualTo(false);
      // No stream was opened for the named consumer (the SSE sink has none): its handler heard why.
      assertThat(strings(page.evaluate("() => window.flood.consumer"))).containsExactly("unavailable");
    }
  }

  // The subscription with attributes got none of the events without them; of these, only the matching one.
  private void assertOnlyMatchingAttributesArrive() throws IOException, InterruptedException {
    publish("other-agent", new JsonObject().put("agent_id", "a-8").put("task_id", "t-1"));
    publish("other-task", new JsonObject().put("agent_id", "a-7").put("task_id", "x-1"));
    String matching = publish("matching", new JsonObject().put("agent_id", "a-7").put("task_id", "t-1"));
    page.waitForFunction("() => window.hub.attributed.length >= 1", null,
        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    assertThat(strings(page.evaluate("() => window.hub.attributed"))).containsExactly(matching);
  }

  private List<String> seen() {
    return strings(page.evaluate("() => window.hub.seen"));
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add(o.toString());
    }
    return out;
  }

  private void awaitSeen(int count) {
    page.waitForFunction("n => window.hub.seen.length >= n", count, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
  }

  private ChildHub startHub(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("HUB_HTTP_PORT", Integer.toString(port));
    ChildHub hub = ChildHub.start(dir, all);
    open.add(hub);
    hub.awaitReady();
    return hub;
  }

  private String publish(String key) throws IOException, InterruptedException {
    return publish(key, null);
  }

  private String publish(String key, JsonObject attributes) throws IOException, InterruptedException {
    JsonObject draft = new JsonObject().put("category", "js").put("event", "tick").put("key", key)
        .put("data", new JsonObject());
    if (attributes != null) {
      draft.put("attributes", attributes);
    }
    return new JsonObject(post(draft.encode())).getString("cursor");
  }

  private String post(String body) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
