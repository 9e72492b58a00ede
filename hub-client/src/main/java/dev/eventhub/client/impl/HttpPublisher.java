package dev.eventhub.client.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.client.HubClientOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Publishing over HTTP: {@code POST /api/events} to the node in use, the hub's errors as {@link HubException}s. */
final class HttpPublisher {
  private final HubClientOptions options;
  private final HttpClient httpClient;
  private final Supplier<URI> base;

  HttpPublisher(HubClientOptions options, HttpClient httpClient, Supplier<URI> base) {
    this.options = options;
    this.httpClient = httpClient;
    this.base = base;
  }

  Future<JsonObject> publish(EventDraft draft) {
    return post(draftJson(draft).encode()).map(body -> (JsonObject) body);
  }

  Future<List<JsonObject>> publishAll(List<EventDraft> drafts) {
    JsonArray array = new JsonArray();
    drafts.forEach(d -> array.add(draftJson(d)));
    return post(array.encode()).map(body -> {
      List<JsonObject> out = new ArrayList<>();
      ((JsonObject) body).getJsonArray("events").forEach(e -> out.add((JsonObject) e));
      return out;
    });
  }

  /** An event as the hub reads it, over HTTP and in {@code publish} frames. */
  static JsonObject draftJson(EventDraft d) {
    JsonObject json = new JsonObject().put("category", d.category()).put("event", d.event()).put("key", d.key())
        .put("data", d.data());
    if (d.id() != null) {
      json.put("id", d.id());
    }
    if (!d.attributes().isEmpty()) {
      json.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(d.attributes())));
    }
    return json;
  }

  private Future<Object> post(String body) {
    return options.tokenSupplier().get().compose(token -> {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.get().getHost())
          .setPort(Wire.port(base.get())).setSsl(Wire.tls(base.get())).setURI("/api/events").putHeader("Content-Type", "application/json");
      if (token != null) {
        request.putHeader("Authorization", "Bearer " + token);
      }
      return httpClient.request(request).compose(req -> req.send(Buffer.buffer(body)))
          .compose(response -> response.body().map(buffer -> answer(response, buffer)));
    });
  }

  private static Object answer(HttpClientResponse response, Buffer buffer) {
    JsonObject json = buffer.length() == 0 ? new JsonObject() : new JsonObject(buffer);
    if (response.statusCode() >= 300) {
      throw new HubException(Wire.code(json.getString("error")), json.getString("message", "HTTP " + response.statusCode()));
    }
    return json;
  }
}
