package dev.eventhub.sinks.websocket;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SinkPlugin;
import dev.eventhub.sinks.websocket.impl.WebSocketSinkVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The WebSocket sink: clients connect at {@code /ws}, subscribe by category, event type and key,
 * replay from a cursor and then receive live events, as docs/protocol.md specifies. Its settings are
 * {@link WebSocketSinkOptions}, read from {@code plugins.websocket}.
 */
@AutoService(SinkPlugin.class)
public final class WebSocketSinkPlugin implements SinkPlugin {
  /** The plugin's name, and its configuration section {@code plugins.websocket}. */
  public static final String NAME = "websocket";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Streams events to WebSocket clients at /ws, with replay from a cursor";
  }

  /** None: the sink publishes nothing. */
  @Override
  public List<CategoryDescriptor> categories() {
    return List.of();
  }

  /** Reads the settings as {@link WebSocketSinkOptions#WebSocketSinkOptions(JsonObject)}, which names a wrong one. */
  @Override
  public void validate(JsonObject config) {
    new WebSocketSinkOptions(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new WebSocketSinkVerticle(context);
  }
}
