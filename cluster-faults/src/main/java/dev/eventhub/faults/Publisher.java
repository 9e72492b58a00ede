package dev.eventhub.faults;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A client that publishes events with its own ids ({@code <name>-<n>}) to random nodes, one at a time at
 * a steady pace. A publish that fails (no answer, 5xx, timeout) is retried with the same id on other
 * nodes, at most {@link #ATTEMPTS} times in all: the hub's id dedup makes the retry safe, and an answer
 * 200 (already recorded) acknowledges the id too. Every acknowledged id is recorded with its cursor.
 */
final class Publisher implements Runnable {
  static final int ATTEMPTS = 3;

  /** One publish (an id, over all its attempts) and its outcome, for the report's figures. */
  record Attempt(long at, boolean ok) {}

  private final String name;
  private final List<HubNode> nodes;
  private final Api api;
  private final Random random;
  private final Duration pace;
  private final String category;
  private final Recorder recorder;
  private volatile boolean stopped;

  Publisher(String name, List<HubNode> nodes, Api api, long seed, Duration pace, String category, Recorder recorder) {
    this.name = name;
    this.nodes = nodes;
    this.api = api;
    this.random = new Random(seed);
    this.pace = pace;
    this.category = category;
    this.recorder = recorder;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long n = 0;
    while (!stopped) {
      String id = name + "-" + (++n);
      publish(id);
      try {
        Thread.sleep(pace.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void publish(String id) {
    JsonObject event = new JsonObject().put("id", id).put("category", category).put("event", "placed")
        .put("key", name).put("data", new JsonObject().put("publisher", name));
    HubNode previous = null;
    for (int attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
      HubNode node = pick(previous);
      previous = node;
      Api.Answer a = api.post(node, "/api/events", event, Duration.ofSeconds(15));
      long now = System.currentTimeMillis();
      if (a.status() == 201 || a.status() == 200) {
        recorder.attempt(new Attempt(now, true));
        recorder.ack(new Facts.Ack(id, a.json().getString("cursor"), node.name(), now));
        return;
      }
      if (a.status() >= 400 && a.status() < 500) {
        // A refusal of a well-formed publish is not a fault's doing: said loudly, not retried.
        System.err.println("faults: " + node.name() + " refused publish " + id + ": " + a.status() + " " + a.body());
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    recorder.attempt(new Attempt(System.currentTimeMillis(), false));
  }

  private HubNode pick(HubNode not) {
    HubNode node;
    do {
      node = nodes.get(random.nextInt(nodes.size()));
    } while (node == not && nodes.size() > 1);
    return node;
  }
}
