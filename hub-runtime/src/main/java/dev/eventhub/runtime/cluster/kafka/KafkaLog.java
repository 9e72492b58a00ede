package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.cluster.kafka.impl.Applier;
import dev.eventhub.runtime.cluster.kafka.impl.ClientProperties;
import dev.eventhub.runtime.cluster.kafka.impl.HeadWatch;
import dev.eventhub.runtime.cluster.kafka.impl.KafkaStorage;
import dev.eventhub.runtime.cluster.kafka.impl.NodeSender;
import dev.eventhub.runtime.cluster.kafka.impl.RecordCodec;
import dev.eventhub.runtime.cluster.kafka.impl.TopicSetup;
import dev.eventhub.runtime.cluster.kafka.impl.Waiters;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.DocumentCommand;
import dev.eventhub.runtime.log.EntryResult;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogEntry;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.log.LogStats;
import dev.eventhub.runtime.log.ReplicaLog;
import dev.eventhub.runtime.log.impl.EventIds;
import dev.eventhub.runtime.log.impl.SqliteReplica;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's log (see docs/cluster.md): a Kafka topic of one partition. Appends and document writes are
 * produced to it and complete once the broker acknowledged them ({@code acks=all}) AND this node applied
 * them to its own SQLite store; reads come from that store, which every node fills from the topic in offset
 * order, so that the same event has the same cursor on every node.
 */
public final class KafkaLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLog.class);

  private final Node node;
  private final RecordSender sender;
  private final boolean owner;

  // What every view of this log shares: the store, the applier, the waits, the clients.
  private static final class Node {
    Vertx vertx;
    ClusterSettings settings;
    String nodeId;
    TopicSetup.TopicInfo topic;
    ReplicaLog local;
    Admin admin;
    NodeSender nodeSender;
    Waiters waiters;
    HeadWatch heads;
    Applier applier;
    volatile Consumer<LeaderRecord> leaderListener = r -> {};
    volatile Context leaderContext;
  }

  private KafkaLog(Node node, RecordSender sender, boolean owner) {
    this.node = node;
    this.sender = sender;
    this.owner = owner;
  }

  /**
   * Sets up the topic, opens this node's store (rebuilt when it holds a copy of another topic), refuses to
   * start when the topic no longer holds what the store needs next, and starts applying.
   *
   * @param onRecorded where applied events go (the event bus), after their commit, in log order
   */
  public static Future<KafkaLog> open(Vertx vertx, ClusterSettings settings, String nodeId, LogOptions options,
      Consumer<List<HubEvent>> onRecorded) {
    Node n = new Node();
    n.vertx = vertx;
    n.settings = settings;
    n.nodeId = nodeId;
    return vertx.executeBlocking(() -> {
      n.admin = Admin.create(ClientProperties.admin(settings, nodeId));
      try {
        n.topic = TopicSetup.logTopic(n.admin, settings.topic());
        return n;
      } catch (RuntimeException | InterruptedException e) {
        n.admin.close();
        throw e;
      }
    }).compose(v -> SqliteReplica.open(vertx, options, onRecorded, n.topic.topicId().toString(),
        n.topic.incarnation(), settings.dedupWindow()))
        .compose(local -> {
          n.local = local;
          long next = local.appliedOffset() + 1;
          if (n.topic.earliestOffset() > next) {
            return local.close().eventually(() -> vertx.executeBlocking(() -> {
              n.admin.close();
              return null;
            })).transform(ar -> Future.failedFuture(gap(n.topic, next)));
          }
          return Future.succeededFuture(start(n, options));
        });
  }

  private static ConfigException gap(TopicSetup.TopicInfo topic, long next) {
    return new ConfigException("cluster: this node's store needs offset " + next + " of topic " + topic.topic()
        + " next, but the topic's earliest offset is " + topic.earliestOffset() + " (retention removed records "
        + "this node never applied). Start it from a snapshot instead: stop a node that is up to date (or VACUUM "
        + "INTO a copy of its events.db), copy its data directory here, then start this node (see docs/cluster.md)");
  }

  private static KafkaLog start(Node n, LogOptions options) {
    n.nodeSender = new NodeSender(n.vertx, n.settings, n.nodeId);
    n.waiters = new Waiters(n.nodeId, options.limits().maxQueuedEvents(), options.limits().maxQueuedBytes());
    n.heads = new HeadWatch(n.local.appliedOffset() + 1);
    KafkaLog log = new KafkaLog(n, n.nodeSender, true);
    n.applier = new Applier(ClientProperties.consumer(n.settings, n.nodeId), n.settings.topic(), n.local,
        n.topic.endOffset(), log::applied);
    n.applier.start();
    LOG.info("cluster: node " + n.nodeId + " applies topic " + n.settings.topic() + " from offset "
        + (n.local.appliedOffset() + 1) + " (end offset " + n.topic.endOffset() + ")");
    return log;
  }

  // On the applier's thread, after each batch's commit (its events are on the event bus already).
  private void applied(List<EntryResult> results) {
    node.heads.advanced(node.local.appliedOffset() + 1);
    node.waiters.applied(results);
    for (EntryResult r : results) {
      if (r.entry() instanceof LogEntry.Leader leader) {
        announce(leader.json());
      }
    }
  }

  private void announce(String json) {
    LeaderRecord record;
    try {
      record = LeaderRecord.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.warn("cluster: ignoring a leader record: " + e.getMessage());
      return;
    }
    Context context = node.leaderContext;
    Consumer<LeaderRecord> listener = node.leaderListener;
    if (context != null) {
      context.runOnContext(v -> listener.accept(record));
    }
  }

  /**
   * The same log, whose appends and document writes are produced through {@code sender} instead of this
   * node's own producers: what plugins that run on the leader only get (a fenced sender).
   */
  public EventLog writingThrough(RecordSender sender) {
    return new KafkaLog(node, sender, false);
  }

  /**
   * Tells {@code listener}, on the caller's context, of each applied leader record, in log order; at once of
   * the last one this node applied before, if any. One listener; a later call replaces it.
   */
  public void onLeaderRecord(Consumer<LeaderRecord> listener) {
    node.leaderContext = node.vertx.getOrCreateContext();
    node.leaderListener = listener;
    String last = node.local.lastLeader();
    if (last != null) {
      announce(last);
    }
  }

  @Override
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    try {
      node.local.admitCategories(drafts.stream().map(EventDraft::category).toList());
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    long now = System.currentTimeMillis();
    long bytes = 0;
    List<String> ids = new ArrayList<>(drafts.size());
    for (EventDraft d : drafts) {
      ids.add(d.id() != null ? d.id() : EventIds.next(now));
      bytes += d.data().encode().length();
      for (java.util.Map.Entry<String, String> a : d.attributes().entrySet()) {
        bytes += a.getKey().length() + a.getValue().length();
      }
    }
    Waiters.Waiter waiter;
    try {
      waiter = node.waiters.register(drafts.size(), bytes, node.vertx.getOrCreateContext());
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      records.add(RecordCodec.event(node.settings.topic(), drafts.get(i), ids.get(i), waiter.origin()));
    }
    return sendAndAwait(records, waiter).map(results -> results.stream().map(r -> (Appended) r.value()).toList());
  }

  // Produces the records, then waits until this node applied them, at most cluster.publishTimeout.
  private Future<List<EntryResult>> sendAndAwait(List<ProducerRecord<String, byte[]>> records, Waiters.Waiter waiter) {
    long timeout = node.settings.publishTimeout().toMillis();
    long timer = node.vertx.setTimer(timeout, t -> waiter.fail(new HubException(ErrorCode.UNAVAILABLE,
        "the write was not acknowledged by Kafka and applied on this node within cluster.publishTimeout ("
            + timeout + " ms); it may still be recorded: retry with the same ids (a duplicate is recorded once)")));
    sender.send(records).onFailure(waiter::fail);
    return waiter.future().onComplete(ar -> node.vertx.cancelTimer(timer));
  }

  // A document command: produced, then answered with what applying it did here.
  private Future<Object> command(DocumentCommand command) {
    Waiters.Waiter waiter;
    try {
      waiter = node.waiters.register(1, command.value() == null ? 0 : command.value().length(),
          node.vertx.getOrCreateContext());
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    return sendAndAwait(List.of(RecordCodec.document(node.settings.topic(), command, waiter.origin())), waiter)
        .map(results -> results.get(0).value());
  }

  /**
   * Reads from this node's store. A cursor of this topic beyond what this node applied (a client resuming here
   * after reading another node) waits until this node applied it, at most cluster.publishTimeout; one beyond
   * the topic's end is unknown.
   */
  @Override
  public Future<EventPage> read(EventQuery query) {
    long since = query.since() == null ? 0 : node.local.seqOf(query.since());
    if (since <= node.local.appliedOffset() + 1) {
      return node.local.read(query);
    }
    Context context = node.vertx.getOrCreateContext();
    return endOffset(context).compose(end -> {
      // Sequence number s is the record at offset s - 1: it exists when s - 1 < end.
      if (since - 1 >= end) {
        return node.local.read(query);
      }
      Future<Void> reached = node.heads.await(since, context);
      long timeout = node.settings.publishTimeout().toMillis();
      return reached.timeout(timeout, TimeUnit.MILLISECONDS)
          .recover(e -> {
            node.heads.forget(reached);
            return Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "this node is behind the cluster's "
                + "log and did not reach cursor " + query.since() + " within " + timeout + " ms; retry, or read "
                + "from another node"));
          })
          .compose(v -> node.local.read(query));
    });
  }

  // The topic's end offset now (read_committed); what the applier last saw when Kafka does not answer.
  private Future<Long> endOffset(Context context) {
    TopicPartition partition = new TopicPartition(node.settings.topic(), 0);
    var result = node.admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(5_000)).partitionResult(partition);
    return Future.fromCompletionStage(result.toCompletionStage(), context).map(info -> info.offset())
        .otherwise(e -> node.applier.endOffset());
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    return node.local.last(filter, count);
  }

  @Override
  public Future<HubEvent> find(String category, String id) {
    return node.local.find(category, id);
  }

  @Override
  public Future<String> head() {
    return node.local.head();
  }

  @Override
  public PluginStorage storage(String namespace) {
    return new KafkaStorage(namespace, node.local.storage(namespace), this::command);
  }

  @Override
  public Future<Long> prune() {
    return node.local.prune();
  }

  @Override
  public LogStats stats() {
    return node.local.stats();
  }

  @Override
  public String storageFault() {
    return node.local.storageFault();
  }

  @Override
  public void onCommit(java.util.function.LongConsumer listener) {
    node.local.onCommit(listener);
  }

  @Override
  public void onCategoriesEmptied(Consumer<Set<String>> listener) {
    node.local.onCategoriesEmptied(listener);
  }

  /** This node's id in the cluster. */
  public String nodeId() {
    return node.nodeId;
  }

  /** The offset of the last record this node applied; -1 when none. */
  public long appliedOffset() {
    return node.local.appliedOffset();
  }

  /** The applier: its position, lag and reachability. */
  public Applier applier() {
    return node.applier;
  }

  /** What the hub found of the topic at start. */
  public TopicSetup.TopicInfo topic() {
    return node.topic;
  }

  /** The last applied leader record, or null. */
  public LeaderRecord lastLeader() {
    String json = node.local.lastLeader();
    try {
      return json == null ? null : LeaderRecord.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Completes once this node applied what the topic held when it started. */
  public Future<Void> bootstrapped() {
    return Future.fromCompletionStage(node.applier.bootstrapped(), node.vertx.getOrCreateContext());
  }

  /** The Kafka admin client this node uses (thread-safe): for the leader's topic. */
  public Admin admin() {
    return node.admin;
  }

  /** Closes the clients and the store; a view ({@link #writingThrough}) closes nothing. */
  @Override
  public Future<Void> close() {
    if (!owner) {
      return Future.succeededFuture();
    }
    return node.vertx.<Void>executeBlocking(() -> {
      node.applier.close();
      node.nodeSender.close();
      node.waiters.failAll(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
      try {
        node.admin.close(java.time.Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("closing the admin client", e);
      }
      return null;
    }).eventually(() -> node.local.close());
  }
}
