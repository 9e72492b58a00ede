package dev.eventhub.runtime.log;

import dev.eventhub.runtime.config.HubConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the log stores and prunes.
 *
 * @param dir the directory of the store's files
 * @param syncFull {@code true}: fsync on every group commit (survives power loss); {@code false}:
 *     the OS writes back (survives a kill -9 of the hub, not of the machine)
 * @param maxBatchEvents the most events one group commit takes
 * @param maxAge events older than this are pruned; {@link Duration#ZERO} keeps them forever
 * @param maxEventsPerCategory each category keeps at most this many events; 0 for no limit
 * @param pruneInterval how often retention runs
 */
public record LogOptions(
    Path dir,
    boolean syncFull,
    int maxBatchEvents,
    Duration maxAge,
    long maxEventsPerCategory,
    Duration pruneInterval) {
  public static final int DEFAULT_MAX_BATCH_EVENTS = 4096;

  /** Options for {@code dir} with the built-in defaults. */
  public static LogOptions defaults(Path dir) {
    return new LogOptions(dir, true, DEFAULT_MAX_BATCH_EVENTS, Duration.ofDays(7), 1_000_000, Duration.ofMinutes(1));
  }

  /** Options from the {@code data} and {@code log} sections. */
  public static LogOptions from(HubConfig config) {
    String sync = config.string("log.sync");
    if (!"full".equals(sync) && !"normal".equals(sync)) {
      throw new dev.eventhub.runtime.config.ConfigException(
          "setting 'log.sync' must be \"full\" or \"normal\", got '" + sync + "'");
    }
    return new LogOptions(
        config.directory("data.dir"),
        "full".equals(sync),
        config.integer("log.maxBatchEvents", 1, 1_000_000),
        config.duration("log.retention.maxAge"),
        config.number("log.retention.maxEventsPerCategory"),
        config.duration("log.retention.pruneInterval"));
  }

  public LogOptions withRetention(Duration maxAge, long maxEventsPerCategory, Duration pruneInterval) {
    return new LogOptions(dir, syncFull, maxBatchEvents, maxAge, maxEventsPerCategory, pruneInterval);
  }
}
