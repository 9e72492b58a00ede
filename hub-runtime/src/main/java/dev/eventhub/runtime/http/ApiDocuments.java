package dev.eventhub.runtime.http;

import dev.eventhub.api.spi.HubPlugin;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's machine-readable API documents ({@code GET /api/openapi.json}, {@code GET
 * /api/asyncapi.json}): the core's part (a resource beside this class) merged with the part each plugin
 * in service contributes through {@link HubPlugin#openApi()} and {@link HubPlugin#asyncApi()}. Built per
 * request, on a worker thread (plugins' parts are read from their jars), so a plugin started or stopped
 * since shows at once.
 */
final class ApiDocuments {
  private static final Logger LOG = LoggerFactory.getLogger(ApiDocuments.class);
  // What parts add to; anything else of a part is the core's to say.
  private static final List<String> SECTIONS = List.of("paths", "channels", "operations");

  private final Vertx vertx;
  private final Supplier<PluginManager> plugins;

  ApiDocuments(Vertx vertx, Supplier<PluginManager> plugins) {
    this.vertx = vertx;
    this.plugins = plugins;
  }

  Future<JsonObject> openApi() {
    return assemble("openapi.json", HubPlugin::openApi);
  }

  Future<JsonObject> asyncApi() {
    return assemble("asyncapi.json", HubPlugin::asyncApi);
  }

  private Future<JsonObject> assemble(String core, Function<HubPlugin, JsonObject> partOf) {
    Map<String, HubPlugin> described = plugins.get().describedInService();
    return vertx.executeBlocking(() -> {
      JsonObject document = coreResource(core);
      described.forEach((name, plugin) -> {
        JsonObject part;
        try {
          part = partOf.apply(plugin);
        } catch (RuntimeException | LinkageError e) {
          LOG.warn("plugin " + name + ": its part of " + core + " is left out: " + e.getMessage());
          return;
        }
        if (part != null) {
          merge(document, part, (what, why) -> LOG.warn("plugin " + name + ": " + what + " of " + core
              + " is left out: " + why));
        }
      });
      return document;
    }, false);
  }

  /**
   * Adds {@code part}'s entries of {@link #SECTIONS} and of each {@code components} map to {@code
   * document}; an entry the document already holds stays as it is ({@code leftOut} hears of it).
   */
  static void merge(JsonObject document, JsonObject part, java.util.function.BiConsumer<String, String> leftOut) {
    for (String section : SECTIONS) {
      addAll(document, part, section, section, leftOut);
    }
    if (part.getValue("components") instanceof JsonObject components) {
      JsonObject target = child(document, "components");
      for (String kind : components.fieldNames()) {
        addAll(target, components, kind, "components." + kind, leftOut);
      }
    }
  }

  private static void addAll(JsonObject target, JsonObject part, String field, String where,
      java.util.function.BiConsumer<String, String> leftOut) {
    Object entries = part.getValue(field);
    if (entries == null) {
      return;
    }
    if (!(entries instanceof JsonObject map)) {
      leftOut.accept(where, "not a JSON object");
      return;
    }
    JsonObject into = child(target, field);
    for (String name : map.fieldNames()) {
      if (into.containsKey(name)) {
        // The same definition twice (a schema two parts both use) is one definition; another one is a conflict.
        if (!into.getValue(name).equals(map.getValue(name))) {
          leftOut.accept(where + " '" + name + "'", "another part holds it");
        }
      } else {
        into.put(name, map.getValue(name));
      }
    }
  }

  private static JsonObject child(JsonObject parent, String field) {
    if (parent.getValue(field) instanceof JsonObject existing) {
      return existing;
    }
    JsonObject created = new JsonObject();
    parent.put(field, created);
    return created;
  }

  private static JsonObject coreResource(String name) {
    try (InputStream in = ApiDocuments.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the hub's " + name + " is missing from its jar");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
