package dev.eventhub.sources.checkpoint;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.sources.checkpoint.impl.CheckpointOptions;
import dev.eventhub.sources.checkpoint.impl.CheckpointVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Checkpoints for long-running sessions (an agent's reasoning state, a batch job's progress): create,
 * list, read, restore, delete and compact them over {@code /api/checkpoint/...}; each change is an
 * event of category {@code checkpoint} keyed by the session id. See docs/sources/checkpoint.md.
 */
@AutoService(SourcePlugin.class)
public final class CheckpointPlugin implements SourcePlugin {
  /** The plugin's name, which is also its configuration section {@code plugins.checkpoint}. */
  public static final String NAME = "checkpoint";
  /** The category it publishes. */
  public static final String CATEGORY = "checkpoint";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Checkpoints of long-running sessions, with restore and compaction";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of(CATEGORY, "Checkpoints of long-running sessions; key: the session id",
        EventTypeDescriptor.of("checkpoint-created",
            "A checkpoint was stored: checkpoint_id, session_id, label, created_at, state_bytes, checkpoint_count,"
                + " state (when small enough) and state_included"),
        EventTypeDescriptor.of("checkpoint-restored",
            "A checkpoint was restored: checkpoint_id, session_id, label, restored_at, restore_count, state_bytes,"
                + " state (when small enough) and state_included"),
        EventTypeDescriptor.of("checkpoint-deleted",
            "A checkpoint was deleted: checkpoint_id, session_id, label, created_at and remaining in the session"),
        EventTypeDescriptor.of("checkpoints-compacted",
            "A session was compacted to its newest checkpoints: session_id, keep, deleted, remaining, checkpoint_id"
                + " (the oldest kept; every older one is gone) and latest_checkpoint_id")));
  }

  @Override
  public void validate(JsonObject config) {
    new CheckpointOptions(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    // Issue 24: consumes no recorded events from the event bus, so none goes there for this plugin.
    context.interest().narrow();
    return new CheckpointVerticle(context);
  }
}
