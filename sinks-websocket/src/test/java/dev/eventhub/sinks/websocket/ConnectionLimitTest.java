package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: a WebSocket connection leaves {@code http.maxConnections} when it closes, as a plain HTTP connection does,
 * so that a hub which has seen more WebSockets over its life than the bound still accepts new ones.
 *
 * <p>Disabled because it fails on the current code (seen on 2026-12-07: "WebSocket 10 of 30, each closed before the
 * next, refused" with the bound at 10): the hub's {@code ConnectionLimit} counts a connection out in the Vert.x
 * {@code HttpConnection}'s close handler, and once {@code ChannelSocket.takeOver} has replaced Vert.x's handler in
 * the channel's pipeline that handler never runs: every WebSocket ever accepted stays counted, and after {@code
 * http.maxConnections} of them (20,000 as shipped) the hub refuses every new connection. Forwarding the channel's
 * {@code channelInactive} to the replaced Vert.x handler does not help (tried). The fix belongs with issue 24 item
 * 8's rework of the take-over (the sink telling the hub's bound when its channel closes); enable this test with it.
 */
@Disabled("issue 24: closed WebSockets stay counted in http.maxConnections after the sink's take-over; see above")
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
