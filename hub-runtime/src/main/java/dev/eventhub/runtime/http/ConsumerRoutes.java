package dev.eventhub.runtime.http;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/consumers} and {@code DELETE /api/consumers/{name}[?subject=]} (issue 20): the named consumers
 * live in the streaming sinks, so the hub asks each plugin on the local event bus at {@code
 * hub.admin.consumers.<plugin name>} (hub-plugin-kit's {@code ConsumersBus}), as it does for connections.
 */
final class ConsumerRoutes {
  /** The address prefix of hub-plugin-kit's {@code ConsumersBus.ADDRESS_PREFIX}. */
  static final String ADDRESS_PREFIX = "hub.admin.consumers.";
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerRoutes.class);
  // Lag is measured while listing: a hub with many consumers far behind needs a while.
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(30_000);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Vertx vertx;
  private final Supplier<PluginManager> plugins;

  ConsumerRoutes(Vertx vertx, Supplier<PluginManager> plugins) {
    this.vertx = vertx;
    this.plugins = plugins;
  }

  void list(RoutingContext ctx) {
    List<Future<JsonArray>> answers = new ArrayList<>();
    for (PluginInfo plugin : plugins.get().plugins()) {
      answers.add(ask(plugin.name(), new JsonObject().put("op", "list"))
          .map(body -> body == null ? new JsonArray() : body.getJsonArray("consumers", new JsonArray())));
    }
    Future.join(answers).onComplete(ar -> {
      JsonArray all = new JsonArray();
      answers.forEach(f -> {
        if (f.succeeded()) {
          all.addAll(f.result());
        }
      });
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("consumers", all).encode());
    });
  }

  void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String subject = ctx.queryParams().get("subject");
    if (!NAME.matcher(name).matches()) {
      Errors.respond(ctx, HubException.badRequest("a consumer's name is 1 to 64 characters from A-Z, a-z, 0-9, '.',"
          + " '_' and '-'"));
      return;
    }
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (PluginInfo plugin : plugins.get().plugins()) {
      answers.add(ask(plugin.name(), new JsonObject().put("op", "delete").put("name", name).put("subject", subject)));
    }
    Future.join(answers).onComplete(ar -> {
      for (Future<JsonObject> f : answers) {
        if (f.failed() && f.cause() instanceof ReplyException r && r.failureCode() == 409) {
          Errors.respond(ctx, new HubException(ErrorCode.CONFLICT, r.getMessage()));
          return;
        }
      }
      int deleted = answers.stream().filter(f -> f.succeeded() && f.result() != null)
          .mapToInt(f -> f.result().getInteger("deleted", 0)).sum();
      if (deleted > 0) {
        ctx.response().setStatusCode(204).end();
      } else {
        Errors.respond(ctx, HubException.notFound("no consumer '" + name + "'"
            + (subject == null ? "" : " of subject '" + abbreviate(subject) + "'")));
      }
    });
  }

  // A plugin without a consumer at its address has no named consumers: an empty answer, not a failure.
  private Future<JsonObject> ask(String plugin, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(ADDRESS_PREFIX + plugin, request, ASK)
        .map(m -> m.body())
        .recover(e -> {
          if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
            return Future.succeededFuture(null);
          }
          if (e instanceof ReplyException r && r.failureCode() == 409) {
            return Future.failedFuture(e);
          }
          LOG.warn("plugin {} did not answer for its consumers: {}", plugin, e.getMessage());
          return Future.succeededFuture(null);
        });
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
