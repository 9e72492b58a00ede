package dev.eventhub.sinks.mcp;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SinkPlugin;
import dev.eventhub.sinks.mcp.impl.McpVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The MCP sink: the hub as a Model Context Protocol server at {@code /mcp} (Streamable HTTP), so that
 * agents read, wait for and publish events with the hub's tokens and scopes, as docs/mcp.md describes.
 * Its settings are {@link McpSinkOptions}, read from {@code plugins.mcp}. Other plugins add tools
 * through {@link dev.eventhub.api.spi.AgentTools}, without depending on this one.
 */
@AutoService(SinkPlugin.class)
public final class McpSinkPlugin implements SinkPlugin {
  /** The plugin's name, and its configuration section {@code plugins.mcp}. */
  public static final String NAME = "mcp";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Serves the hub to AI agents over the Model Context Protocol at /mcp";
  }

  /** None: the sink publishes nothing of its own. */
  @Override
  public List<CategoryDescriptor> categories() {
    return List.of();
  }

  @Override
  public void validate(JsonObject config) {
    McpSinkOptions.from(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new McpVerticle(context);
  }
}
