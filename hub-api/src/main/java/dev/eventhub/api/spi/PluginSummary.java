package dev.eventhub.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A plugin in service, as {@link PluginContext#catalog()} describes it: what a sink that explains
 * the hub to its clients (the MCP sink's {@code list_categories}) shows.
 *
 * @param name the plugin's name
 * @param version the plugin's version
 * @param kind source or sink
 * @param categories the categories it publishes, with their event types
 */
public record PluginSummary(String name, String version, PluginKind kind, List<CategoryDescriptor> categories) {
  /** Copies the list. */
  public PluginSummary {
    Objects.requireNonNull(name, "name");
    categories = List.copyOf(categories);
  }
}
