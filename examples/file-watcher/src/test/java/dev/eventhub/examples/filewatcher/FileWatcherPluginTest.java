package dev.eventhub.examples.filewatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin in a real hub, in-process: the way docs/writing-a-plugin.md tests a plugin. */
class FileWatcherPluginTest {
  @TempDir Path dir;
  @TempDir Path watched;

  @Test
  void shouldPublishCreatedModifiedAndDeletedFiles() throws Exception {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.file-watcher.dir", watched.toString())
        .with("plugins.file-watcher.interval", 20))) {
      List<HubEvent> seen = new CopyOnWriteArrayList<>();
      // One promise per event type, completed when the first of that type arrives: waits on the event itself.
      Map<String, Promise<Void>> arrived = new ConcurrentHashMap<>();
      MessageConsumer<HubEvent> consumer = hub.vertx().eventBus().consumer("hub.events.files", m -> {
        seen.add(m.body());
        arrived.computeIfAbsent(m.body().event(), t -> Promise.promise()).tryComplete();
      });
      TestHub.await(consumer.completion());

      Path file = watched.resolve("report.txt");
      // Written aside and moved in: a scan never sees a half-written file (that would be a change of its own).
      writeAtomically(file, "one");
      TestHub.await(arrived.computeIfAbsent("file-created", t -> Promise.promise()).future());
      writeAtomically(file, "one two three");
      TestHub.await(arrived.computeIfAbsent("file-modified", t -> Promise.promise()).future());
      Files.delete(file);
      TestHub.await(arrived.computeIfAbsent("file-deleted", t -> Promise.promise()).future());

      assertThat(seen).extracting(HubEvent::event).containsExactly("file-created", "file-modified", "file-deleted");
      assertThat(seen.get(1).data().getLong("size")).isEqualTo(13);
      assertThat(seen).allMatch(e -> "report.txt".equals(e.key()));
    }
  }

  @Test
  void shouldPublishWhatChangedWhileTheHubWasDown() throws Exception {
    Files.writeString(watched.resolve("a.txt"), "a");
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.file-watcher.dir", watched.toString()))) {
      assertThat(hub.get("/api/files/snapshot", hub.token("subscribe:files")).bodyAsJsonObject().fieldNames())
          .containsExactly("a.txt");
    }
    Files.delete(watched.resolve("a.txt"));
    Files.writeString(watched.resolve("b.txt"), "b");
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.file-watcher.dir", watched.toString()))) {
      var events = hub.get("/api/events?categories=files", hub.adminToken()).bodyAsJsonObject().getJsonArray("events");
      assertThat(events.stream().map(e -> ((io.vertx.core.json.JsonObject) e).getString("event") + ":"
          + ((io.vertx.core.json.JsonObject) e).getString("key")))
          .containsExactly("file-created:a.txt", "file-created:b.txt", "file-deleted:a.txt");
    }
  }

  @Test
  void shouldFailToStartWithoutAFolderAndSaySo() {
    try (TestHub hub = TestHub.start(dir)) {
      var plugin = hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins").getJsonObject(0);
      assertThat(plugin.getString("state")).isEqualTo("failed");
      assertThat(plugin.getString("error")).contains("plugins.file-watcher.dir");
    }
  }

  private static void writeAtomically(Path file, String text) throws java.io.IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
