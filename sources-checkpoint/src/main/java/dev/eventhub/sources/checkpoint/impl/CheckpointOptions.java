package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The checkpoint plugin's settings, section {@code plugins.checkpoint} of {@code conf/hub.json}. An
 * absent key takes its {@code DEFAULT_*}.
 */
public final class CheckpointOptions {
  /** Largest state accepted, in bytes of its JSON text: 1 MiB. */
  public static final int DEFAULT_MAX_STATE_BYTES = 1 << 20;
  /** Most checkpoints one session holds. */
  public static final int DEFAULT_MAX_CHECKPOINTS_PER_SESSION = 1000;
  /** Largest state copied into {@code checkpoint-created} and {@code checkpoint-restored} events: 16 KiB. */
  public static final int DEFAULT_MAX_EVENT_STATE_BYTES = 16 * 1024;

  static final String PREFIX = "plugins.checkpoint.";
  private static final int MAX_STATE_BYTES_CEILING = 64 << 20;
  private static final int MAX_CHECKPOINTS_CEILING = 100_000;
  private static final int MAX_EVENT_STATE_CEILING = 256 * 1024;

  private final int maxStateBytes;
  private final int maxCheckpointsPerSession;
  private final int maxEventStateBytes;

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the setting that is not an integer in its range
   */
  public CheckpointOptions(JsonObject config) {
    Settings settings = Settings.of(config, "plugins.checkpoint");
    maxStateBytes = settings.integer("maxStateBytes", DEFAULT_MAX_STATE_BYTES, 1, MAX_STATE_BYTES_CEILING);
    maxCheckpointsPerSession = settings.integer("maxCheckpointsPerSession", DEFAULT_MAX_CHECKPOINTS_PER_SESSION, 1,
        MAX_CHECKPOINTS_CEILING);
    maxEventStateBytes = settings.integer("maxEventStateBytes", DEFAULT_MAX_EVENT_STATE_BYTES, 0,
        MAX_EVENT_STATE_CEILING);
  }

  public int maxStateBytes() {
    return maxStateBytes;
  }

  public int maxCheckpointsPerSession() {
    return maxCheckpointsPerSession;
  }

  public int maxEventStateBytes() {
    return maxEventStateBytes;
  }
}
