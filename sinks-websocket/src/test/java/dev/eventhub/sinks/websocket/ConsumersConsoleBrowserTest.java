package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the console's Consumers view in a real browser (Debian's chromium driven by Playwright, which never
 * downloads one): it lists a named consumer with its members and lag, and deletes it.
 */
class ConsumersConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
  private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final double TIMEOUT_MS = 60_000;

  @TempDir Path dir;
  Fixture fixture;
  Playwright playwright;

  @AfterEach
  void stop() {
    if (playwright != null) {
      playwright.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldListANamedConsumerWithItsMembersAndLagAndDeleteIt() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("This test needs Chromium at " + CHROMIUM + " ('apt-get install -y chromium'), or -Dconsole.chromium=<path>");
    }
    fixture = Fixture.start(dir);
    try (WsClient ws = fixture.connect()) {
      ws.subscribe(new JsonObject().put("consumer", "dashboard").put("categories", new JsonArray().add("orders")));
      fixture.publish("orders", "created", 3);
      ws.events(3);

      playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
      Page page = browser.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      List<String> errors = new CopyOnWriteArrayList<>();
      page.onPageError(errors::add);
      page.onDialog(dialog -> dialog.accept());
      page.navigate("http://127.0.0.1:" + fixture.hub.port() + "/#consumers&token=" + fixture.hub.adminToken());

      Locator row = page.locator("#consumers-table tr[data-consumer='dashboard']");
      row.waitFor();
      assertThat(row.getAttribute("data-subject")).isEqualTo("test");
      assertThat(row.locator("td.members").textContent()).isEqualTo("1");
      // Three delivered, none acknowledged: three behind.
      assertThat(row.locator("td.lag").textContent()).startsWith("3 events");

      row.locator("button", new Locator.LocatorOptions().setHasText("Delete")).click();
      page.locator("#consumers-empty").waitFor();
      assertThat(ws.next("error").getString("code")).isEqualTo("not_found");
      assertThat(errors).as("uncaught errors in the console's scripts").isEmpty();
    }
  }
}
