package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.runtime.log.EntryResult;
import dev.eventhub.runtime.log.LogEntry;
import dev.eventhub.runtime.log.ReplicaLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the log topic to this node's store, on a thread of its own: a consumer without a group
 * ({@code assign} partition 0, {@code read_committed}) polls from the applied offset + 1, and each polled batch
 * is ONE transaction of the store, which records the applied offset with it. The next poll waits for that
 * commit: the store never runs ahead of, nor skips, what the topic holds.
 */
public final class Applier implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long END_REFRESH_MILLIS = 1_000;
  private static final long RETRY_MILLIS = 1_000;

  private final Properties properties;
  private final TopicPartition partition;
  private final ReplicaLog store;
  private final Consumer<List<EntryResult>> onApplied;
  private final long bootstrapEnd;
  private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean suspended;
  // Set by the applier's thread while it is suspended and applies nothing.
  private volatile boolean idle;
  private volatile KafkaConsumer<String, byte[]> consumer;
  // What the applier knows of the topic: its end (last stable offset), its own position, whether Kafka answers.
  private volatile long endOffset;
  private volatile long position;
  private volatile boolean reachable = true;
  private volatile long behindSince;
  private volatile String fault;
  private long endRefreshedAt;

  /**
   * @param bootstrapEnd the topic's end offset when the node started: {@link #bootstrapped()} completes once
   *     the node applied up to it
   * @param onApplied called on this thread with each batch's results, after its commit
   */
  public Applier(Properties properties, String topic, ReplicaLog store, long bootstrapEnd,
      Consumer<List<EntryResult>> onApplied) {
    this.properties = properties;
    this.partition = new TopicPartition(topic, 0);
    this.store = store;
    this.bootstrapEnd = bootstrapEnd;
    this.endOffset = bootstrapEnd;
    this.position = store.appliedOffset() + 1;
    this.onApplied = onApplied;
    this.behindSince = System.currentTimeMillis();
    this.thread = new Thread(this, "hub-kafka-applier");
    this.thread.setDaemon(true);
    this.thread.setContextClassLoader(Applier.class.getClassLoader());
  }

  public void start() {
    if (position >= bootstrapEnd) {
      bootstrapped.complete(null);
    }
    thread.start();
  }

  /** Completes once this node applied what the topic held when it started. */
  public CompletableFuture<Void> bootstrapped() {
    return bootstrapped;
  }

  /** The topic's end offset (last stable offset) as last seen. */
  public long endOffset() {
    return endOffset;
  }

  /** Whether the last request to Kafka succeeded. */
  public boolean reachable() {
    return reachable;
  }

  /** Records between the applier's position and the topic's end, as last seen. */
  public long lagRecords() {
    return Math.max(0, endOffset - position);
  }

  /** Milliseconds since this node was last caught up with the topic; 0 while it is. */
  public long millisBehind() {
    return position >= endOffset ? 0 : System.currentTimeMillis() - behindSince;
  }

  /** What stops the applier, when something does (a retention gap, a store fault); null otherwise. */
  public String fault() {
    return fault;
  }

  /**
   * Operations and tests: stops applying (the node falls behind) until {@link #resume()}. Returns once the
   * batch being applied, if any, is done: nothing is applied after it returns.
   */
  public synchronized void suspend() {
    suspended = true;
    long deadline = System.currentTimeMillis() + 30_000;
    while (!idle && !closing && thread.isAlive() && System.currentTimeMillis() < deadline) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public synchronized void resume() {
    suspended = false;
    notifyAll();
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties)) {
      consumer = c;
      c.assign(Set.of(partition));
      c.seek(partition, store.appliedOffset() + 1);
      while (!closing) {
        idle = suspended;
        if (suspended) {
          synchronized (this) {
            notifyAll();
          }
          // Still watching the topic's end: a suspended node falls behind, and /ready says so.
          if (System.currentTimeMillis() - endRefreshedAt >= END_REFRESH_MILLIS) {
            refreshEnd(c);
          }
          pause();
          continue;
        }
        step(c);
      }
    } catch (WakeupException | InterruptException e) {
      // Closing.
    } catch (RuntimeException e) {
      fault = "the applier stopped: " + e;
      LOG.error("cluster: the applier stopped; this node no longer follows the log", e);
      bootstrapped.completeExceptionally(e);
    }
  }

  private void step(KafkaConsumer<String, byte[]> c) {
    ConsumerRecords<String, byte[]> records;
    try {
      records = c.poll(POLL);
    } catch (KafkaException e) {
      if (e instanceof WakeupException || e instanceof InterruptException) {
        throw e;
      }
      fault = "cannot read the log topic: " + e.getMessage();
      LOG.warn("cluster: cannot read the log topic; retrying", e);
      reachable = false;
      retryLater(c);
      return;
    }
    if (!records.isEmpty() && !apply(c, records)) {
      return;
    }
    position = c.position(partition);
    c.currentLag(partition).ifPresent(lag -> endOffset = position + lag);
    // A request to the broker of its own: once a second, not after every idle poll, where it would sit between
    // a publish and its apply. In between, the fetch responses' lag keeps endOffset current.
    if (System.currentTimeMillis() - endRefreshedAt >= END_REFRESH_MILLIS) {
      refreshEnd(c);
    }
    if (position >= endOffset) {
      behindSince = System.currentTimeMillis();
      if (position >= bootstrapEnd) {
        bootstrapped.complete(null);
      }
    }
  }

  private boolean apply(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
    List<LogEntry> entries = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      LogEntry entry = RecordCodec.decode(r);
      if (entry instanceof LogEntry.Skipped s) {
        LOG.warn("cluster: skipping record at offset " + s.offset() + " of the log topic: " + s.why());
      }
      entries.add(entry);
    }
    // Transaction markers after the last record take offsets too: the position says how far the batch reaches.
    long through = Math.max(entries.get(entries.size() - 1).offset(), c.position(partition) - 1);
    try {
      List<EntryResult> results = store.apply(entries, through).toCompletionStage().toCompletableFuture().get();
      fault = null;
      onApplied.accept(results);
      return true;
    } catch (ExecutionException e) {
      fault = "the store cannot apply the log: " + e.getCause().getMessage();
      LOG.warn("cluster: applying offsets " + entries.get(0).offset() + " to " + through
          + " failed; retrying", e.getCause());
      retryLater(c);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  // Starts again from what the store holds.
  private void retryLater(KafkaConsumer<String, byte[]> c) {
    pauseFor(RETRY_MILLIS);
    if (!closing) {
      c.seek(partition, store.appliedOffset() + 1);
    }
  }

  private void refreshEnd(KafkaConsumer<String, byte[]> c) {
    endRefreshedAt = System.currentTimeMillis();
    try {
      Long end = c.endOffsets(Set.of(partition), Duration.ofSeconds(2)).get(partition);
      if (end != null) {
        endOffset = end;
      }
      reachable = true;
    } catch (KafkaException e) {
      if (e instanceof WakeupException || e instanceof InterruptException) {
        throw e;
      }
      reachable = false;
    }
  }

  private void pause() {
    pauseFor(POLL.toMillis());
  }

  // Waits on the thread's monitor: close() wakes it at once.
  private synchronized void pauseFor(long millis) {
    try {
      if (!closing) {
        wait(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  /** Stops polling and waits for the thread (at most a few seconds): call off the event loop. */
  public void close() {
    closing = true;
    synchronized (this) {
      notifyAll();
    }
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
