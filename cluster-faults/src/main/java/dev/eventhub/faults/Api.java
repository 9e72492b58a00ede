package dev.eventhub.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The hub's HTTP API as the harness uses it, with one admin token; plain JDK client. */
final class Api {
  /** The answer of a request: its status and body (status -1 and the error's text when none came). */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String token;

  Api(String token) {
    this.token = token;
  }

  String token() {
    return token;
  }

  Answer get(HubNode node, String path, Duration timeout) {
    return send(node, HttpRequest.newBuilder(URI.create(node.base() + path)).GET(), timeout);
  }

  Answer post(HubNode node, String path, JsonObject body, Duration timeout) {
    return send(node, HttpRequest.newBuilder(URI.create(node.base() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), timeout);
  }

  private Answer send(HubNode node, HttpRequest.Builder request, Duration timeout) {
    try {
      HttpResponse<String> r = http.send(request.timeout(timeout).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted");
    }
  }

  boolean ready(HubNode node) {
    return node.alive() && !node.paused() && get(node, "/ready", Duration.ofSeconds(5)).status() == 200;
  }

  /** Waits until {@code /ready} answers 200 (polling: readiness is all the hub tells from outside). */
  void awaitReady(HubNode node, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready(node)) {
      if (!node.alive()) {
        throw new IllegalStateException(node.name() + " exited:\n" + node.tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(node.name() + " was not ready within " + timeout + ": /ready says "
            + get(node, "/ready", Duration.ofSeconds(5)).body() + "\n" + node.tail());
      }
      Thread.sleep(250);
    }
  }

  /**
   * The node's history after {@code since} (null: from the start) up to and including {@code until} (null:
   * up to what it holds now), following {@code next} while {@code more}.
   */
  List<JsonObject> history(HubNode node, String since, String until) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = since;
    while (true) {
      String path = "/api/events?limit=1000" + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Answer a = get(node, path, Duration.ofSeconds(30));
      if (a.status() != 200) {
        throw new IllegalStateException(node.name() + " answered " + a.status() + " to GET " + path + ": " + a.body());
      }
      JsonObject page = a.json();
      JsonArray events = page.getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        JsonObject e = events.getJsonObject(i);
        if (until != null && e.getString("cursor").compareTo(until) > 0) {
          return out;
        }
        out.add(e);
      }
      if (!page.getBoolean("more", false) || events.isEmpty()) {
        return out;
      }
      cursor = page.getString("next");
    }
  }
}
