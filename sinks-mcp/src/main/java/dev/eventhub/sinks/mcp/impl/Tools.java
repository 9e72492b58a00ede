package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.AgentTool;
import dev.eventhub.api.spi.AgentTools;
import dev.eventhub.kit.async.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tools/list} and {@code tools/call}: the hub's own tools, then those running plugins contribute
 * through {@link AgentTools} (looked up at each request, so a plugin's tools come and go with it).
 *
 * <p>A tool's failure is answered as a tool result with {@code isError} (the model reads it and can
 * correct its call); an unknown tool or malformed params are JSON-RPC errors.
 */
final class Tools {
  private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

  private final List<Tool> own;
  private final AgentTools contributed;

  Tools(List<Tool> own, AgentTools contributed) {
    this.own = List.copyOf(own);
    this.contributed = contributed;
  }

  List<Tool> all() {
    List<Tool> out = new ArrayList<>(own);
    for (AgentTool t : contributed.list()) {
      if (own.stream().noneMatch(o -> o.name().equals(t.name()))) {
        out.add(Tool.of(t));
      }
    }
    return out;
  }

  Tool find(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  JsonObject list() {
    JsonArray tools = new JsonArray();
    for (Tool t : all()) {
      tools.add(new JsonObject().put("name", t.name()).put("description", t.description())
          .put("inputSchema", t.inputSchema()).put("outputSchema", t.outputSchema())
          .put("annotations", new JsonObject().put("readOnlyHint", t.readOnly())
              .put("destructiveHint", false).put("openWorldHint", false)));
    }
    return new JsonObject().put("tools", tools);
  }

  Future<JsonObject> call(Tool.Call call, JsonObject params) {
    Object name = params.getValue("name");
    if (!(name instanceof String n)) {
      return Future.failedFuture(Rpc.invalidParams("params.name must name a tool"));
    }
    Object arguments = params.getValue("arguments");
    if (arguments != null && !(arguments instanceof JsonObject)) {
      return Future.failedFuture(Rpc.invalidParams("params.arguments must be an object"));
    }
    Tool tool = find(n);
    if (tool == null) {
      return Future.failedFuture(Rpc.invalidParams("unknown tool '" + n + "': tools/list names them"));
    }
    JsonObject args = arguments == null ? new JsonObject() : (JsonObject) arguments;
    return Futures.call(() -> tool.call(call, args)).transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(success(tool, ar.result()));
      }
      if (ar.cause() instanceof Rpc.Error e && e.code != Rpc.LIMIT) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture(failure(tool, ar.cause()));
    });
  }

  private static JsonObject success(Tool tool, JsonObject result) {
    String text;
    try {
      text = tool.render(result);
    } catch (RuntimeException e) {
      text = result.encode();
    }
    return new JsonObject().put("content", new JsonArray().add(text(text))).put("structuredContent", result)
        .put("isError", false);
  }

  private static JsonObject failure(Tool tool, Throwable cause) {
    String message;
    if (cause instanceof HubException e) {
      message = e.code().code() + ": " + e.getMessage();
    } else if (cause instanceof Rpc.Error e) {
      message = "limit: " + e.getMessage();
    } else {
      LOG.warn("tool " + tool.name() + " failed", cause);
      message = "internal: the tool failed; see the hub's log";
    }
    return new JsonObject().put("content", new JsonArray().add(text(message))).put("isError", true);
  }

  static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }
}
