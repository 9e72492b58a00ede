package ${package};

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.kit.config.Settings;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** The descriptor: what the plugin is and what it publishes. Cheap, no side effects. */
@AutoService(SourcePlugin.class) // writes META-INF/services/dev.eventhub.api.spi.SourcePlugin
public final class HeartbeatPlugin implements SourcePlugin {
  static final String NAME = "heartbeat"; // [a-z0-9-]+, unique in the hub; also the category here

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<CategoryDescriptor> categories() { // served by GET /api/categories
    return List.of(CategoryDescriptor.of(NAME, "A beat every few seconds",
        EventTypeDescriptor.of("beat", "The hub is alive; data: count")));
  }

  @Override
  public void validate(JsonObject config) { // plugins.heartbeat of conf/hub.json; a refusal names the key
    interval(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new HeartbeatVerticle(context, interval(context.config()));
  }

  static Duration interval(JsonObject config) {
    return Settings.of(config, "plugins." + NAME)
        .duration("interval", Duration.ofSeconds(5), Duration.ofMillis(100), null);
  }
}
