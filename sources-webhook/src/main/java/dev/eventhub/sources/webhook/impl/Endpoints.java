package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound endpoints: those of the configuration, and those created over the API (kept in
 * storage). Lookups are safe from any thread (the inbound routes run on the server's event loops);
 * changes run on the plugin's context.
 */
final class Endpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
  static final String COLLECTION = "endpoints";

  private final Context context;
  private final PluginStorage storage;
  private final Events events;
  private final ReplayGuard replays;
  private final WebhookSettings settings;
  private final Map<String, Endpoint> byId = new ConcurrentHashMap<>();
  private final Set<String> creating = new HashSet<>();

  Endpoints(Context context, PluginStorage storage, Events events, ReplayGuard replays, WebhookSettings settings) {
    this.context = context;
    this.storage = storage;
    this.events = events;
    this.replays = replays;
    this.settings = settings;
  }

  /** Loads the configured endpoints and the stored ones; a stored one a configured one shadows is skipped. */
  Future<Void> load() {
    settings.endpoints().forEach(e -> byId.put(e.id(), e));
    return Pages.forEach(storage, COLLECTION, null, docs -> {
      for (StoredDocument doc : docs) {
        Endpoint endpoint = Endpoint.fromStored(doc.value());
        if (byId.putIfAbsent(endpoint.id(), endpoint) != null) {
          LOG.warn("webhook endpoint '" + endpoint.id() + "' is defined in the configuration and was also "
              + "created over the API; the configuration's definition is used");
        }
      }
      return Future.succeededFuture();
    });
  }

  /** The endpoint, or null. */
  Endpoint find(String id) {
    return id == null ? null : byId.get(id);
  }

  /**
   * Creates an endpoint over the API. One with verification {@code none} records whatever anyone
   * sends it, so only an {@code admin} token may create it.
   */
  Future<JsonObject> create(JsonObject body, HubPrincipal caller) {
    return Contexts.on(context, () -> {
      Endpoint endpoint = Endpoint.parse(body, false, System.currentTimeMillis());
      if (endpoint.verification() == Endpoint.Verification.NONE && !caller.isAdmin()) {
        throw HubException.forbidden("token does not allow admin, which an endpoint with verification none needs: "
            + "anyone may post to it");
      }
      String id = endpoint.id();
      if (byId.containsKey(id) || creating.contains(id)) {
        throw HubException.conflict("endpoint '" + id + "' already exists");
      }
      long created = byId.values().stream().filter(e -> !e.fromConfig()).count() + creating.size();
      if (created >= settings.maxEndpoints()) {
        throw HubException.conflict("there are already " + settings.maxEndpoints()
            + " endpoints created over the API (setting plugins.webhook.maxEndpoints); delete some first");
      }
      creating.add(id);
      return storage.insert(COLLECTION, id, endpoint.toStored()).map(doc -> {
        byId.put(id, endpoint);
        events.publish(Events.WEBHOOK, "webhook-registered", id, new JsonObject().put("kind", "endpoint")
            .put("id", id).put("verification", endpoint.verification().wireName));
        return endpoint.toJson(true);
      }).andThen(ar -> creating.remove(id));
    });
  }

  Future<JsonObject> get(String id) {
    Endpoint endpoint = find(id);
    return endpoint == null ? Future.failedFuture(HubException.notFound("no endpoint '" + id + "'"))
        : Future.succeededFuture(endpoint.toJson(false));
  }

  List<JsonObject> list() {
    return byId.values().stream().sorted(Comparator.comparing(Endpoint::id)).map(e -> e.toJson(false)).toList();
  }

  /**
   * Gives an endpoint created over the API a new secret (the one given; for Standard Webhooks a new
   * one when none is), accepting the current one too until the overlap ends.
   */
  Future<JsonObject> rotate(String id, JsonObject body) {
    return Contexts.on(context, () -> {
      Endpoint endpoint = find(id);
      if (endpoint == null) {
        throw HubException.notFound("no endpoint '" + id + "'");
      }
      if (endpoint.fromConfig()) {
        throw HubException.conflict("endpoint '" + id + "' is defined in the configuration "
            + "(plugins.webhook.endpoints); change its secret there");
      }
      if (endpoint.verification() == Endpoint.Verification.NONE) {
        throw HubException.badRequest("endpoint '" + id + "' has verification none: it has no secret to rotate");
      }
      String secret = Fields.string(body, "secret", false, 1024);
      if (endpoint.verification() == Endpoint.Verification.STANDARD) {
        secret = secret == null ? Signatures.newSecret() : secret;
        Signatures.standardKey(secret);
      } else if (secret == null) {
        throw HubException.badRequest("field 'secret' is required to rotate a " + endpoint.verification().wireName
            + " endpoint's secret: " + endpoint.verification().secretName());
      }
      long until = System.currentTimeMillis() + Rotation.overlap(body, settings.secretOverlap()).toMillis();
      Endpoint rotated = endpoint.rotated(secret, until);
      return storage.put(COLLECTION, id, rotated.toStored()).map(v -> {
        byId.put(id, rotated);
        events.publish(Events.WEBHOOK, "webhook-updated", id, new JsonObject().put("kind", "endpoint")
            .put("id", id).put("changed", new io.vertx.core.json.JsonArray().add("secret")));
        return rotated.toJson(true);
      });
    });
  }

  Future<Void> delete(String id) {
    return Contexts.on(context, () -> {
      Endpoint endpoint = find(id);
      if (endpoint == null) {
        throw HubException.notFound("no endpoint '" + id + "'");
      }
      if (endpoint.fromConfig()) {
        throw HubException.conflict("endpoint '" + id + "' is defined in the configuration "
            + "(plugins.webhook.endpoints); remove it there");
      }
      return storage.delete(COLLECTION, id).compose(deleted -> {
        byId.remove(id);
        events.publish(Events.WEBHOOK, "webhook-unregistered", id, new JsonObject().put("kind", "endpoint")
            .put("id", id));
        return replays.forgetEndpoint(id);
      });
    });
  }
}
