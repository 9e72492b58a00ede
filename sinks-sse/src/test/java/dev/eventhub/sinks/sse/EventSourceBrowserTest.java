package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.eventhub.runtime.testing.ChildHub;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser's own {@code EventSource} (Debian's chromium driven by Playwright, which never downloads
 * one) across a restart of the hub, a child process on a fixed port: the browser reconnects by
 * itself with {@code Last-Event-ID} and gets every event once, none lost, none twice.
 */
class EventSourceBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  // A bound, not an expectation: a browser and two hubs sharing a busy machine take seconds.
  private static final double TIMEOUT_MS = 60_000;

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* publish:*", 3600));
  private int port;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void shouldResumeFromLastEventIdAcrossAHubRestartWithNothingLostOrRepeated() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("This test needs Chromium at " + CHROMIUM + " ('apt-get install -y chromium'), or -Dconsole.chromium=<path>");
    }
    port = freePort();
    ChildHub hub = startHub();
    List<String> published = new ArrayList<>();
    published.add(publish("first"));
    published.add(publish("second"));

    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    open.add(playwright);
    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
    Page page = browser.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    // While the hub is down, the browser's reconnects are failed as network errors (it retries);
    // the ones that get through are counted. (Chromium adds Last-Event-ID below what Playwright sees.)
    AtomicBoolean hubDown = new AtomicBoolean();
    List<String> lastEventIds = new CopyOnWriteArrayList<>();
    page.route("**/sse?**", route -> {
      if (hubDown.get()) {
        route.abort();
      } else {
        lastEventIds.add(route.request().url());
        route.resume();
      }
    });
    page.navigate("http://127.0.0.1:" + port + "/health");
    page.evaluate("token => {"
        + "  window.seen = []; window.errors = [];"
        + "  const source = new EventSource('/sse?categories=browser&last=10&access_token=' + encodeURIComponent(token));"
        + "  source.onmessage = m => window.seen.push({id: m.lastEventId, event: JSON.parse(m.data)});"
        + "  source.addEventListener('error', m => { if (m.data) window.errors.push(JSON.parse(m.data).code); });"
        + "}", token);
    awaitSeen(page, 2);
    published.add(publish("live"));
    awaitSeen(page, 3);

    hubDown.set(true);
    hub.kill();
    hub = startHub();
    hubDown.set(false);
    published.add(publish("after-restart-1"));
    published.add(publish("after-restart-2"));
    awaitSeen(page, 5);
    published.add(publish("marker"));
    awaitSeen(page, 6);

    List<String> seenCursors = new ArrayList<>();
    for (Object o : (List<?>) page.evaluate("window.seen.map(s => s.id + ' ' + s.event.cursor)")) {
      String[] ids = o.toString().split(" ");
      assertThat(ids[0]).as("id: is the event's cursor").isEqualTo(ids[1]);
      seenCursors.add(ids[1]);
    }
    // The URL says last=10: a reconnect without Last-Event-ID would replay the first three again.
    assertThat(seenCursors).containsExactlyElementsOf(published);
    assertThat(lastEventIds).as("the browser reconnected by itself, through the route").hasSizeGreaterThan(1);
  }

  private void awaitSeen(Page page, int count) {
    page.waitForFunction("n => window.seen.length >= n", count, new Page.WaitForFunctionOptions().setTimeout(TIMEOUT_MS));
  }

  private ChildHub startHub() throws Exception {
    ChildHub hub = ChildHub.start(dir, Map.of("HUB_HTTP_PORT", Integer.toString(port)));
    open.add(hub);
    hub.awaitReady();
    return hub;
  }

  /** Publishes one event over HTTP and returns its cursor. */
  private String publish(String key) throws IOException, InterruptedException {
    String body = new JsonObject().put("category", "browser").put("event", "ping").put("key", key)
        .put("data", new JsonObject()).encode();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("cursor");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
