package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party plugin jar dropped into the unpacked distribution, its events received over
 * WebSocket, and {@code bin/hub tail} showing a live event: what a plugin author and a newcomer do.
 */
class PluginsAndClientsIT {
  @TempDir Path dir;

  @Test
  void shouldHotLoadReplaceAndRemoveAPluginWhileAWebSocketClientIsSubscribedAndTailShowsEvents() throws Exception {
    Path home = HubProcess.install(dir.resolve("hub"));
    Path watched = Files.createDirectories(dir.resolve("watched"));
    Path conf = home.resolve("conf/hub.json");
    Files.writeString(conf, Files.readString(conf).replaceFirst("\"plugins\": \\{",
        "\"plugins\": {\n    \"file-watcher\": {\"dir\": \"" + watched.toString().replace("\\", "\\\\")
            + "\", \"interval\": 100},"));

    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_LOADER_WATCH_INTERVAL", "200ms"))) {
      int port = hub.awaitReady();
      String token = HubProcess.run(home, "token", "--scope", "subscribe:* publish:* admin");

      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + token)
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new Collector(frames))
          .get(30, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"subscribe\",\"id\":\"s1\",\"categories\":[\"files\"]}", true);
      assertThat(next(frames, "\"subscribed\"")).contains("\"id\":\"s1\"");

      // Added under the running hub: its first scan reports the file that is already there.
      Files.writeString(watched.resolve("hello.txt"), "hi");
      drop(Path.of(System.getProperty("example.jar")), home.resolve("plugins/file-watcher.jar"));
      String event = next(frames, "\"file-created\"");
      assertThat(event).contains("\"key\":\"hello.txt\"").contains("\"category\":\"files\"");

      // Replaced: stopped and started again; the subscriber stays connected and sees the new instance's events.
      drop(Path.of(System.getProperty("example.jar")), home.resolve("plugins/file-watcher.jar"));
      String reloaded = hub.awaitLine("plugin file-watcher 0.1.0-SNAPSHOT unloaded", 1);
      assertThat(reloaded).isNotNull();
      Files.writeString(watched.resolve("second.txt"), "2");
      assertThat(next(frames, "\"file-created\"")).contains("\"key\":\"second.txt\"");

      // Removed: gone from the hub; the connection lives on.
      Files.delete(home.resolve("plugins/file-watcher.jar"));
      // The hub logs the unload once the plugin is off its list.
      hub.awaitLine("plugin file-watcher 0.1.0-SNAPSHOT unloaded", 2);
      assertThat(hub.request("GET", "/api/plugins", token, null).body()).doesNotContain("file-watcher");
      ws.sendText("{\"type\":\"ping\",\"id\":\"p1\"}", true);
      assertThat(next(frames, "\"pong\"")).contains("\"id\":\"p1\"");
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

      Process tail = new ProcessBuilder(home.resolve("bin/hub").toString(), "tail", "demo",
          "--url", "http://127.0.0.1:" + port).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8));
        assertThat(readUntil(out, "-- subscribed")).contains("[\"demo\"]");
        var published = hub.request("POST", "/api/events", token,
            "{\"category\":\"demo\",\"event\":\"hello\",\"key\":\"k1\",\"data\":{\"n\":1}}");
        assertThat(published.statusCode()).isEqualTo(201);
        assertThat(readUntil(out, "demo/hello")).contains("key=k1").contains("{\"n\":1}");
      } finally {
        tail.toHandle().destroy();
        tail.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(hub.terminate()).isEqualTo(0);
    }
  }

  private static void drop(Path jar, Path target) throws Exception {
    Path tmp = target.resolveSibling(".file-watcher.tmp");
    Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String next(BlockingQueue<String> frames, String containing) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame != null && frame.contains(containing)) {
        return frame;
      }
    }
    throw new AssertionError("no frame containing " + containing + " within 30s");
  }

  // Blocking reads are bounded by the process: tail ends when the hub closes the connection.
  private static String readUntil(BufferedReader out, String containing) throws Exception {
    var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          if (l.contains(containing)) {
            return l;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    }).get(30, TimeUnit.SECONDS);
    assertThat(line).as("tail printed a line containing " + containing).isNotNull();
    return line;
  }

  private static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<String> frames;
    private final StringBuilder partial = new StringBuilder();

    Collector(BlockingQueue<String> frames) {
      this.frames = frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
