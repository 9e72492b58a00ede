package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.GrantedHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginSummary;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/** The hub's own tools but {@code wait_for_events} ({@link Waits}): the catalog, history, one event, publishing. */
final class HubTools {
  private final EventHistory history;
  private final EventPublisher publisher;
  private final Supplier<List<PluginSummary>> catalog;
  private final McpSinkOptions options;

  HubTools(EventHistory history, EventPublisher publisher, Supplier<List<PluginSummary>> catalog,
      McpSinkOptions options) {
    this.history = history;
    this.publisher = publisher;
    this.catalog = catalog;
    this.options = options;
  }

  List<Tool> tools() {
    return List.of(listCategories(), queryEvents(), getEvent(), publishEvent());
  }

  private Tool listCategories() {
    JsonObject category = Schemas.object(new JsonObject()
        .put("name", Schemas.string("the category"))
        .put("description", Schemas.string("what it holds"))
        .put("plugin", Schemas.string("the plugin that publishes it"))
        .put("events", Schemas.array(Schemas.object(new JsonObject().put("name", Schemas.string("the type"))
            .put("description", Schemas.string("when it is published and what its data holds"))), "its event types"))
        .put("canSubscribe", Schemas.bool("whether your token may read it"))
        .put("canPublish", Schemas.bool("whether your token may publish to it")),
        "name", "description", "plugin", "events", "canSubscribe", "canPublish");
    JsonObject output = Schemas.object(new JsonObject()
        .put("categories", Schemas.array(category, "the declared categories your token may read or publish to"))
        .put("plugins", Schemas.array(Schemas.object(new JsonObject().put("name", Schemas.string("its name"))
            .put("version", Schemas.string("its version")).put("kind", Schemas.string("source or sink"))),
            "the plugins in service"))
        .put("scopes", Schemas.strings("your token's subscribe: and publish: scopes")),
        "categories", "plugins", "scopes");
    return new BuiltIn("list_categories",
        "The hub's catalog: the categories plugins declare (with their event types and what each means) that your "
            + "token may read or publish to, the plugins in service, and your token's scopes. Events may also be in "
            + "categories that HTTP clients publish to without a declaration: query them by name.",
        Schemas.object(new JsonObject()), output, true, (call, args) -> Future.succeededFuture(catalog(call.principal())),
        HubTools::renderCatalog);
  }

  /** The catalog as {@code caller} may see it: what {@code list_categories} and {@code hub://categories} answer. */
  JsonObject catalog(HubPrincipal caller) {
    JsonArray categories = new JsonArray();
    JsonArray plugins = new JsonArray();
    for (PluginSummary plugin : catalog.get()) {
      plugins.add(new JsonObject().put("name", plugin.name()).put("version", plugin.version())
          .put("kind", plugin.kind() == null ? "unknown" : plugin.kind().wireName()));
      for (CategoryDescriptor c : plugin.categories()) {
        boolean read = caller.canReadSomeOf(c.name());
        boolean write = caller.canPublish(c.name());
        if (!read && !write) {
          continue;
        }
        JsonArray events = new JsonArray();
        for (EventTypeDescriptor e : c.events()) {
          events.add(new JsonObject().put("name", e.name()).put("description", e.description()));
        }
        categories.add(new JsonObject().put("name", c.name()).put("description", c.description())
            .put("plugin", plugin.name()).put("events", events).put("canSubscribe", read).put("canPublish", write));
      }
    }
    JsonArray scopes = new JsonArray();
    caller.scopes().stream().filter(s -> s.startsWith("subscribe:") || s.startsWith("publish:")).sorted()
        .forEach(scopes::add);
    return new JsonObject().put("categories", categories).put("plugins", plugins).put("scopes", scopes);
  }

  private static String renderCatalog(JsonObject result) {
    StringBuilder out = new StringBuilder("Your scopes: ").append(result.getJsonArray("scopes").encode()).append('\n');
    JsonArray categories = result.getJsonArray("categories");
    out.append(categories.size()).append(" declared categories you may use:\n");
    for (int i = 0; i < categories.size(); i++) {
      JsonObject c = categories.getJsonObject(i);
      out.append("- ").append(c.getString("name")).append(" (plugin ").append(c.getString("plugin")).append(", ")
          .append(c.getBoolean("canSubscribe") ? "read" : "").append(c.getBoolean("canSubscribe")
              && c.getBoolean("canPublish") ? "+" : "").append(c.getBoolean("canPublish") ? "publish" : "")
          .append("): ").append(c.getString("description")).append('\n');
      JsonArray events = c.getJsonArray("events");
      for (int j = 0; j < events.size(); j++) {
        out.append("    ").append(events.getJsonObject(j).getString("name")).append(": ")
            .append(events.getJsonObject(j).getString("description")).append('\n');
      }
    }
    out.append("Plugins:");
    result.getJsonArray("plugins").forEach(p -> out.append(' ').append(((JsonObject) p).getString("name")));
    return out.toString();
  }

  private Tool queryEvents() {
    int max = options.maxResultEvents();
    JsonObject input = Schemas.object(Schemas.filterProperties()
        .put("since", Schemas.string("a cursor: only events recorded after it (from the oldest retained when absent)"))
        .put("last", Schemas.integer(1, max, "instead of 'since': the latest N matching events"))
        .put("limit", Schemas.integer(1, max, "the most events to return (default 20)")), "categories");
    return new BuiltIn("query_events",
        "Reads the hub's event history, oldest first: events of the given categories (names or globs), optionally "
            + "only some event types and keys, after a cursor ('since') or the latest N ('last'). Paged: pass "
            + "'next' as 'since' while 'more' is true. Needs subscribe scopes for the categories.",
        input, Schemas.page(false), true, this::query, Results::renderPage);
  }

  private Future<JsonObject> query(Tool.Call call, JsonObject args) {
    EventFilter filter = Args.filter(args, call.principal());
    String since = Args.string(args, "since", false, 256);
    Integer last = Args.integer(args, "last", null, 1, options.maxResultEvents());
    int limit = Args.integer(args, "limit", Math.min(20, options.maxResultEvents()), 1, options.maxResultEvents());
    if (last != null && since != null) {
      throw HubException.badRequest("arguments 'since' and 'last' exclude each other");
    }
    EventHistory history = GrantedHistory.of(this.history, call.principal());
    if (last != null) {
      return history.last(filter, last).map(page -> Results.page(page, options.maxResultBytes(), true));
    }
    return history.read(new EventQuery(filter, since, limit)).map(page -> Results.page(page, options.maxResultBytes(),
        false));
  }

  private Tool getEvent() {
    JsonObject input = Schemas.object(new JsonObject()
        .put("category", Schemas.string("the event's category"))
        .put("id", Schemas.string("the event's id (unique within its category)")), "category", "id");
    JsonObject output = Schemas.object(new JsonObject().put("event", Schemas.event()), "event");
    return new BuiltIn("get_event",
        "Reads one event by its category and id. Needs a subscribe scope for the category.",
        input, output, true, this::get, result -> Results.renderEvent(result.getJsonObject("event")));
  }

  private Future<JsonObject> get(Tool.Call call, JsonObject args) {
    String category = Args.string(args, "category", true, EventDraft.MAX_NAME_LENGTH);
    String id = Args.string(args, "id", true, EventDraft.MAX_ID_LENGTH);
    if (!EventDraft.isValidName(category)) {
      throw HubException.badRequest("argument 'category' must match [a-z0-9-]+, got '" + category + "'");
    }
    if (!call.principal().canReadSomeOf(category)) {
      throw HubException.forbidden("token does not allow subscribe:" + category);
    }
    // An event of a key the token may not read is not found, as if it had never been recorded.
    return GrantedHistory.of(history, call.principal()).find(category, id).map(event -> {
      if (event == null) {
        throw HubException.notFound("no event of id '" + id + "' in category '" + category
            + "' (never recorded, or removed by retention)");
      }
      return new JsonObject().put("event", event.toJson());
    });
  }

  private Tool publishEvent() {
    JsonObject input = Schemas.object(new JsonObject()
        .put("category", Schemas.string("the category, [a-z0-9-]+"))
        .put("event", Schemas.string("the event type, kebab-case [a-z0-9-]+"))
        .put("key", Schemas.string("the routing key (a job id, an order id...); optional"))
        .put("data", Schemas.anyObject("the payload (a JSON object); optional"))
        .put("attributes", Schemas.anyObject("string values by name to filter on besides the key (at most 16, "
            + "names [a-z0-9_.-], values up to 256 characters), e.g. {\"agent_id\": \"a-7\"}; optional"))
        .put("id", Schemas.string("your id for the event: publishing the same id again in the category records "
            + "nothing new and answers the first record (use it when you retry)")), "category", "event");
    JsonObject output = Schemas.object(new JsonObject()
        .put("id", Schemas.string("the event's id"))
        .put("cursor", Schemas.string("its position in the log"))
        .put("category", Schemas.string("its category"))
        .put("event", Schemas.string("its type"))
        .put("key", Schemas.nullableString("its key"))
        .put("timestamp", Schemas.string("when it was recorded")), "id", "cursor", "category", "event", "timestamp");
    return new BuiltIn("publish_event",
        "Records an event in the hub's durable log and delivers it to subscribers. Needs a publish scope for the "
            + "category. Give an 'id' to make retries safe.",
        input, output, false, this::publish,
        r -> "Recorded " + r.getString("category") + "/" + r.getString("event") + " id=" + r.getString("id")
            + " cursor=" + r.getString("cursor"));
  }

  private Future<JsonObject> publish(Tool.Call call, JsonObject args) {
    EventDraft draft = new EventDraft(Args.string(args, "id", false, EventDraft.MAX_ID_LENGTH),
        Args.string(args, "category", true, EventDraft.MAX_NAME_LENGTH),
        Args.string(args, "event", true, EventDraft.MAX_NAME_LENGTH),
        Args.string(args, "key", false, EventDraft.MAX_KEY_LENGTH), Args.object(args, "data"),
        EventDraft.attributesFromJson(args.getValue("attributes")));
    // The checks of every publishing path (values, then the caller's grant, per key): EventPublisher.publishAs.
    return publisher.publishAs(call.principal(), List.of(draft)).map(events -> recorded(events.get(0)));
  }

  private static JsonObject recorded(HubEvent e) {
    return new JsonObject().put("id", e.id()).put("cursor", e.cursor()).put("category", e.category())
        .put("event", e.event()).put("key", e.key()).put("timestamp", e.timestampText());
  }

  /** A tool of the hub's own. */
  record BuiltIn(String name, String description, JsonObject inputSchema, JsonObject outputSchema, boolean readOnly,
      Body body, java.util.function.Function<JsonObject, String> renderer) implements Tool {
    @FunctionalInterface
    interface Body {
      Future<JsonObject> call(Tool.Call call, JsonObject args);
    }

    @Override
    public Future<JsonObject> call(Tool.Call call, JsonObject arguments) {
      return body.call(call, arguments);
    }

    @Override
    public String render(JsonObject result) {
      return renderer.apply(result);
    }
  }
}
