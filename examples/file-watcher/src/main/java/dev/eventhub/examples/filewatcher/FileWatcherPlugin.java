package dev.eventhub.examples.filewatcher;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.ClusterPlacement;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An example source plugin: watches a folder and publishes {@code files} events when a file is
 * created, changed or deleted, including changes made while the hub was down. Copy it to start a
 * plugin of your own: see docs/writing-a-plugin.md.
 *
 * <p>Settings ({@code plugins.file-watcher} in conf/hub.json): {@code dir} (required), {@code
 * interval} (milliseconds between scans, default 1000), {@code suffix} (only file names ending with
 * it, default all). Hidden files (names starting with a dot) are ignored.
 *
 * <p>In a cluster the watcher runs on the leader only ({@link ClusterPlacement#ONE_NODE}, the default
 * of every source, spelled out here): its snapshot lives in plugin storage, which every node shares,
 * so one watcher per cluster publishes each change once. The folder should then be one every node
 * sees (a shared mount); if each node has its own, the watcher reports the difference between the
 * old leader's folder and the new one's when leadership moves.
 */
@AutoService(SourcePlugin.class)
public final class FileWatcherPlugin implements SourcePlugin {
  static final String CATEGORY = "files";

  @Override
  public String name() {
    return "file-watcher";
  }

  @Override
  public String description() {
    return "Publishes an event for each file created, changed or deleted in a folder";
  }

  @Override
  public ClusterPlacement placement() {
    // One watcher per cluster: its snapshot is shared through storage, and two would publish each change twice.
    return ClusterPlacement.ONE_NODE;
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of(CATEGORY, "Files in the watched folder; key = file name",
        EventTypeDescriptor.of("file-created", "A file appeared; data: path, size, modified"),
        EventTypeDescriptor.of("file-modified", "A file's size or modification time changed; data: path, size, modified"),
        EventTypeDescriptor.of("file-deleted", "A file disappeared; data: path")));
  }

  @Override
  public void validate(JsonObject config) {
    Object dir = config.getValue("dir");
    if (!(dir instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("plugins.file-watcher.dir must name the folder to watch");
    }
    Object interval = config.getValue("interval", 1000);
    if (!(interval instanceof Number n) || n.longValue() < 10) {
      throw new IllegalArgumentException("plugins.file-watcher.interval must be a number of milliseconds >= 10");
    }
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new FileWatcherVerticle(context);
  }
}
