package dev.eventhub.distribution;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser: the unpacked distribution started through {@code bin/hub}, with
 * every bundled plugin, and Debian's chromium driven headless by Playwright. Screenshots go to {@code
 * target/console-screenshots}, or to the folder named by {@code -Dconsole.screenshots=...} (the
 * docs' images: {@code -Dconsole.screenshots=../docs/images}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  // A bound, not an expectation: a browser and a hub sharing a busy machine take seconds over a click.
  private static final double TIMEOUT_MS = 60_000;

  @TempDir static Path dir;
  private Path home;
  private int port;
  private HubProcess hub;
  private String token;
  private Playwright playwright;
  private Browser browser;
  private BrowserContext context;
  private Page page;
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startHubAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("The console's browser test needs Chromium at " + CHROMIUM + ". Install Debian's package with "
          + "'sudo apt-get install -y chromium' (./run-tests does it when it is missing), or point "
          + "-Dconsole.chromium=<path> at another Chromium. Playwright never downloads a browser here.");
    }
    home = HubProcess.install(dir.resolve("hub"));
    port = freePort();
    hub = startHub();
    String link = HubProcess.run(home, "token", "--console");
    assertThat(link).startsWith("http://localhost:").contains("/#token=");
    token = link.substring(link.indexOf("#token=") + "#token=".length());
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
    PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
  }

  @AfterAll
  void stopBrowserAndHub() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (hub != null) {
      hub.terminate();
      hub.close();
    }
  }

  @BeforeEach
  void openBrowserContext() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setDeviceScaleFactor(1));
    context.setDefaultTimeout(TIMEOUT_MS);
    page = context.newPage();
    pageErrors.clear();
    page.onPageError(pageErrors::add);
  }

  @AfterEach
  void closeBrowserContext() {
    context.close();
    assertThat(pageErrors).as("uncaught errors in the console's scripts").isEmpty();
  }

  @Test
  void shouldTakeTheTokenFromTheLinkAndShowPublishedEventsLive() throws Exception {
    open("");

    assertThat(page).hasURL(base() + "/");
    assertThat(page.evaluate("() => Object.values(sessionStorage).join()").toString()).isEqualTo(token);
    String key = unique("order");
    publish("orders", "order-placed", key, new JsonObject().put("total", 42.5));
    Locator row = rows(key);
    assertThat(row).hasCount(1);
    assertThat(row).containsText("order-placed");
    assertThat(row).containsText("orders");

    row.locator("summary").click();
    assertThat(row.locator("pre.json")).containsText("\"total\": 42.5");
    assertThat(row.locator("pre.json")).containsText("\"cursor\"");
  }

  @Test
  void shouldHideWhatTheFiltersExcludeAndKeepShowingWhatTheyMatch() throws Exception {
    open("");
    String alpha = unique("a");
    String beta = unique("b");
    publish("alpha", "ping", alpha, null);
    publish("beta", "pong", beta, null);
    assertThat(rows(alpha)).hasCount(1);
    assertThat(rows(beta)).hasCount(1);

    page.getByLabel("Keys").fill(beta);
    page.getByLabel("Keys").press("Enter");
    assertThat(rows(alpha)).hasCount(0);
    assertThat(rows(beta)).hasCount(1);
    publish("alpha", "ping", alpha, null);
    publish("beta", "pong", beta, null);
    assertThat(rows(beta)).hasCount(2);
    assertThat(rows(alpha)).hasCount(0);

    page.getByLabel("Keys").fill("");
    page.getByLabel("Keys").press("Enter");
    page.locator(".chip[data-category='alpha']").click();
    assertThat(rows(alpha)).hasCount(2);
    assertThat(rows(beta)).hasCount(0);
    assertThat(page.locator(".chip[data-category='alpha']")).hasAttribute("aria-pressed", "true");

    page.getByLabel("Event types").fill("pong");
    page.getByLabel("Event types").press("Enter");
    assertThat(rows(alpha)).hasCount(0);
    assertThat(page.locator(".timeline-status")).containsText("events pong");
  }

  @Test
  void shouldReplayTheLastEventsOrThoseAfterACursorAndHoldNewOnesWhilePaused() throws Exception {
    String type = unique("tick");
    for (String key : List.of("k1", "k2", "k3")) {
      publish("replays", type, key + "-" + type, null);
    }
    open("");
    page.getByLabel("Event types").fill(type);
    page.getByLabel("Event types").press("Enter");
    page.getByLabel("Number of events to replay").fill("2");
    button("Replay").click();
    Locator shown = page.locator(".event[data-event='" + type + "']");
    assertThat(shown).hasCount(2);
    assertThat(rows("k1-" + type)).hasCount(0);
    assertThat(shown.first()).hasAttribute("data-key", "k3-" + type);

    rows("k2-" + type).locator("summary").click();
    rows("k2-" + type).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replay after this event")).click();
    assertThat(page.locator(".timeline-status")).containsText("replayed after");
    assertThat(rows("k3-" + type)).hasCount(1);
    assertThat(rows("k3-" + type).locator(".tag")).hasText("replay");
    assertThat(rows("k2-" + type)).hasCount(0);
    publish("replays", type, "k4-" + type, null);
    assertThat(rows("k4-" + type)).hasCount(1);
    assertThat(shown).hasCount(2);

    button("Pause").click();
    publish("replays", type, "k5-" + type, null);
    Locator resume = page.locator("#timeline-pause");
    assertThat(resume).hasText("Resume (1 new)");
    assertThat(rows("k5-" + type)).hasCount(0);
    resume.click();
    assertThat(rows("k5-" + type)).hasCount(1);

    button("Clear").click();
    assertThat(shown).hasCount(0);
    page.getByLabel("Cursor to replay after").fill("not-a-cursor");
    button("Replay").click();
    assertThat(page.locator(".timeline-warnings")).containsText("Replay incomplete");
  }

  @Test
  void shouldResumeFromItsLastCursorWithoutAGapWhenTheHubRestarts() throws Exception {
    // Until the hub is back and the test has published, the page's WebSocket attempts are refused, so
    // that the events published meanwhile can only reach it by the replay of its resumed subscription.
    AtomicBoolean refuse = new AtomicBoolean();
    page.routeWebSocket(Pattern.compile(".*/ws\\b.*"), ws -> {
      if (refuse.get()) {
        ws.close(new WebSocketRoute.CloseOptions().setCode(1013).setReason("test: hub away"));
      } else {
        ws.connectToServer();
      }
    });
    open("");
    String before = unique("before");
    publish("restart", "tick", before, null);
    assertThat(rows(before)).hasCount(1);

    refuse.set(true);
    assertThat(hub.terminate()).isEqualTo(0);
    assertThat(connection()).not().hasAttribute("data-state", "live");
    assertThat(connection()).containsText("Reconnecting");
    hub.close();
    hub = startHub();
    hub.awaitReady();
    String during1 = unique("during");
    String during2 = unique("during");
    publish("restart", "tick", during1, null);
    publish("restart", "tick", during2, null);
    refuse.set(false);

    assertThat(connection()).hasAttribute("data-state", "live", new LocatorAssertions.HasAttributeOptions().setTimeout(TIMEOUT_MS));
    assertThat(rows(during1)).hasCount(1);
    assertThat(rows(during2)).hasCount(1);
    assertThat(rows(during1).locator(".tag")).hasText("replay");
    assertThat(rows(before)).hasCount(1);
    assertThat(page.locator(".marker")).containsText("Reconnected");
    String after = unique("after");
    publish("restart", "tick", after, null);
    assertThat(rows(after)).hasCount(1);
    assertThat(rows(after).locator(".tag")).hasCount(0);
  }

  @Test
  void shouldResumeAfterTheNewestReplayedEventWhenALastNReplayReachesPastTheHead() {
    // The test plays the hub's WebSocket side, so that what the hub does only in a race is certain: an
    // event recorded after the head that `subscribed` announced, but before the replay read the log,
    // arrives in the `last: N` replay. A reconnect must resume after it, or that event is shown twice.
    List<JsonObject> timeline = new CopyOnWriteArrayList<>();
    String head = "00000000000000a5";
    String pastHead = "00000000000000a6";
    page.routeWebSocket(Pattern.compile(".*/ws\\b.*"), ws -> ws.onMessage(frame -> {
      JsonObject request = new JsonObject(frame.text());
      if (!"subscribe".equals(request.getString("type"))) {
        return;
      }
      // The console's other views may subscribe too: the timeline's subscription is the one that asks for `last`.
      boolean timelines = request.containsKey("last") || (!timeline.isEmpty()
          && timeline.get(0).getValue("id").equals(request.getValue("id")));
      Object id = request.getValue("id");
      String subscription = "sub-" + id;
      ws.send(new JsonObject().put("type", "subscribed").put("id", id).put("subscription", subscription)
          .put("categories", request.getJsonArray("categories")).put("cursor", head).encode());
      if (timelines) {
        timeline.add(request);
      }
      if (timelines && timeline.size() == 1) {
        ws.send(fakeEvent(subscription, "00000000000000a4", "older").encode());
        ws.send(fakeEvent(subscription, pastHead, "recorded-during-the-replay").encode());
        ws.send(new JsonObject().put("type", "replay_complete").put("id", id).put("subscription", subscription)
            .put("count", 2).put("complete", true).encode());
        ws.close(new WebSocketRoute.CloseOptions().setCode(1012).setReason("test: service restart"));
      }
    }));
    open("");
    page.waitForCondition(() -> timeline.size() >= 2);
    assertThat(timeline.get(0).getInteger("last")).isEqualTo(100);
    assertThat(timeline.get(1).getString("since")).isEqualTo(pastHead);
    assertThat(rows("recorded-during-the-replay")).hasCount(1);
  }

  private static JsonObject fakeEvent(String subscription, String cursor, String key) {
    return new JsonObject().put("type", "event").put("subscription", subscription).put("replay", true)
        .put("id", "id-" + cursor).put("cursor", cursor).put("category", "restart").put("event", "tick")
        .put("key", key).put("timestamp", "2026-12-05T06:00:00.000Z").put("data", new JsonObject());
  }

  @Test
  void shouldResubmitADeadLetterFromItsButtonUntilTheOriginAcceptsIt() throws Exception {
    AtomicBoolean accept = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/warm", exchange -> {
      calls.incrementAndGet();
      exchange.sendResponseHeaders(accept.get() ? 200 : 503, -1);
      exchange.close();
    });
    endpoint.start();
    try {
      String schedule = unique("warm-cache");
      // A schedule whose HTTP call fails once is parked in the DLQ with a resubmittable origin (scheduler.retry).
      created("/api/scheduler/schedules", new JsonObject().put("name", schedule)
          .put("trigger", new JsonObject().put("type", "interval").put("every", "1d"))
          .put("action", new JsonObject().put("type", "http").put("method", "POST")
              .put("url", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/warm").put("timeout", "5s")
              .put("retry", new JsonObject().put("attempts", 1))));
      open("#dlq");
      assertThat(call("POST", "/api/scheduler/schedules/" + schedule + "/run", null).statusCode()).isEqualTo(202);

      Locator row = page.locator("tr.entry", new Page.LocatorOptions().setHasText(schedule));
      assertThat(row.locator(".state")).hasText("parked");
      assertThat(row).containsText("HTTP 503");
      Locator resubmit = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resubmit").setExact(true));

      resubmit.click();
      assertThat(page.locator(".toast-error")).containsText("failed");
      assertThat(row.locator("td.num")).hasText("2");
      assertThat(row.locator(".state")).hasText("parked");

      accept.set(true);
      resubmit.click();
      assertThat(row.locator(".state")).hasText("resolved");
      assertThat(page.locator(".toast-ok")).containsText("resubmitted");
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      endpoint.stop(0);
    }
  }

  // issue 22: the webhook subscriptions and their last delivery attempts.
  @Test
  void shouldShowAWebhookSubscriptionsLastAttemptsWithTheirStatusAndAnswer() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/in", exchange -> {
      byte[] answer = (calls.incrementAndGet() == 1 ? "busy, try later" : "{\"ok\":true}").getBytes();
      exchange.sendResponseHeaders(calls.get() == 1 ? 503 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    receiver.start();
    try {
      String id = unique("ops-hook");
      String category = unique("hooked");
      created("/api/webhook/subscriptions", new JsonObject().put("id", id)
          .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/in")
          .put("categories", new JsonArray().add(category)));
      publish(category, "order-placed", "o-1", null);

      open("#webhooks");
      Locator subscription = page.locator("li.webhook[data-subscription='" + id + "']");
      assertThat(subscription).containsText("live");
      // The first attempt failed (503), the retry was delivered: wait for both, then open the list.
      assertThat(subscription).containsText("1 delivered");
      subscription.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Attempts").setExact(true)).click();

      Locator attempts = subscription.locator("table.attempts tbody tr");
      assertThat(attempts).hasCount(2);
      assertThat(attempts.nth(0).locator(".attempt-status")).hasText("200");
      assertThat(attempts.nth(0)).containsText("{\"ok\":true}");
      assertThat(attempts.nth(1).locator(".attempt-status")).hasText("503");
      assertThat(attempts.nth(1)).containsText("busy, try later");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void shouldResolveADeadLetterWithANoteWhenItCannotBeResubmitted() throws Exception {
    JsonObject entry = created("/api/dlq/entries", new JsonObject()
        .put("origin", new JsonObject().put("plugin", "billing-app").put("target", "POST https://erp.example/invoices"))
        .put("reason", "HTTP 422 from the ERP: " + unique("invoice")).put("payload", new JsonObject().put("invoice", 1017))
        .put("attempts", 5));
    String id = entry.getString("id");
    open("#dlq");
    Locator row = page.locator("tr.entry[data-entry='" + id + "']");
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resubmit").setExact(true))).isDisabled();

    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resolve").setExact(true)).click();
    page.getByLabel("Note (optional)").fill("fixed the invoice by hand");
    page.locator("#resolve-confirm").click();

    assertThat(row.locator(".state")).hasText("resolved");
    JsonObject stored = new JsonObject(call("GET", "/api/dlq/entries/" + id, null).body());
    assertThat(stored.getString("state")).isEqualTo("resolved");
    assertThat(stored.getString("note")).isEqualTo("fixed the invoice by hand");
    row.locator("button.mono").click();
    assertThat(page.locator("tr.entry-detail pre.json")).containsText("\"invoice\": 1017");
  }

  @Test
  void shouldDrawAWorkflowJobAsABarOfItsStepsAndMoveItLive() throws Exception {
    String job = unique("ci");
    String jobs = "/api/workflow/jobs";
    created(jobs, new JsonObject().put("job_id", job).put("name", "CI feature/login@9b1e2d")
        .put("steps", new JsonArray(List.of("compile", "test", "package"))));
    call("POST", jobs + "/" + job + "/steps/compile/start", null);
    call("POST", jobs + "/" + job + "/steps/compile/complete", "{\"duration_ms\":5200}");
    open("#workflows");

    Locator card = page.locator("article.job[data-job='" + job + "']");
    assertThat(card.locator(".seg")).hasCount(3);
    assertThat(card.locator(".seg[data-step='compile']")).hasClass(Pattern.compile("step-succeeded"));
    assertThat(card.locator(".seg[data-step='test']")).hasClass(Pattern.compile("step-pending"));
    assertThat(card).containsText("1 of 3 steps finished");

    call("POST", jobs + "/" + job + "/steps/test/start", null);
    assertThat(card.locator(".seg[data-step='test']")).hasClass(Pattern.compile("step-running"));
    call("POST", jobs + "/" + job + "/steps/test/fail", "{\"error\":\"3 tests failed\"}");
    call("POST", jobs + "/" + job + "/fail", "{\"error\":\"tests failed\"}");
    assertThat(card.locator(".seg[data-step='test']")).hasClass(Pattern.compile("step-failed"));
    assertThat(card.locator(".seg[data-step='package']")).hasClass(Pattern.compile("step-skipped"));
    assertThat(card.locator(".state").first()).hasText("failed");

    card.locator(".job-name").click();
    assertThat(card.locator("tr[data-step='test']")).containsText("3 tests failed");
  }

  @Test
  void shouldListThePluginsAndTheCatalogAndSayWhenTheTokenIsNotAdmin() throws Exception {
    open("#plugins");
    assertThat(page.locator("#plugins-table tr[data-plugin='websocket'] .state")).hasText("running");
    assertThat(page.locator("#plugins-table tr[data-plugin='dlq'] .state")).hasText("running");
    assertThat(page.locator(".category-card[data-category='dlq']")).containsText("entry-added");
    assertThat(page.locator(".category-card[data-category='workflow']")).containsText("step-completed");

    // A second #token= link opened in the same tab replaces the token.
    String reader = HubProcess.run(home, "token", "--scope", "subscribe:*", "--sub", "reader");
    page.navigate(base() + "/#plugins&token=" + reader);
    assertThat(page.locator("#token-button")).hasText("reader");
    assertThat(page).hasURL(base() + "/#plugins");
    assertThat(page.locator("#view-plugins .notice")).containsText("admin scope");
    assertThat(page.locator(".category-card[data-category='dlq']")).isVisible();
    assertThat(connection()).hasAttribute("data-state", "live");
  }

  @Test
  void shouldAskForAnotherTokenWhenTheHubRefusesTheOneItHas() throws Exception {
    page.navigate(base() + "/#token=not-a-token");

    Locator dialog = page.locator("#token-dialog");
    assertThat(dialog).isVisible();
    assertThat(dialog.locator("#token-error")).containsText("refused");
    dialog.locator("#token-input").fill("still-not-a-token");
    dialog.locator("#token-submit").click();
    assertThat(dialog.locator("#token-error")).containsText("refused this token");

    dialog.locator("#token-input").fill(token);
    dialog.locator("#token-submit").click();
    assertThat(dialog).isHidden();
    assertThat(connection()).hasAttribute("data-state", "live");
    assertThat(page.locator("#token-button")).hasText("hub-cli");
  }

  @Test
  void shouldShowEveryViewWithTheDataOfABusyHub() throws Exception {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    endpoint.start();
    try {
      open("");
      // Live from now: the rows are this test's, whatever the other tests published before.
      page.getByLabel("Start from").selectOption("live");
      button("Replay").click();
      busyHub("http://127.0.0.1:" + endpoint.getAddress().getPort());

      assertThat(page.locator(".event[data-category='dlq']")).hasCount(2);
      assertThat(page.locator(".event[data-event='job-progress']").first()).isVisible();
      page.locator(".event[data-event='job-progress']").first().locator("summary").click();
      assertThat(page.locator(".event[open] pre.json")).containsText("percent_done");
      screenshot("console-timeline");

      page.navigate(base() + "/#workflows");
      assertThat(page.locator("article.job[data-job='ci-1042'] .seg")).hasCount(6);
      assertThat(page.locator("article.job[data-job='export-2291'] .state").first()).hasText("failed");
      page.locator("article.job[data-job='export-2291'] .job-name").click();
      assertThat(page.locator("article.job[data-job='export-2291'] tr[data-step='load']")).containsText("warehouse");
      screenshot("console-workflows");

      page.navigate(base() + "/#dlq");
      assertThat(page.locator("tr.entry", new Page.LocatorOptions().setHasText("crm.example"))).isVisible();
      assertThat(page.locator("tr.entry", new Page.LocatorOptions().setHasText("nightly-warm-cache"))).isVisible();
      screenshot("console-dlq");

      page.navigate(base() + "/#plugins");
      assertThat(page.locator("#plugins-table tr[data-plugin='scheduler'] .state")).hasText("running");
      screenshot("console-plugins");

      page.setViewportSize(400, 820);
      page.navigate(base() + "/#timeline");
      assertThat(page.locator(".event[data-category='dlq']")).hasCount(2);
      screenshot("console-narrow");
    } finally {
      endpoint.stop(0);
    }
  }

  // What a hub in use holds: application events, jobs in every state, schedules firing, dead letters.
  private void busyHub(String failingUrl) throws Exception {
    String jobs = "/api/workflow/jobs";
    runJob("export-2291", "Nightly data export", List.of("extract", "transform", "load", "verify"), 2,
        "connection reset by the warehouse");
    call("POST", jobs + "/export-2291/fail", "{\"error\":\"load failed\"}");
    runJob("agent-311", "Agent plan: triage issue #311",
        List.of("read-issue", "reproduce", "write-fix", "run-tests", "open-pr"), 5, null);
    call("POST", jobs + "/agent-311/complete", "{\"output\":\"PR #318 opened\"}");
    publish("orders", "order-placed", "ord-88412", new JsonObject().put("customer", "c-2207").put("total", 129.90)
        .put("currency", "EUR").put("items", 3));
    publish("payments", "payment-captured", "ord-88412", new JsonObject().put("amount", 129.90).put("method", "card"));
    runJob("ci-1042", "CI main@4f2a1c",
        List.of("checkout", "compile", "unit-tests", "integration-tests", "package", "publish"), 3, null);
    call("POST", jobs + "/ci-1042/steps/integration-tests/start", null);

    created("/api/scheduler/schedules", new JsonObject().put("name", "nightly-report")
        .put("trigger", new JsonObject().put("type", "cron").put("expression", "0 30 2 ? * MON-FRI")
            .put("timeZone", "Europe/Paris"))
        .put("action", new JsonObject().put("type", "publish").put("category", "reports").put("event", "nightly-due")
            .put("key", "sales").put("data", new JsonObject().put("report", "sales"))));
    call("POST", "/api/scheduler/schedules/nightly-report/run", null);
    created("/api/scheduler/schedules", new JsonObject().put("name", "nightly-warm-cache")
        .put("trigger", new JsonObject().put("type", "interval").put("every", "1d"))
        .put("action", new JsonObject().put("type", "http").put("method", "POST").put("url", failingUrl + "/warm")
            .put("retry", new JsonObject().put("attempts", 1))));
    call("POST", "/api/scheduler/schedules/nightly-warm-cache/run", null);
    created("/api/dlq/entries", new JsonObject()
        .put("origin", new JsonObject().put("plugin", "crm-sync").put("target", "PUT https://crm.example/api/contacts/4471"))
        .put("reason", "HTTP 500 from crm.example after 5 attempts: upstream timeout")
        .put("payload", new JsonObject().put("contact", 4471).put("email", "j.doe@example.com")).put("attempts", 5));
    publish("orders", "order-shipped", "ord-88409", new JsonObject().put("carrier", "DHL").put("parcels", 2));
  }

  private void runJob(String id, String name, List<String> steps, int done, String failure) throws Exception {
    String job = "/api/workflow/jobs/" + id;
    created("/api/workflow/jobs", new JsonObject().put("job_id", id).put("name", name).put("steps", new JsonArray(steps)));
    for (int i = 0; i < done; i++) {
      call("POST", job + "/steps/" + steps.get(i) + "/start", null);
      call("POST", job + "/steps/" + steps.get(i) + "/complete", "{\"duration_ms\":" + (1200 + 700 * i) + "}");
    }
    if (failure != null) {
      call("POST", job + "/steps/" + steps.get(done) + "/start", null);
      call("POST", job + "/steps/" + steps.get(done) + "/fail", new JsonObject().put("error", failure).encode());
    }
  }

  private void open(String hash) {
    String fragment = hash.isEmpty() ? "#token=" + token : hash + "&token=" + token;
    page.navigate(base() + "/" + fragment);
    assertThat(connection()).hasAttribute("data-state", "live");
  }

  private Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private Locator connection() {
    return page.locator("#connection");
  }

  private Locator rows(String key) {
    return page.locator(".event[data-key='" + key + "']");
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HubProcess startHub() throws Exception {
    // Loopback opened for outbound calls: the HTTP actions here call a local endpoint.
    HubProcess started = HubProcess.start(home, Map.of("HUB_HTTP_PORT", String.valueOf(port),
        "HUB_OUTBOUND_ALLOW_NETWORKS", "127.0.0.0/8"));
    started.awaitReady();
    return started;
  }

  private void publish(String category, String event, String key, JsonObject data) throws Exception {
    created("/api/events", new JsonObject().put("category", category).put("event", event).put("key", key)
        .put("data", data == null ? new JsonObject() : data));
  }

  private JsonObject created(String path, JsonObject body) throws Exception {
    HttpResponse<String> response = call("POST", path, body.encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpResponse<String> response = hub.request(method, path, token, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return response;
  }

  private void screenshot(String name) throws IOException {
    page.mouse().move(0, 0);
    Path folder = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    Files.createDirectories(folder);
    page.screenshot(new Page.ScreenshotOptions().setPath(folder.resolve(name + ".png")));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
