package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.cluster.kafka.RecordSender;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own sender: one record through the idempotent producer (lowest latency), several through
 * a transactional producer ({@code transactional.id} = {@code <topic>.node.<nodeId>}), so that a batch is
 * read by every node entirely or not at all. Kafka's calls block: each producer has a thread of its own.
 */
public final class NodeSender implements RecordSender {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSender.class);
  private static final int MAX_GROUP_RECORDS = 10_000;

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final String nodeId;
  private final ExecutorService singleThread;
  private final ExecutorService transactionThread;
  private final Queue<Batch> batches = new ConcurrentLinkedQueue<>();
  private volatile Producer<String, byte[]> idempotent;
  // Used on transactionThread only; created at the first batch.
  private Producer<String, byte[]> transactional;

  public NodeSender(Vertx vertx, ClusterSettings settings, String nodeId) {
    this.vertx = vertx;
    this.settings = settings;
    this.nodeId = nodeId;
    this.singleThread = Executors.newSingleThreadExecutor(r -> daemon(r, "hub-kafka-producer"));
    this.transactionThread = Executors.newSingleThreadExecutor(r -> daemon(r, "hub-kafka-tx-producer"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    // Kafka loads classes (e.g. its config's login callbacks) through the context class loader: the hub's, never
    // that of the plugin whose write happened to start this thread.
    t.setContextClassLoader(NodeSender.class.getClassLoader());
    return t;
  }

  @Override
  public Future<Void> send(List<ProducerRecord<String, byte[]>> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    Context context = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    try {
      if (records.size() == 1) {
        singleThread.execute(() -> sendOne(records.get(0), context, done));
      } else {
        batches.add(new Batch(records, context, done));
        transactionThread.execute(this::sendQueuedBatches);
      }
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
    }
    return done.future();
  }

  private void sendOne(ProducerRecord<String, byte[]> record, Context context, Promise<Void> done) {
    try {
      if (idempotent == null) {
        idempotent = new KafkaProducer<>(ClientProperties.producer(settings, nodeId, null));
      }
      idempotent.send(record, (metadata, error) -> context.runOnContext(v -> {
        if (error == null) {
          done.complete();
        } else {
          done.fail(unavailable(error));
        }
      }));
    } catch (RuntimeException e) {
      context.runOnContext(v -> done.fail(unavailable(e)));
    }
  }

  // The batches waiting when the transaction thread gets to them go into one transaction (group commit): each is
  // still read entirely or not at all, and a node under load commits once for many batches, not once per batch.
  // A group refused as too large is tried again batch by batch, so that the batch too large fails alone.
  private void sendQueuedBatches() {
    List<Batch> group = new ArrayList<>();
    int records = 0;
    Batch next;
    while (records < MAX_GROUP_RECORDS && (next = batches.poll()) != null) {
      group.add(next);
      records += next.records.size();
    }
    RuntimeException failed = commit(group);
    if (tooLarge(failed) && group.size() > 1) {
      group.forEach(b -> answer(b, commit(List.of(b))));
    } else {
      group.forEach(b -> answer(b, failed));
    }
    if (!batches.isEmpty()) {
      transactionThread.execute(this::sendQueuedBatches);
    }
  }

  private static void answer(Batch b, RuntimeException failed) {
    b.context.runOnContext(v -> {
      if (failed == null) {
        b.done.complete();
      } else {
        b.done.fail(unavailable(failed));
      }
    });
  }

  // One transaction holding every batch of the group; the error, or null once committed.
  private RuntimeException commit(List<Batch> group) {
    if (group.isEmpty()) {
      return null;
    }
    try {
      if (transactional == null) {
        transactional = new KafkaProducer<>(ClientProperties.producer(settings, nodeId,
            settings.topic() + ".node." + nodeId));
        transactional.initTransactions();
      }
      transactional.beginTransaction();
      for (Batch b : group) {
        b.records.forEach(transactional::send);
      }
      transactional.commitTransaction();
      return null;
    } catch (RuntimeException e) {
      abortOrDrop(e);
      return e;
    }
  }

  private record Batch(List<ProducerRecord<String, byte[]>> records, Context context, Promise<Void> done) {}

  // After a failed transaction: abort it (none of its records is ever read), or start over with a new producer.
  private void abortOrDrop(RuntimeException cause) {
    if (transactional == null) {
      return;
    }
    boolean fatal = cause instanceof ProducerFencedException || cause instanceof AuthorizationException;
    if (!fatal) {
      try {
        transactional.abortTransaction();
        return;
      } catch (KafkaException e) {
        // Cannot abort: the producer is unusable; a new one aborts what is left at initTransactions.
      }
    }
    if (cause instanceof ProducerFencedException) {
      LOG.warn("cluster: this node's transactional producer was fenced: another process runs with node id "
          + nodeId + " (cluster.nodeId must differ on every node)");
    }
    closeQuietly(transactional);
    transactional = null;
  }

  private static HubException unavailable(Throwable error) {
    if (error instanceof HubException h) {
      return h;
    }
    if (tooLarge(error)) {
      // Retrying would not help: the topic's (or the broker's) size limit refuses it every time.
      return new HubException(ErrorCode.TOO_LARGE, "an event or document is larger than the cluster's log topic "
          + "takes (its max.message.bytes, the broker's message.max.bytes): nothing was recorded");
    }
    return new HubException(ErrorCode.UNAVAILABLE, "the cluster's log (Kafka) did not take the write: "
        + error.getMessage() + "; retry later with the same ids (a duplicate is recorded once)");
  }

  // A transaction's commit reports a refused record as the cause of its own exception.
  private static boolean tooLarge(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Producer<String, byte[]> producer) {
    try {
      producer.close(java.time.Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.debug("closing a producer", e);
    }
  }

  /** Closes both producers (blocks up to a few seconds): call off the event loop. */
  public void close() {
    singleThread.execute(() -> {
      if (idempotent != null) {
        closeQuietly(idempotent);
      }
    });
    transactionThread.execute(() -> {
      if (transactional != null) {
        closeQuietly(transactional);
      }
    });
    singleThread.shutdown();
    transactionThread.shutdown();
    try {
      singleThread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      transactionThread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
