package dev.eventhub.runtime.http;

import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every plugin a question on the local event bus, at {@code <prefix><plugin name>}: how the admin routes
 * reach what lives in plugins (connections, named consumers; hub-plugin-kit's {@code ConnectionsBus} and
 * {@code ConsumersBus} answer). A plugin with no consumer at its address has none of it: its answer is
 * {@code null}, as is one that fails or is late (logged), unless the plugin answered with one of {@code
 * passedOn}'s failure codes, which the caller gets as the failed future.
 */
final class PluginAdminBus {
  private static final Logger LOG = LoggerFactory.getLogger(PluginAdminBus.class);

  private final Vertx vertx;
  private final Supplier<PluginManager> plugins;
  private final String prefix;
  private final String what;
  private final DeliveryOptions options;

  /**
   * @param prefix the address prefix
   * @param what what is asked about, for the log: {@code connections}
   * @param timeout how long a plugin may take, in milliseconds
   */
  PluginAdminBus(Vertx vertx, Supplier<PluginManager> plugins, String prefix, String what, long timeout) {
    this.vertx = vertx;
    this.plugins = plugins;
    this.prefix = prefix;
    this.what = what;
    this.options = new DeliveryOptions().setSendTimeout(timeout);
  }

  /** Each plugin's answer to {@code request}, in plugin order, once all answered or failed. */
  Future<List<Future<JsonObject>>> askAll(JsonObject request, int... passedOn) {
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (PluginInfo plugin : plugins.get().plugins()) {
      answers.add(ask(plugin.name(), request, passedOn));
    }
    return Future.join(answers).transform(ar -> Future.succeededFuture(answers));
  }

  /** The arrays at {@code field} of every plugin's answer to {@code request}, joined in plugin order. */
  Future<JsonArray> gather(JsonObject request, String field) {
    return askAll(request).map(answers -> {
      JsonArray all = new JsonArray();
      for (Future<JsonObject> f : answers) {
        if (f.succeeded() && f.result() != null) {
          all.addAll(f.result().getJsonArray(field, new JsonArray()));
        }
      }
      return all;
    });
  }

  private Future<JsonObject> ask(String plugin, JsonObject request, int... passedOn) {
    return vertx.eventBus().<JsonObject>request(prefix + plugin, request, options)
        .map(m -> m.body())
        .recover(e -> {
          if (e instanceof ReplyException r) {
            if (r.failureType() == ReplyFailure.NO_HANDLERS) {
              return Future.succeededFuture(null);
            }
            for (int code : passedOn) {
              if (r.failureCode() == code) {
                return Future.failedFuture(e);
              }
            }
          }
          LOG.warn("plugin {} did not answer for its {}: {}", plugin, what, e.getMessage());
          return Future.succeededFuture(null);
        });
  }
}
