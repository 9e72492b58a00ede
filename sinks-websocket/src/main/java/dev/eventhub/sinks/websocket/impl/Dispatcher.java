package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * Takes every recorded event from the event bus, in log order, and hands it to the outbox of each
 * matching subscription. The event is encoded once; each distinct {@code event} frame (one per
 * subscription id, and most connections have only {@code sub-1}) is built once and shared.
 */
final class Dispatcher implements Handler<Message<HubEvent>> {
  private static final int SHARED_FRAMES = 16;

  private final SubscriptionIndex index;

  Dispatcher(SubscriptionIndex index) {
    this.index = index;
  }

  @Override
  public void handle(Message<HubEvent> message) {
    dispatch(message.body());
  }

  void dispatch(HubEvent event) {
    Subscription[] named = index.named(event.category());
    Subscription[] globs = index.globs();
    if (named.length == 0 && globs.length == 0) {
      return;
    }
    Encoded encoded = new Encoded(event);
    for (Subscription s : named) {
      offer(s, encoded);
    }
    for (Subscription s : globs) {
      offer(s, encoded);
    }
  }

  private static void offer(Subscription s, Encoded encoded) {
    if (s.filter().matches(encoded.event)) {
      Buffer frame = s.batch() ? null : encoded.frame(s);
      s.outbox().offer(new Delivery(s, encoded.event, encoded.envelope(), frame));
    }
  }

  /** One event's bytes, built on first need. */
  private static final class Encoded {
    final HubEvent event;
    private Buffer envelope;
    private Buffer[] frames;

    Encoded(HubEvent event) {
      this.event = event;
    }

    Buffer envelope() {
      if (envelope == null) {
        envelope = Frames.envelope(event);
      }
      return envelope;
    }

    Buffer frame(Subscription s) {
      int n = s.number();
      if (n >= SHARED_FRAMES) {
        return Frames.event(s.id(), envelope(), false);
      }
      if (frames == null) {
        frames = new Buffer[SHARED_FRAMES];
      }
      Buffer frame = frames[n];
      if (frame == null) {
        frame = Frames.event(s.id(), envelope(), false);
        frames[n] = frame;
      }
      return frame;
    }
  }
}
