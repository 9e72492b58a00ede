package dev.eventhub.api.spi;

import dev.eventhub.api.HubPrincipal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool a plugin offers to agents: a named operation with a JSON Schema for its arguments and one for
 * its result, called on behalf of a verified caller.
 *
 * <p>Tools are transport-neutral: a plugin registers them through {@link PluginContext#agentTools()}
 * and knows nothing of who serves them. The MCP sink (the {@code mcp} plugin) lists every registered
 * tool to MCP clients next to its own and calls it when a client asks; another sink could serve the
 * same tools another way. A plugin contributes tools without depending on any such sink: when none
 * runs, the registered tools are simply not served. A plugin's tools disappear when it stops.
 *
 * <p>The tool decides what the caller may do, exactly as the plugin's HTTP routes do for the same
 * operation: the caller is the principal of the request that called the tool (its token's scopes),
 * and the tool must refuse ({@link dev.eventhub.api.HubException#forbidden}) what that principal could
 * not do over HTTP, and must never put in its result data the caller could not read there. (When
 * per-key grants exist they will reach tools through the same principal.)
 *
 * <pre>{@code
 * context.agentTools().register(AgentTool.of("echo", "Answers its arguments",
 *     new JsonObject().put("type", "object"), new JsonObject().put("type", "object"),
 *     (caller, arguments) -> Future.succeededFuture(arguments)));
 * }</pre>
 */
public interface AgentTool {
  /** What a tool's name must match: lower-case words joined by underscores, at most 64 characters. */
  Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * The tool's name, unique among all tools the hub serves and matching {@link #NAME}, e.g. {@code
   * dlq_list}. Prefix it with the plugin's name, so that two plugins do not collide.
   */
  String name();

  /**
   * What the tool does, for the agent's model to decide when to call it: what it reads or changes,
   * which scopes it needs, what its result holds. A few sentences.
   */
  String description();

  /** The JSON Schema ({@code "type": "object"}) of the tool's arguments. */
  JsonObject inputSchema();

  /**
   * The JSON Schema ({@code "type": "object"}) of the result a successful call completes with;
   * clients may check results against it.
   */
  JsonObject outputSchema();

  /**
   * Whether the tool only reads (it changes nothing in the hub); clients may call such tools without
   * asking their user. {@code false} by default.
   */
  default boolean readOnly() {
    return false;
  }

  /**
   * Runs the tool for a caller. Called on an event loop: must not block (run blocking work with
   * {@code executeBlocking}); may be called from any thread.
   *
   * @param caller the verified principal of the request; its scopes bound what the call may do
   * @param arguments the call's arguments, not yet checked against {@link #inputSchema()}: check each
   *     one and fail with {@link dev.eventhub.api.HubException#badRequest} naming the first wrong one
   * @return the result, matching {@link #outputSchema()}; or a failed future with a {@link
   *     dev.eventhub.api.HubException} whose message the agent sees (never a secret)
   */
  Future<JsonObject> call(HubPrincipal caller, JsonObject arguments);

  /** The body of a tool made with {@link #of}. */
  @FunctionalInterface
  interface Body {
    /** As {@link AgentTool#call}. */
    Future<JsonObject> call(HubPrincipal caller, JsonObject arguments);
  }

  /**
   * A tool from its parts.
   *
   * @throws IllegalArgumentException when the name does not match {@link #NAME}
   */
  static AgentTool of(String name, String description, JsonObject inputSchema, JsonObject outputSchema,
      boolean readOnly, Body body) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(outputSchema, "outputSchema");
    Objects.requireNonNull(body, "body");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must match " + NAME.pattern() + ", got '" + name + "'");
    }
    JsonObject input = inputSchema.copy();
    JsonObject output = outputSchema.copy();
    return new AgentTool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public JsonObject inputSchema() {
        return input.copy();
      }

      @Override
      public JsonObject outputSchema() {
        return output.copy();
      }

      @Override
      public boolean readOnly() {
        return readOnly;
      }

      @Override
      public Future<JsonObject> call(HubPrincipal caller, JsonObject arguments) {
        return body.call(caller, arguments);
      }
    };
  }
}
