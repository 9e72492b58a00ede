package dev.eventhub.runtime.log;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the log stores and prunes, and the bounds that keep it from taking more than its share.
 *
 * @param dir the directory of the store's files
 * @param syncFull {@code true}: fsync on every group commit (survives power loss); {@code false}:
 *     the OS writes back (survives a kill -9 of the hub, not of the machine)
 * @param maxBatchEvents the most events one group commit takes
 * @param maxAge events older than this are pruned; {@link Duration#ZERO} keeps them forever
 * @param maxEventsPerCategory each category keeps at most this many events; 0 for no limit
 * @param pruneInterval how often retention runs
 * @param limits the bounds on queues, categories, stored bytes and pages
 */
public record LogOptions(
    Path dir,
    boolean syncFull,
    int maxBatchEvents,
    Duration maxAge,
    long maxEventsPerCategory,
    Duration pruneInterval,
    Limits limits) {
  public static final int DEFAULT_MAX_BATCH_EVENTS = 4096;

  /**
   * The log's resource bounds.
   *
   * @param maxQueuedEvents events waiting for the writer beyond which a publish is refused (503)
   * @param maxQueuedBytes payload bytes waiting for the writer beyond which a publish is refused (503)
   * @param maxCategories the most categories the log holds; a publish to a new one beyond it is refused
   * @param maxStoredBytes retention removes the oldest events while the store uses more; 0 for no limit
   * @param maxPageBytes a history or replay page stops before this many bytes of events (one event at least)
   * @param maxScanRows a history or replay page filtered by event names, keys or attributes (no index serves them)
   *     reads at most this many rows of its categories, and stops short with {@code more} and a {@code next} past them
   */
  public record Limits(long maxQueuedEvents, long maxQueuedBytes, int maxCategories, long maxStoredBytes,
      long maxPageBytes, long maxScanRows) {
    public static final long DEFAULT_MAX_SCAN_ROWS = 10_000;

    /** With the default {@code maxScanRows}. */
    public Limits(long maxQueuedEvents, long maxQueuedBytes, int maxCategories, long maxStoredBytes,
        long maxPageBytes) {
      this(maxQueuedEvents, maxQueuedBytes, maxCategories, maxStoredBytes, maxPageBytes, DEFAULT_MAX_SCAN_ROWS);
    }

    /** The built-in defaults. */
    public static Limits defaults() {
      return new Limits(100_000, 64L << 20, 10_000, 0, 4L << 20, DEFAULT_MAX_SCAN_ROWS);
    }

    public Limits withMaxQueuedEvents(long events) {
      return new Limits(events, maxQueuedBytes, maxCategories, maxStoredBytes, maxPageBytes, maxScanRows);
    }

    public Limits withMaxQueuedBytes(long bytes) {
      return new Limits(maxQueuedEvents, bytes, maxCategories, maxStoredBytes, maxPageBytes, maxScanRows);
    }

    public Limits withMaxCategories(int categories) {
      return new Limits(maxQueuedEvents, maxQueuedBytes, categories, maxStoredBytes, maxPageBytes, maxScanRows);
    }

    public Limits withMaxStoredBytes(long bytes) {
      return new Limits(maxQueuedEvents, maxQueuedBytes, maxCategories, bytes, maxPageBytes, maxScanRows);
    }

    public Limits withMaxPageBytes(long bytes) {
      return new Limits(maxQueuedEvents, maxQueuedBytes, maxCategories, maxStoredBytes, bytes, maxScanRows);
    }

    public Limits withMaxScanRows(long rows) {
      return new Limits(maxQueuedEvents, maxQueuedBytes, maxCategories, maxStoredBytes, maxPageBytes, rows);
    }
  }

  /** Options for {@code dir} with the built-in defaults. */
  public static LogOptions defaults(Path dir) {
    return new LogOptions(dir, true, DEFAULT_MAX_BATCH_EVENTS, Duration.ofDays(7), 1_000_000, Duration.ofMinutes(1),
        Limits.defaults());
  }

  /** Options from the {@code data} and {@code log} sections. */
  public static LogOptions from(HubConfig config) {
    String sync = config.string("log.sync");
    if (!"full".equals(sync) && !"normal".equals(sync)) {
      throw new ConfigException("setting 'log.sync' must be \"full\" or \"normal\", got '" + sync + "'");
    }
    Limits limits = new Limits(
        positive(config, "log.maxQueuedEvents"),
        positive(config, "log.maxQueuedBytes"),
        config.integer("log.maxCategories", 1, Integer.MAX_VALUE),
        atLeastZero(config, "log.retention.maxBytes"),
        positive(config, "log.maxPageBytes"),
        positive(config, "log.maxScanRows"));
    return new LogOptions(
        config.directory("data.dir"),
        "full".equals(sync),
        config.integer("log.maxBatchEvents", 1, 1_000_000),
        config.duration("log.retention.maxAge"),
        config.number("log.retention.maxEventsPerCategory"),
        config.duration("log.retention.pruneInterval"),
        limits);
  }

  private static long positive(HubConfig config, String name) {
    long value = config.number(name);
    if (value < 1) {
      throw new ConfigException("setting '" + name + "' must be at least 1, got " + value);
    }
    return value;
  }

  private static long atLeastZero(HubConfig config, String name) {
    long value = config.number(name);
    if (value < 0) {
      throw new ConfigException("setting '" + name + "' must be 0 (no limit) or more, got " + value);
    }
    return value;
  }

  public LogOptions withRetention(Duration maxAge, long maxEventsPerCategory, Duration pruneInterval) {
    return new LogOptions(dir, syncFull, maxBatchEvents, maxAge, maxEventsPerCategory, pruneInterval, limits);
  }

  public LogOptions withLimits(Limits limits) {
    return new LogOptions(dir, syncFull, maxBatchEvents, maxAge, maxEventsPerCategory, pruneInterval, limits);
  }
}
