package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.ReplayHandover;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays the log for one subscription and hands over to live delivery without a gap or a duplicate:
 * the kit's {@link ReplayHandover} pages through the log, this writes the pages as {@code event} (or
 * {@code events}) frames and the end as {@code replay_complete}.
 *
 * <p>Runs on the connection's thread; pages are read only once the socket has taken the previous one.
 */
final class ReplaySeam implements ReplayHandover.Target {
  private final Subscription subscription;
  private final Subscribe request;
  private final Outbox outbox;
  private final Consumer<Throwable> onFailure;
  private final ReplayHandover handover;

  /**
   * @param head the log's head when the subscription entered the index, as {@code subscribed} said:
   *     live delivery starts after it when the replay has no bound of its own
   */
  ReplaySeam(Subscription subscription, Subscribe request, String head, EventHistory history, Outbox outbox,
      Consumer<Throwable> onFailure) {
    this.subscription = subscription;
    this.request = request;
    this.outbox = outbox;
    this.onFailure = onFailure;
    this.handover = new ReplayHandover(history, subscription.filter().toEventFilter(), request.since(), request.last(),
        head, this);
  }

  void start() {
    handover.start();
  }

  @Override
  public boolean closed() {
    return subscription.closed();
  }

  @Override
  public boolean takeOverflow() {
    return subscription.takeOverflow();
  }

  @Override
  public void replay(List<HubEvent> events) {
    send(events);
    outbox.endPass();
  }

  @Override
  public void whenWritable(Runnable next) {
    outbox.whenWritable(next);
  }

  @Override
  public void finish(long count, boolean complete, String floor) {
    outbox.write(Frames.replayComplete(request.id(), subscription.id(), count, complete), 0);
    subscription.goLive(floor);
    outbox.endPass();
  }

  @Override
  public void fail(Throwable cause) {
    onFailure.accept(cause);
  }

  private void send(List<HubEvent> events) {
    if (!subscription.batch()) {
      byte[] prefix = subscription.eventPrefix();
      for (HubEvent e : events) {
        outbox.write(Frames.replayEvent(prefix, e), 1);
      }
      return;
    }
    Frames.Batch batch = null;
    for (HubEvent e : events) {
      batch = batch == null ? new Frames.Batch(subscription.id()) : batch;
      batch.add(Frames.envelope(e), true);
      if (batch.full()) {
        outbox.write(batch.build(), batch.count());
        batch = null;
      }
    }
    if (batch != null) {
      outbox.write(batch.build(), batch.count());
    }
  }
}
