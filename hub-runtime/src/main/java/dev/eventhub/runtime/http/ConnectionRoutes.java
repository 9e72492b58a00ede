package dev.eventhub.runtime.http;

import dev.eventhub.api.HubException;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /api/connections} and {@code DELETE /api/connections/{id}}: the hub asks each plugin on the
 * local event bus at {@code hub.admin.connections.<plugin name>} (the streaming sinks answer there, through
 * hub-plugin-kit's {@code ConnectionsBus}); a plugin without a consumer there has no connections. The hub
 * knows no sink, and each sink works without the others.
 */
final class ConnectionRoutes {
  /** The address prefix of hub-plugin-kit's {@code ConnectionsBus.ADDRESS_PREFIX}. */
  static final String ADDRESS_PREFIX = "hub.admin.connections.";

  private final PluginAdminBus bus;

  ConnectionRoutes(Vertx vertx, Supplier<PluginManager> plugins) {
    this.bus = new PluginAdminBus(vertx, plugins, ADDRESS_PREFIX, "connections", 5_000);
  }

  void list(RoutingContext ctx) {
    bus.gather(new JsonObject().put("op", "list"), "connections")
        .onComplete(ar -> json(ctx, 200, new JsonObject().put("connections", ar.result())));
  }

  void close(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    bus.askAll(new JsonObject().put("op", "close").put("id", id)).onComplete(ar -> {
      boolean closed = ar.result().stream().anyMatch(f -> f.succeeded() && f.result() != null
          && f.result().getBoolean("closed", false));
      if (closed) {
        ctx.response().setStatusCode(204).end();
      } else {
        Errors.respond(ctx, HubException.notFound("no open connection '" + abbreviate(id) + "'"));
      }
    });
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
