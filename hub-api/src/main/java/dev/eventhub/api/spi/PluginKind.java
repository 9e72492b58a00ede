package dev.eventhub.api.spi;

/** Whether a plugin produces events or consumes them; {@code /api/plugins} shows it as {@link #wireName()}. */
public enum PluginKind {
  /** Produces events: a {@link SourcePlugin}. */
  SOURCE,
  /** Delivers events somewhere: a {@link SinkPlugin}. */
  SINK;

  /** {@code source} or {@code sink}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
