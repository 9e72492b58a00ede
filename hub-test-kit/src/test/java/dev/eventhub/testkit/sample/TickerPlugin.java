package dev.eventhub.testkit.sample;

import com.google.auto.service.AutoService;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.kit.config.Settings;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;

/** A plugin on the kit's test classpath: publishes {@code started}, answers a route, reads a setting through Settings. */
@AutoService(SourcePlugin.class)
public final class TickerPlugin implements SourcePlugin {
  @Override
  public String name() {
    return "ticker";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(CategoryDescriptor.of("ticker", "test ticks", EventTypeDescriptor.of("started", "started")));
  }

  @Override
  public void validate(JsonObject config) {
    Settings.of(config, "plugins.ticker").integer("intervalMs", 5000, 100, 3_600_000);
  }

  @Override
  public Deployable createVerticle(PluginContext plugin) {
    return new VerticleBase() {
      @Override
      public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/api/ticker/hello").handler(ctx -> ctx.json(new JsonObject().put("hello", "world")));
        router.get("/api/ticker/boom").handler(ctx -> {
          throw new IllegalStateException("boom");
        });
        plugin.mount("/api/ticker", RouteAccess.CATEGORY_SCOPES, router);
        return plugin.publisher().publish(EventDraft.of("ticker", "started", null, new JsonObject()));
      }
    };
  }
}
