package dev.eventhub.runtime.plugin;

import java.util.Locale;

/** A plugin's state as {@code /api/plugins} reports it. */
public enum PluginState {
  STARTING,
  RUNNING,
  FAILED,
  STOPPED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
