package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.PluginSummary;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The resources: {@code hub://categories} (the catalog, as {@code list_categories} answers it) and {@code
 * hub://events/{category}} (the latest events of a category the token may read), with subscriptions to
 * the latter sending throttled {@code notifications/resources/updated}.
 */
final class Resources {
  static final String CATEGORIES = "hub://categories";
  static final String EVENTS_PREFIX = "hub://events/";

  private final EventHistory history;
  private final Supplier<List<PluginSummary>> catalog;
  private final Function<HubPrincipal, JsonObject> catalogJson;
  private final Sessions sessions;
  private final McpSinkOptions options;

  Resources(EventHistory history, Supplier<List<PluginSummary>> catalog,
      Function<HubPrincipal, JsonObject> catalogJson, Sessions sessions, McpSinkOptions options) {
    this.history = history;
    this.catalog = catalog;
    this.catalogJson = catalogJson;
    this.sessions = sessions;
    this.options = options;
  }

  static String eventsUri(String category) {
    return EVENTS_PREFIX + category;
  }

  JsonObject list(HubPrincipal caller) {
    JsonArray out = new JsonArray().add(new JsonObject().put("uri", CATEGORIES).put("name", "categories")
        .put("description", "The hub's catalog: categories, event types, plugins, your scopes")
        .put("mimeType", "application/json"));
    for (PluginSummary plugin : catalog.get()) {
      for (CategoryDescriptor c : plugin.categories()) {
        if (caller.canSubscribe(c.name())) {
          out.add(new JsonObject().put("uri", eventsUri(c.name())).put("name", "events of " + c.name())
              .put("description", "The latest events of " + c.name() + ": " + c.description())
              .put("mimeType", "application/json"));
        }
      }
    }
    return new JsonObject().put("resources", out);
  }

  JsonObject templates() {
    return new JsonObject().put("resourceTemplates", new JsonArray().add(new JsonObject()
        .put("uriTemplate", EVENTS_PREFIX + "{category}").put("name", "events")
        .put("description", "The latest events of a category your token may read (subscribe to be told of new ones)")
        .put("mimeType", "application/json")));
  }

  Future<JsonObject> read(HubPrincipal caller, JsonObject params) {
    String uri = uri(params);
    if (CATEGORIES.equals(uri)) {
      return Future.succeededFuture(contents(uri, catalogJson.apply(caller)));
    }
    String category = readableCategory(caller, uri);
    int count = Math.min(20, options.maxResultEvents());
    return history.last(EventFilter.categories(category), count)
        .map(page -> contents(uri, Results.page(page, options.maxResultBytes(), true)));
  }

  JsonObject subscribe(Session session, HubPrincipal caller, JsonObject params) {
    String uri = uri(params);
    if (CATEGORIES.equals(uri)) {
      throw Rpc.invalidParams(CATEGORIES + " changes only when plugins do and is not subscribable; subscribe to "
          + EVENTS_PREFIX + "{category}");
    }
    sessions.subscribe(session, readableCategory(caller, uri));
    return new JsonObject();
  }

  JsonObject unsubscribe(Session session, JsonObject params) {
    String uri = uri(params);
    if (uri.startsWith(EVENTS_PREFIX)) {
      sessions.unsubscribe(session, uri.substring(EVENTS_PREFIX.length()));
    }
    return new JsonObject();
  }

  private static String readableCategory(HubPrincipal caller, String uri) {
    if (!uri.startsWith(EVENTS_PREFIX)) {
      throw new Rpc.Error(Rpc.RESOURCE_NOT_FOUND, "no resource '" + abbreviate(uri) + "': resources are "
          + CATEGORIES + " and " + EVENTS_PREFIX + "{category}");
    }
    String category = uri.substring(EVENTS_PREFIX.length());
    if (!EventDraft.isValidName(category)) {
      throw new Rpc.Error(Rpc.RESOURCE_NOT_FOUND, "no resource '" + abbreviate(uri) + "': the category must match "
          + "[a-z0-9-]+");
    }
    if (!caller.canSubscribe(category)) {
      throw new Rpc.Error(Rpc.FORBIDDEN, "token does not allow subscribe:" + category);
    }
    return category;
  }

  private static String uri(JsonObject params) {
    Object uri = params.getValue("uri");
    if (!(uri instanceof String s) || s.isEmpty() || s.length() > 1024) {
      throw Rpc.invalidParams("params.uri must be a resource URI");
    }
    return s;
  }

  private static JsonObject contents(String uri, JsonObject json) {
    return new JsonObject().put("contents", new JsonArray().add(new JsonObject().put("uri", uri)
        .put("mimeType", "application/json").put("text", json.encode())));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
