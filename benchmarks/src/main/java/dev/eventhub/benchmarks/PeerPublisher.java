package dev.eventhub.benchmarks;

import io.vertx.core.Future;

/**
 * How N1 publishes to one system: {@code n} benchmark events at once, acknowledged when the server took them (the
 * hub and the bare server: a {@code POST /api/events} answered 2xx; NATS: the {@code PONG} after the {@code PUB}s).
 */
interface PeerPublisher extends AutoCloseable {
  /** Publishes {@code n} events on {@code subject}; completes true once the server acknowledged all of them. */
  Future<Boolean> publish(String subject, int n);

  /** Why the last publish was refused, or null. */
  String lastRefusal();

  @Override
  void close();

  /** The hub's or the bare server's publisher: {@link Load#post} of a single event or an array. */
  static PeerPublisher http(Load load) {
    return new PeerPublisher() {
      @Override
      public Future<Boolean> publish(String subject, int n) {
        return load.post(n == 1 ? Load.event(subject) : Load.batch(subject, n), n).map(status -> status / 100 == 2);
      }

      @Override
      public String lastRefusal() {
        return load.lastRefusal();
      }

      @Override
      public void close() {
        load.close();
      }
    };
  }
}
