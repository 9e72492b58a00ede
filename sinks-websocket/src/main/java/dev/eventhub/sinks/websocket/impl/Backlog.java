package dev.eventhub.sinks.websocket.impl;

/**
 * The events of {@code close} subscriptions waiting for a connection's socket, with their subscriptions, in
 * arrival order: two parallel rings, no object per entry. On the connection's thread.
 */
final class Backlog {
  private Subscription[] subscriptions = new Subscription[64];
  private Encoded[] events = new Encoded[64];
  private int head;
  private int size;
  private long bytes;

  boolean isEmpty() {
    return size == 0;
  }

  long bytes() {
    return bytes;
  }

  int size() {
    return size;
  }

  void add(Subscription s, Encoded e) {
    if (size == events.length) {
      grow();
    }
    int tail = (head + size) & (events.length - 1);
    subscriptions[tail] = s;
    events[tail] = e;
    size++;
    bytes += e.size(s);
  }

  Subscription peekSubscription() {
    return subscriptions[head];
  }

  Encoded poll() {
    Subscription s = subscriptions[head];
    Encoded e = events[head];
    subscriptions[head] = null;
    events[head] = null;
    head = (head + 1) & (events.length - 1);
    size--;
    bytes -= e.size(s);
    return e;
  }

  private void grow() {
    Subscription[] s = new Subscription[events.length * 2];
    Encoded[] e = new Encoded[events.length * 2];
    for (int i = 0; i < size; i++) {
      s[i] = subscriptions[(head + i) & (events.length - 1)];
      e[i] = events[(head + i) & (events.length - 1)];
    }
    subscriptions = s;
    events = e;
    head = 0;
  }
}
