package dev.eventhub.api.spi;

/**
 * How {@link PluginStorage#list} pages through a collection: in key order, optionally only keys
 * with a prefix, starting after a key.
 *
 * @param prefix only keys starting with this; {@code null} or empty for all
 * @param after start after this key (exclusive) in the listing's direction; {@code null} to start at
 *     the first
 * @param limit the most documents to return, 1 to {@link #MAX_LIMIT}
 * @param descending {@code true} for reverse key order
 */
public record ListOptions(String prefix, String after, int limit, boolean descending) {
  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  /** Checks the limit. */
  public ListOptions {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** The first {@code limit} documents in key order. */
  public static ListOptions first(int limit) {
    return new ListOptions(null, null, limit, false);
  }

  /** The first {@code limit} documents whose key starts with {@code prefix}. */
  public static ListOptions prefix(String prefix, int limit) {
    return new ListOptions(prefix, null, limit, false);
  }

  /** These options, starting after {@code key}. */
  public ListOptions after(String key) {
    return new ListOptions(prefix, key, limit, descending);
  }

  /** These options, in reverse key order. */
  public ListOptions reversed() {
    return new ListOptions(prefix, after, limit, !descending);
  }
}
