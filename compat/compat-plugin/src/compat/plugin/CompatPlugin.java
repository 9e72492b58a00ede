package compat.plugin;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.api.spi.SourcePlugin;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A plugin compiled against hub-api 0.1.0 (compat/hub-api-0.1.0.jar) and kept as built
 * (compat/compat-plugin-0.1.0.jar): the hub of every later 0.x version must still load and run it
 * (docs/adr/0005-hub-api-compatibility.md). It uses the API broadly: descriptors, config, publish,
 * history, storage, routes, event-bus addresses.
 */
public final class CompatPlugin implements SourcePlugin {
  @Override
  public String name() {
    return "compat";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of("compat", "built against hub-api 0.1.0",
        EventTypeDescriptor.of("started", "the plugin started; data: greeting, stored")));
  }

  @Override
  public void validate(JsonObject config) {
    if (config.containsKey("greeting") && !(config.getValue("greeting") instanceof String)) {
      throw new IllegalArgumentException("setting 'plugins.compat.greeting' must be a string");
    }
  }

  @Override
  public Deployable createVerticle(PluginContext plugin) {
    return new VerticleBase() {
      @Override
      public Future<?> start() {
        String greeting = plugin.config().getString("greeting", "hello");
        plugin.mount("/api/compat", RouteAccess.CATEGORY_SCOPES, request -> plugin.history()
            .read(new EventQuery(EventFilter.categories("compat"), null, EventQuery.DEFAULT_LIMIT))
            .onSuccess(page -> request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("events", page.events().size()).encode()))
            .onFailure(e -> request.response().setStatusCode(500).end()));
        vertx.eventBus().<HubEvent>consumer(plugin.address("compat"), message -> { });
        return plugin.storage().put("state", "greeting", new JsonObject().put("greeting", greeting))
            .compose(stored -> plugin.publisher().publish(EventDraft.of("compat", "started", "compat",
                new JsonObject().put("greeting", greeting).put("stored", stored.version()))));
      }
    };
  }
}
