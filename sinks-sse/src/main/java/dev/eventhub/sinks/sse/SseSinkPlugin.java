package dev.eventhub.sinks.sse;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SinkPlugin;
import dev.eventhub.sinks.sse.impl.SseSinkVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The server-sent events sink: clients (a browser's {@code EventSource} among them) open {@code GET
 * /sse} with their filters, replay from a cursor and then receive live events, as docs/sse.md
 * describes. Its settings are {@link SseSinkOptions}, read from {@code plugins.sse}.
 */
@AutoService(SinkPlugin.class)
public final class SseSinkPlugin implements SinkPlugin {
  /** The plugin's name, and its configuration section {@code plugins.sse}. */
  public static final String NAME = "sse";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Streams events as server-sent events at /sse, with replay from a cursor and Last-Event-ID resume";
  }

  /** None: the sink publishes nothing. */
  @Override
  public List<CategoryDescriptor> categories() {
    return List.of();
  }

  /** Reads the settings as {@link SseSinkOptions#SseSinkOptions(JsonObject)}, which names a wrong one. */
  @Override
  public void validate(JsonObject config) {
    new SseSinkOptions(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new SseSinkVerticle(context);
  }
}
