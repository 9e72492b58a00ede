package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: a WebSocket connection leaves {@code http.maxConnections} when it closes, as a plain HTTP connection does,
 * so that a hub which has seen more WebSockets over its life than the bound still accepts new ones.
 *
 * <p>Vert.x never calls the close handler of a connection it upgraded to a WebSocket (seen with the sink's
 * take-over and without it), where the hub's {@code ConnectionLimit} counted connections out: every WebSocket
 * ever accepted stayed counted, and after {@code http.maxConnections} of them (20,000 as shipped) the hub refused
 * every new connection. The sink now tells the hub when an upgraded connection ends ({@code PluginContext.upgraded}).
 */
class ConnectionLimitTest {
  /** The bound: room for the stats requests' HTTP connections (a pool of a few) and one WebSocket at a time. */
  private static final int BOUND = 10;

  @TempDir Path dir;

  @Test
  void shouldTakeAClosedWebSocketOutOfTheHttpConnectionBound() {
    try (Fixture fixture = Fixture.start(dir, c -> c.with("http.maxConnections", BOUND))) {
      String token = fixture.hub.token("subscribe:*");
      for (int i = 0; i < 3 * BOUND; i++) {
        WsClient client;
        try {
          client = WsClient.open(fixture.hub, fixture.client, token);
        } catch (RuntimeException e) {
          throw new AssertionError("WebSocket " + (i + 1) + " of " + 3 * BOUND + ", each closed before the next, refused",
              e);
        }
        client.close();
        awaitNoneOpen(fixture);
      }
      try (WsClient last = WsClient.open(fixture.hub, fixture.client, token)) {
        last.assertNothingPending();
      }
    }
  }

  // The sink counts a connection out when it sees it closed; each look is one request, bounded in number.
  private static void awaitNoneOpen(Fixture fixture) {
    for (int i = 0; i < 500; i++) {
      if (fixture.stats().getLong("connectionsOpen") == 0) {
        return;
      }
    }
    assertThat(fixture.stats().getLong("connectionsOpen")).as("connections open after the client closed").isZero();
  }
}
