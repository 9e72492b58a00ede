package dev.eventhub.examples.filewatcher;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Scans the folder on a timer, off the event loop, and publishes the differences. */
final class FileWatcherVerticle extends VerticleBase {
  private static final String STATE = "state";
  private static final String SNAPSHOT = "snapshot";

  private final PluginContext context;
  private Path dir;
  private String suffix;
  private JsonObject snapshot = new JsonObject();
  private boolean scanning;

  FileWatcherVerticle(PluginContext context) {
    this.context = context;
  }

  @Override
  public Future<?> start() {
    JsonObject config = context.config();
    dir = Path.of(config.getString("dir"));
    suffix = config.getString("suffix", "");
    long interval = config.getLong("interval", 1000L);

    Router router = Router.router(vertx);
    router.get("/api/files/snapshot").handler(ctx ->
        ctx.response().putHeader("Content-Type", "application/json").end(snapshot.encode()));
    context.mount("/api/files", RouteAccess.CATEGORY_SCOPES, router);

    // Where we left off: changes made while the hub was down are published at the first scan.
    return context.storage().get(STATE, SNAPSHOT)
        .onSuccess(doc -> snapshot = doc == null ? new JsonObject() : doc.value())
        .compose(doc -> scan())
        .onSuccess(v -> vertx.setPeriodic(interval, id -> scan()));
  }

  private Future<Void> scan() {
    if (scanning) {
      return Future.succeededFuture();
    }
    scanning = true;
    return vertx.executeBlocking(this::list, false)
        .compose(current -> {
          List<EventDraft> changes = diff(snapshot, current);
          snapshot = current;
          // Publish first, then remember: after a crash in between, the change is published again
          // rather than lost.
          return changes.isEmpty() ? Future.succeededFuture()
              : context.publisher().publishAll(changes)
                  .compose(recorded -> context.storage().put(STATE, SNAPSHOT, current)).mapEmpty();
        })
        .eventually(() -> {
          scanning = false;
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  // Blocking file I/O: runs on a worker thread.
  private JsonObject list() throws IOException {
    JsonObject files = new JsonObject();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        // Hidden files are the temporary files of editors and atomic writers: not events of their own.
        if (name.endsWith(suffix) && !name.startsWith(".")) {
          files.put(name, new JsonObject().put("size", Files.size(file))
              .put("modified", Files.getLastModifiedTime(file).toMillis()));
        }
      }
    } catch (IOException e) {
      // A file vanished between listing and reading its size: the next scan sees the folder as it is.
      return snapshot;
    }
    return files;
  }

  private List<EventDraft> diff(JsonObject before, JsonObject now) {
    List<EventDraft> changes = new ArrayList<>();
    for (String name : now.fieldNames()) {
      JsonObject info = now.getJsonObject(name);
      JsonObject old = before.getJsonObject(name);
      if (old == null) {
        changes.add(event("file-created", name, info));
      } else if (!old.equals(info)) {
        changes.add(event("file-modified", name, info));
      }
    }
    for (String name : before.fieldNames()) {
      if (!now.containsKey(name)) {
        changes.add(EventDraft.of(FileWatcherPlugin.CATEGORY, "file-deleted", name,
            new JsonObject().put("path", dir.resolve(name).toString())));
      }
    }
    return changes;
  }

  private EventDraft event(String type, String name, JsonObject info) {
    return EventDraft.of(FileWatcherPlugin.CATEGORY, type, name,
        info.copy().put("path", dir.resolve(name).toString()));
  }
}
