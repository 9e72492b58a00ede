package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Connections tab (issue 20 item 6) in Chromium: a real WebSocket client (the JDK's)
 * is listed with its subject, address, plugin and subscription; the operator closes it from the
 * console and the client gets close code 4009.
 */
class ConsoleConnectionsBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final double TIMEOUT_MS = 60_000;

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void shouldListAWebSocketConnectionAndCloseItWithTheOperatorsCode() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("This test needs Chromium at " + CHROMIUM + " ('apt-get install -y chromium'), or -Dconsole.chromium=<path>");
    }
    TestHub hub = TestHub.start(dir);
    open.add(hub);
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    CompletableFuture<String> subscribed = new CompletableFuture<>();
    WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + hub.port() + "/ws?access_token=" + hub.token("subscribe:*")),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                if (data.toString().contains("\"subscribed\"")) {
                  subscribed.complete(data.toString());
                }
                ws.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
              }

              @Override
              public void onError(WebSocket ws, Throwable error) {
                closeCode.completeExceptionally(error);
              }
            }).get(30, TimeUnit.SECONDS);
    client.sendText("{\"type\":\"subscribe\",\"id\":\"s1\",\"categories\":[\"conn-x\"],\"overflow\":\"drop-oldest\"}", true)
        .get(30, TimeUnit.SECONDS);
    subscribed.get(30, TimeUnit.SECONDS);

    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    open.add(playwright);
    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
    Page page = browser.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.onDialog(dialog -> dialog.accept());
    String admin = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* publish:* admin", 3600).put("sub", "operator"));
    page.navigate("http://127.0.0.1:" + hub.port() + "/#connections&token=" + admin);

    // Its row (subject "test"; the console's own stream, once open, is the operator's), as the admin API says.
    Locator row = page.locator("#connections-table tr[data-subject='test']");
    row.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
    String text = row.innerText();
    assertThat(text).contains("websocket").contains("conn-x").contains("drop-oldest").contains("127.0.0.1")
        .contains("0 events");

    row.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Locator.GetByRoleOptions().setName("Close")).click();
    assertThat(closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(4009);
    // The list no longer shows it (refreshed after the close).
    row.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
  }
}
