package dev.eventhub.faults;

import java.util.ArrayList;
import java.util.List;

/** Where the clients put what they saw, from many threads. */
final class Recorder {
  private final List<Facts.Ack> acks = new ArrayList<>();
  private final List<Publisher.Attempt> attempts = new ArrayList<>();
  private final List<Facts.Delivery> deliveries = new ArrayList<>();

  synchronized void ack(Facts.Ack ack) {
    acks.add(ack);
  }

  synchronized void attempt(Publisher.Attempt attempt) {
    attempts.add(attempt);
  }

  synchronized void delivery(Facts.Delivery delivery) {
    deliveries.add(delivery);
  }

  synchronized List<Facts.Ack> acks() {
    return List.copyOf(acks);
  }

  synchronized List<Publisher.Attempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized List<Facts.Delivery> deliveries() {
    return List.copyOf(deliveries);
  }
}
