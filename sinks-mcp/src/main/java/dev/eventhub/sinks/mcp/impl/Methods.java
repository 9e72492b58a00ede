package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.kit.async.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The MCP methods a session answers once it is initialized. */
final class Methods {
  /** The revision this server implements; the others are answered in kind (docs/mcp.md). */
  static final String LATEST = "2025-11-25";
  static final List<String> SUPPORTED = List.of(LATEST, "2025-06-18", "2025-03-26");

  private final Tools tools;
  private final Resources resources;
  private final Prompts prompts;
  private final String version;

  Methods(Tools tools, Resources resources, Prompts prompts, String version) {
    this.tools = tools;
    this.resources = resources;
    this.prompts = prompts;
    this.version = version;
  }

  /** The revision to speak: the client's when we support it, else ours (the client then decides). */
  static String negotiate(JsonObject params) {
    Object asked = params.getValue("protocolVersion");
    return asked instanceof String s && SUPPORTED.contains(s) ? s : LATEST;
  }

  JsonObject initializeResult(String protocolVersion) {
    return new JsonObject()
        .put("protocolVersion", protocolVersion)
        .put("capabilities", new JsonObject()
            .put("tools", new JsonObject().put("listChanged", false))
            .put("resources", new JsonObject().put("subscribe", true).put("listChanged", false))
            .put("prompts", new JsonObject().put("listChanged", false)))
        .put("serverInfo", new JsonObject().put("name", "eventhub").put("title", "Event hub").put("version", version))
        .put("instructions", "An event hub: a durable log of events (category, type, key, data) from jobs, workflows, "
            + "schedules, webhooks and agents. Call list_categories first to see what categories exist and what you "
            + "may read or publish; query_events reads history, get_event one event, wait_for_events blocks until "
            + "new events arrive, publish_event records one. Every call is bound by your token's scopes.");
  }

  Future<JsonObject> dispatch(Tool.Call call, String method, JsonObject params) {
    return Futures.call(() -> switch (method) {
      case "ping" -> Future.succeededFuture(new JsonObject());
      case "tools/list" -> Future.succeededFuture(tools.list());
      case "tools/call" -> tools.call(call, params);
      case "resources/list" -> Future.succeededFuture(resources.list(call.principal()));
      case "resources/templates/list" -> Future.succeededFuture(resources.templates());
      case "resources/read" -> resources.read(call.principal(), params);
      case "resources/subscribe" -> Future.succeededFuture(resources.subscribe(call.session(), call.principal(),
          params));
      case "resources/unsubscribe" -> Future.succeededFuture(resources.unsubscribe(call.session(), params));
      case "prompts/list" -> Future.succeededFuture(prompts.list());
      case "prompts/get" -> prompts.get(call, params);
      case "initialize" -> Future.failedFuture(new Rpc.Error(Rpc.INVALID_REQUEST,
          "the session is initialized already; to start another, send initialize without Mcp-Session-Id"));
      default -> Future.failedFuture(new Rpc.Error(Rpc.METHOD_NOT_FOUND, "method '" + abbreviate(method)
          + "' is not served here"));
    });
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
