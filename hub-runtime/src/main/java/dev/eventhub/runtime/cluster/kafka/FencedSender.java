package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's writes: a transactional producer on the leader's fixed {@code transactional.id}, so
 * that a new leader's {@code initTransactions()} fences the previous one, whose next write fails
 * instead of landing. One transaction per call, or per group of calls that were waiting together
 * (retried one by one if the group fails for another reason than fencing); a call completes only
 * after {@code commitTransaction()}.
 *
 * <p>Everything that touches the producer runs on the sender's own thread, in order. A term
 * ({@link #init}) is one leadership: writes are refused outside of one. A fencing error ends the term
 * at once: the listener hears of it before the failed call does, the producer is closed, and the call
 * fails {@code unavailable} ("this node is no longer the cluster leader"); the next term creates a new
 * producer.
 */
public final class FencedSender implements RecordSender {
  private static final Logger LOG = LoggerFactory.getLogger(FencedSender.class);
  /** How many waiting calls one transaction takes at most. */
  static final int MAX_GROUP = 64;
  static final String NOT_LEADER = "this node is no longer the cluster leader";

  private final Supplier<Producer<String, byte[]>> producers;
  private final LongConsumer onFenced;
  private final Duration closeTimeout;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile long activeTerm;
  private volatile boolean closed;
  // Only on the sender's thread.
  private Producer<String, byte[]> producer;

  /**
   * @param producers creates a transactional producer (its {@code transactional.id} set), one per term
   * @param onFenced told, on the sender's thread, the term that a fencing (or fatal producer) error ended
   */
  public FencedSender(String name, Supplier<Producer<String, byte[]>> producers, LongConsumer onFenced,
      Duration closeTimeout) {
    this.producers = producers;
    this.onFenced = onFenced;
    this.closeTimeout = closeTimeout;
    this.thread = new Thread(this::run, "hub-fenced-sender-" + name);
    thread.setDaemon(true);
    // Kafka loads classes (e.g. its config's login callbacks) through the context class loader: the hub's, never
    // that of the plugin whose write happened to start this thread.
    thread.setContextClassLoader(FencedSender.class.getClassLoader());
    thread.start();
  }

  /**
   * Starts a term: a new producer whose {@code initTransactions()} fences any earlier holder of the
   * transactional id (and aborts its open transaction). Writes of this term are taken from then on.
   */
  public Future<Void> init(long term) {
    if (term <= 0) {
      throw new IllegalArgumentException("a term is positive");
    }
    Promise<Void> done = Promise.promise();
    submit(new Control(() -> {
      closeProducer();
      Producer<String, byte[]> created = producers.get();
      try {
        created.initTransactions();
      } catch (RuntimeException e) {
        close(created);
        throw e;
      }
      producer = created;
      activeTerm = term;
    }, done));
    return done.future();
  }

  /** Ends a term (leadership lost): writes are refused at once, the producer is closed on the sender's thread. */
  public void endTerm(long term) {
    if (activeTerm == term) {
      activeTerm = 0;
    }
    submit(new Control(() -> {
      if (activeTerm == 0) {
        closeProducer();
      }
    }, Promise.promise()));
  }

  /** The term whose writes are taken now; 0 for none. */
  public long activeTerm() {
    return activeTerm;
  }

  @Override
  public Future<Void> send(List<ProducerRecord<String, byte[]>> records) {
    return send(records, activeTerm);
  }

  /** Sends in one transaction of {@code term}; fails {@code unavailable} when that term is not (or no longer) active. */
  public Future<Void> send(List<ProducerRecord<String, byte[]>> records, long term) {
    Promise<Void> done = Promise.promise();
    Context context = Vertx.currentContext();
    if (term == 0 || term != activeTerm || closed) {
      return Future.failedFuture(notLeader());
    }
    submit(new Send(List.copyOf(records), term, done, context));
    return done.future();
  }

  /** Stops the sender's thread after what is queued, closing the producer; later calls fail. */
  public void close() {
    closed = true;
    activeTerm = 0;
    queue.add(new Control(() -> {
      closeProducer();
      throw new Stop();
    }, Promise.promise()));
  }

  private void submit(Task task) {
    if (closed) {
      task.fail(notLeader());
      return;
    }
    queue.add(task);
  }

  private void run() {
    try {
      while (true) {
        Task task = queue.take();
        if (task instanceof Control control) {
          try {
            control.action.run();
            control.done.complete();
          } catch (Stop stop) {
            control.done.complete();
            failQueued();
            return;
          } catch (RuntimeException e) {
            control.done.fail(e);
          }
        } else {
          List<Send> group = new ArrayList<>();
          group.add((Send) task);
          while (group.size() < MAX_GROUP && queue.peek() instanceof Send next && next.term == group.get(0).term) {
            group.add((Send) queue.poll());
          }
          sendGroup(group);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void failQueued() {
    Task t;
    while ((t = queue.poll()) != null) {
      t.fail(notLeader());
    }
  }

  private void sendGroup(List<Send> group) {
    long term = group.get(0).term;
    if (term != activeTerm || producer == null) {
      group.forEach(s -> s.fail(notLeader()));
      return;
    }
    RuntimeException failure = transact(group);
    if (failure == null) {
      group.forEach(Send::succeed);
    } else if (group.size() > 1 && activeTerm == term) {
      // One call's records may be what the broker refused: each call gets its own answer.
      for (Send s : group) {
        sendGroup(List.of(s));
      }
    } else {
      group.forEach(s -> s.fail(failure));
    }
  }

  // One transaction for the group; null when committed, else what the callers are told.
  private RuntimeException transact(List<Send> group) {
    long term = group.get(0).term;
    try {
      producer.beginTransaction();
      for (Send s : group) {
        for (ProducerRecord<String, byte[]> r : s.records) {
          producer.send(r);
        }
      }
      producer.commitTransaction();
      return null;
    } catch (RuntimeException e) {
      if (isFencing(e)) {
        LOG.warn("fenced: another node became the cluster leader (" + e.getClass().getSimpleName() + ")");
        endFenced(term);
        return notLeader();
      }
      try {
        producer.abortTransaction();
      } catch (RuntimeException abortFailed) {
        // The producer cannot go on: the term ends as if fenced, and a new one starts with a new producer.
        LOG.warn("the leader's producer failed and cannot abort; leadership is given up", abortFailed);
        endFenced(term);
        return notLeader();
      }
      return new HubException(ErrorCode.UNAVAILABLE, "the cluster log did not take the leader's write: " + e.getMessage());
    }
  }

  private void endFenced(long term) {
    if (activeTerm == term) {
      activeTerm = 0;
    }
    closeProducerNow();
    onFenced.accept(term);
  }

  /** True for the errors that say another producer took the transactional id (or this one's term is over). */
  public static boolean isFencing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
          || t instanceof InvalidPidMappingException || t instanceof UnknownProducerIdException
          || t instanceof InvalidTxnStateException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private void closeProducer() {
    if (producer != null) {
      Producer<String, byte[]> p = producer;
      producer = null;
      close(p, closeTimeout);
    }
  }

  private void closeProducerNow() {
    if (producer != null) {
      Producer<String, byte[]> p = producer;
      producer = null;
      close(p, Duration.ZERO);
    }
  }

  private void close(Producer<String, byte[]> p) {
    close(p, Duration.ZERO);
  }

  private static void close(Producer<String, byte[]> p, Duration timeout) {
    try {
      p.close(timeout);
    } catch (RuntimeException e) {
      LOG.debug("closing the leader's producer", e);
    }
  }

  static HubException notLeader() {
    return new HubException(ErrorCode.UNAVAILABLE, NOT_LEADER);
  }

  private sealed interface Task permits Control, Send {
    void fail(Throwable cause);
  }

  private record Control(Runnable action, Promise<Void> done) implements Task {
    @Override
    public void fail(Throwable cause) {
      done.tryFail(cause);
    }
  }

  private record Send(List<ProducerRecord<String, byte[]>> records, long term, Promise<Void> done, Context context)
      implements Task {
    void succeed() {
      complete(() -> done.tryComplete());
    }

    @Override
    public void fail(Throwable cause) {
      complete(() -> done.tryFail(cause));
    }

    // Callers' continuations run on their own context, never on the sender's thread.
    private void complete(Runnable r) {
      if (context == null) {
        r.run();
      } else {
        context.runOnContext(v -> r.run());
      }
    }
  }

  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }
}
