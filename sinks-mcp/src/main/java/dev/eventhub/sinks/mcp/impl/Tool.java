package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.AgentTool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A tool as the sink serves it: the hub's own, or one a plugin contributed ({@link AgentTool}). */
interface Tool {
  String name();

  String description();

  JsonObject inputSchema();

  JsonObject outputSchema();

  boolean readOnly();

  /** Runs the tool; fails with a {@link dev.eventhub.api.HubException} the agent is told. */
  Future<JsonObject> call(Call call, JsonObject arguments);

  /** The text rendering of a result, for clients that show text only. */
  default String render(JsonObject result) {
    return result.encodePrettily();
  }

  /**
   * Who calls, in which session; {@code gone} completes when the client stops waiting for the answer
   * (its connection closed), so that a waiting call can let go.
   */
  record Call(Session session, HubPrincipal principal, Future<Void> gone) {}

  /** A contributed tool: called with the request's principal, rendered as JSON. */
  static Tool of(AgentTool tool) {
    return new Tool() {
      @Override
      public String name() {
        return tool.name();
      }

      @Override
      public String description() {
        return tool.description();
      }

      @Override
      public JsonObject inputSchema() {
        return tool.inputSchema();
      }

      @Override
      public JsonObject outputSchema() {
        return tool.outputSchema();
      }

      @Override
      public boolean readOnly() {
        return tool.readOnly();
      }

      @Override
      public Future<JsonObject> call(Call call, JsonObject arguments) {
        return tool.call(call.principal(), arguments);
      }
    };
  }
}
