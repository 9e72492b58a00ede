package dev.eventhub.runtime.plugin;

import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.PluginKind;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the hub knows of one plugin, or of a plugin location that failed to load (then {@code kind}
 * is null and {@code name} is the jar's file name). {@code errors} counts exceptions its handlers
 * threw that nothing caught.
 */
public record PluginInfo(
    String name,
    String version,
    PluginKind kind,
    String location,
    PluginState state,
    String error,
    List<CategoryDescriptor> categories,
    long errors) {

  /** The entry of {@code GET /api/plugins}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("version", version)
        .put("kind", kind == null ? null : kind.wireName())
        .put("location", location)
        .put("state", state.wireName())
        .put("error", error)
        .put("errors", errors);
  }
}
