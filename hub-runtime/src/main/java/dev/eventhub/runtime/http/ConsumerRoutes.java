package dev.eventhub.runtime.http;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /api/consumers} and {@code DELETE /api/consumers/{name}[?subject=]} (issue 20): the named consumers
 * live in the streaming sinks, so the hub asks each plugin on the local event bus at {@code
 * hub.admin.consumers.<plugin name>} (hub-plugin-kit's {@code ConsumersBus}), as it does for connections.
 */
final class ConsumerRoutes {
  /** The address prefix of hub-plugin-kit's {@code ConsumersBus.ADDRESS_PREFIX}. */
  static final String ADDRESS_PREFIX = "hub.admin.consumers.";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final PluginAdminBus bus;

  ConsumerRoutes(Vertx vertx, Supplier<PluginManager> plugins) {
    // Lag is measured while listing: a hub with many consumers far behind needs a while.
    this.bus = new PluginAdminBus(vertx, plugins, ADDRESS_PREFIX, "consumers", 30_000);
  }

  void list(RoutingContext ctx) {
    bus.gather(new JsonObject().put("op", "list"), "consumers").onComplete(ar ->
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("consumers", ar.result()).encode()));
  }

  void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String subject = ctx.queryParams().get("subject");
    if (!NAME.matcher(name).matches()) {
      Errors.respond(ctx, HubException.badRequest("a consumer's name is 1 to 64 characters from A-Z, a-z, 0-9, '.',"
          + " '_' and '-'"));
      return;
    }
    bus.askAll(new JsonObject().put("op", "delete").put("name", name).put("subject", subject), 409).onComplete(ar -> {
      List<Future<JsonObject>> answers = ar.result();
      for (Future<JsonObject> f : answers) {
        if (f.failed()) {
          Errors.respond(ctx, new HubException(ErrorCode.CONFLICT, f.cause().getMessage()));
          return;
        }
      }
      int deleted = answers.stream().filter(f -> f.result() != null)
          .mapToInt(f -> f.result().getInteger("deleted", 0)).sum();
      if (deleted > 0) {
        ctx.response().setStatusCode(204).end();
      } else {
        Errors.respond(ctx, HubException.notFound("no consumer '" + name + "'"
            + (subject == null ? "" : " of subject '" + abbreviate(subject) + "'")));
      }
    });
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
