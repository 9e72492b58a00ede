package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.PageStall;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 in the JavaScript client (clients/js, served by the hub at /client/hub-client.js), in Chromium (Debian's,
 * driven by Playwright, which never downloads one) against a real hub: a {@code drop-oldest} subscription of a page
 * that stops reading reports what the hub dropped to its gap handler; a named consumer resumes after what it
 * acknowledged when its connection is cut, and gets again what it had not; ack errors reject with the hub's code; a
 * member of a shared consumer gets a departed member's events although they are older than its own.
 */
class HubClientConsumersBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final double TIMEOUT_MS = 60_000;
  // Loads the client into window.hub and resolves once the subscription is answered. Its handlers record in
  // window.hub: events (id and cursor), gaps, errors and the number of `subscribed` answers.
  private static final String SUBSCRIBE = "async ({token, filter, stallUrl}) => {"
      + "  const {HubClient} = await import('/client/hub-client.js');"
      + "  const client = new HubClient({token, transport: 'websocket', baseDelayMs: 100, maxDelayMs: 500});"
      + "  const hub = window.hub = {client, events: [], gaps: [], errors: [], subscribed: 0, stalled: false};"
      + "  await new Promise((resolve, reject) => {"
      + "    hub.sub = client.subscribe(filter, null, {"
      + "      subscribed: () => { hub.subscribed++; resolve(); },"
      + "      error: (e) => { hub.errors.push(e.code); reject(new Error(e.code + ': ' + e.message)); },"
      + "      gap: (g) => hub.gaps.push(g),"
      + "      event: (e) => {"
      + "        if (stallUrl && !hub.stalled) {"
      // A page that stops reading: its one thread waits in a synchronous request until the test lets it go on.
      + "          hub.stalled = true;"
      + "          const x = new XMLHttpRequest(); x.open('GET', stallUrl, false); x.send();"
      + "        }"
      + "        hub.events.push({id: e.id, cursor: e.cursor});"
      + "      },"
      + "    });"
      + "    client.start();"
      + "  });"
      + "}";

  @TempDir Path dir;
  private Fixture fixture;
  private Playwright playwright;
  private Page page;
  private PageStall stall;

  @BeforeEach
  void browser() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("This test needs Chromium at " + CHROMIUM + " ('apt-get install -y chromium'), or -Dconsole.chromium=<path>");
    }
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
    page = browser.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
  }

  @AfterEach
  void stop() {
    if (playwright != null) {
      playwright.close();
    }
    if (stall != null) {
      stall.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldReportTheEventsADropOldestSubscriptionOfAStalledPageMissedToItsGapHandler() throws IOException {
    int events = 10_000;
    // 20 MB of events: far more than the socket buffers and the 64 KiB bound together. The page that stops reading
    // answers no pings either: the heartbeat must not close it first.
    start(c -> c.with("plugins.websocket.maxQueuedBytes", 64 << 10).with("plugins.websocket.heartbeatInterval", "10m"));
    stall = PageStall.start();
    subscribe(new JsonObject().put("categories", List.of("flood")).put("overflow", "drop-oldest"), "subscribe:flood",
        stall.url());

    List<HubEvent> all = new ArrayList<>(events);
    String padding = "x".repeat(2000);
    for (int from = 0; from < events; from += 500) {
      List<EventDraft> drafts = new ArrayList<>(500);
      for (int i = from; i < from + 500; i++) {
        drafts.add(EventDraft.of("flood", "tick", "k" + (i % 20), new JsonObject().put("i", i).put("pad", padding)));
      }
      all.addAll(TestHub.await(fixture.hub.hub().publisher().publishAll(drafts)));
    }
    stall.release();
    page.waitForFunction("last => window.hub.events.some(e => e.cursor === last)", all.get(events - 1).cursor(),
        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));

    List<Map<?, ?>> gaps = maps(page.evaluate("() => window.hub.gaps"));
    assertThat(gaps).as("gaps reported to the handler").isNotEmpty();
    long dropped = 0;
    for (Map<?, ?> gap : gaps) {
      String from = (String) gap.get("from");
      String to = (String) gap.get("to");
      long range = all.stream().filter(e -> e.cursor().compareTo(from) >= 0 && e.cursor().compareTo(to) <= 0).count();
      // What the hub says it dropped, as the handler got it: the count of the cursor range.
      assertThat(((Number) gap.get("dropped")).longValue()).isEqualTo(range);
      dropped += range;
    }
    List<String> received = cursors();
    assertThat(received).doesNotHaveDuplicates();
    assertThat(received.size() + dropped).isEqualTo(events);
    assertThat(page.evaluate("() => window.hub.sub.complete")).isEqualTo(false);
    // Dropped, not closed: the page never had to reconnect.
    assertThat(page.evaluate("() => window.hub.subscribed")).isEqualTo(1);
  }

  @Test
  void shouldResumeANamedConsumerAfterWhatItAcknowledgedWhenTheConnectionIsCutAndRejectBadAcks() {
    start(c -> c);
    List<String> sent = new CopyOnWriteArrayList<>();
    page.onWebSocket(ws -> ws.onFrameSent(frame -> sent.add(frame.text())));
    subscribe(new JsonObject().put("categories", List.of("orders")).put("consumer", "audit"), "subscribe:orders", null);
    List<HubEvent> published = publish(5);
    awaitEvents(5);
    assertThat(ids()).containsExactlyElementsOf(published.stream().map(HubEvent::id).toList());

    // Acknowledged up to the third: the hub answers with the committed cursor.
    assertThat(page.evaluate("c => window.hub.sub.ack(c)", published.get(2).cursor())).isEqualTo(published.get(2).cursor());
    // Before the committed cursor; not a cursor at all: the hub's code and message.
    assertThat(ackError(published.get(0).cursor())).startsWith("HubError conflict: ");
    assertThat(ackError("not-a-cursor")).startsWith("HubError bad_request: ");

    // An operator cuts the connection: the client comes back on its own and attaches again, without `since`.
    String connection = fixture.hub.get("/api/connections", fixture.hub.adminToken()).bodyAsJsonObject()
        .getJsonArray("connections").getJsonObject(0).getString("id");
    assertThat(fixture.hub.send(HttpMethod.DELETE, "/api/connections/" + connection,
        fixture.hub.adminToken(), null).statusCode()).isEqualTo(204);
    awaitEvents(7);

    // The two it had not acknowledged come again, although they are not newer than its last: nothing dropped.
    assertThat(ids().subList(5, 7)).containsExactly(published.get(3).id(), published.get(4).id());
    assertThat(page.evaluate("() => window.hub.subscribed")).isEqualTo(2);
    assertThat(page.evaluate("() => window.hub.sub.cursor")).isEqualTo(published.get(4).cursor());
    List<JsonObject> subscribes = sent.stream().map(JsonObject::new).filter(f -> "subscribe".equals(f.getString("type")))
        .toList();
    assertThat(subscribes).hasSize(2).allSatisfy(f -> {
      assertThat(f.getString("consumer")).isEqualTo("audit");
      assertThat(f.getBoolean("autoAck")).isFalse();
      assertThat(f.containsKey("since")).as("a named consumer resumes where the hub says: " + f).isFalse();
    });
    assertThat(page.evaluate("c => window.hub.sub.ack(c)", published.get(4).cursor())).isEqualTo(published.get(4).cursor());

    // Not attached: rejected at once.
    assertThat(page.evaluate("async (c) => { window.hub.client.stop();"
        + "  try { await window.hub.sub.ack(c); return 'acked'; } catch (e) { return e.code; } }",
        published.get(4).cursor())).isEqualTo("unavailable");
  }

  @Test
  void shouldRejectAcksOfAnAutoAckOrPlainSubscriptionAndAConsumerWithOtherFilters() {
    start(c -> c);
    subscribe(new JsonObject().put("categories", List.of("orders")).put("consumer", "auto").put("autoAck", true),
        "subscribe:orders", null);
    List<HubEvent> published = publish(1);
    awaitEvents(1);
    assertThat(ackError(published.get(0).cursor())).startsWith("HubError bad_request: ").contains("autoAck");

    Object plain = page.evaluate("async (c) => {"
        + "  const sub = await new Promise(r => { const s = window.hub.client.subscribe({categories: ['orders']}, null,"
        + "    {subscribed: () => r(s)}); });"
        + "  try { await sub.ack(c); return 'acked'; } catch (e) { return e.code + ': ' + e.message; } }",
        published.get(0).cursor());
    assertThat(plain).asString().startsWith("bad_request: ").contains("not a named consumer");

    // The consumer's filters are the hub's: other ones are refused, to the subscription's error handler.
    Object conflict = page.evaluate("() => new Promise(resolve => window.hub.client.subscribe("
        + "  {categories: ['orders'], events: ['placed'], consumer: 'auto', autoAck: true}, null, {error: e => resolve(e.code)}))");
    assertThat(conflict).isEqualTo("conflict");
  }

  @Test
  void shouldGiveAMemberOfASharedConsumerTheEventsOfAMemberThatLeftThoughTheyAreOlderThanItsOwn() {
    start(c -> c);
    subscribe(new JsonObject().put("categories", List.of("orders")).put("consumer", "shared"), "subscribe:orders", null);
    // A second member in the same page, on the same connection.
    page.evaluate("() => new Promise(resolve => { window.hub.other = [];"
        + "  window.hub.otherSub = window.hub.client.subscribe({categories: ['orders'], consumer: 'shared'}, null,"
        + "    {subscribed: resolve, event: e => window.hub.other.push(e.id)}); })");
    // Keys o0..o5 hash alternately to the two members.
    List<HubEvent> published = publish(6);
    page.waitForFunction("() => window.hub.events.length + window.hub.other.length >= 6", null,
        new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
    List<String> first = ids();
    List<String> second = strings(page.evaluate("() => window.hub.other"));
    assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
    assertThat(second).isNotEmpty();

    // The second leaves without acknowledging: its events go to the first, in log order, older ones included.
    page.evaluate("() => window.hub.otherSub.close()");
    awaitEvents(6);
    List<String> all = published.stream().map(HubEvent::id).toList();
    assertThat(ids()).containsExactlyElementsOf(concat(first, second));
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(page.evaluate("() => window.hub.sub.cursor")).isEqualTo(published.get(5).cursor());
  }

  private void start(UnaryOperator<HubConfig> customize) {
    fixture = Fixture.start(dir, customize);
    page.navigate("http://127.0.0.1:" + fixture.hub.port() + "/health");
  }

  private void subscribe(JsonObject filter, String scope, String stallUrl) {
    // Plain maps and lists: what Playwright passes to the page.
    Map<String, Object> args = new HashMap<>();
    args.put("token", fixture.hub.token(scope));
    args.put("filter", filter.getMap());
    args.put("stallUrl", stallUrl);
    page.evaluate(SUBSCRIBE, args);
  }

  // The rejection of an ack, as "<class> <code>: <message>".
  private String ackError(String cursor) {
    return String.valueOf(page.evaluate("async (c) => { try { await window.hub.sub.ack(c); return 'acked'; }"
        + "  catch (e) { return e.constructor.name + ' ' + e.code + ': ' + e.message; } }", cursor));
  }

  private List<HubEvent> publish(int count) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(EventDraft.of("orders", "placed", "o" + i, new JsonObject().put("i", i)));
    }
    return TestHub.await(fixture.hub.hub().publisher().publishAll(drafts));
  }

  private void awaitEvents(int count) {
    page.waitForFunction("n => window.hub.events.length >= n", count, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
  }

  private List<String> ids() {
    return strings(page.evaluate("() => window.hub.events.map(e => e.id)"));
  }

  private List<String> cursors() {
    return strings(page.evaluate("() => window.hub.events.map(e => e.cursor)"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add(o.toString());
    }
    return out;
  }

  private static List<Map<?, ?>> maps(Object list) {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object o : (List<?>) list) {
      out.add((Map<?, ?>) o);
    }
    return out;
  }
}
