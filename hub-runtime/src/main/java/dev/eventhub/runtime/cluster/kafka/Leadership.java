package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.cluster.kafka.impl.TopicSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the node that runs the plugins placed on one node, and fences the one before it.
 *
 * <p>Election: every node is a member of the consumer group {@code <topic>.leader}, subscribed to the
 * one-partition topic of that name; the member assigned its partition is the candidate. The group's
 * session ({@code cluster.sessionTimeout}) decides when a silent member is dropped; the poll loop has
 * its own thread, and a poll loop that stalls that long is dropped too.
 *
 * <p>A term: the candidate starts its {@link FencedSender} (whose {@code initTransactions()} fences the
 * previous leader's producer and aborts its open transaction), writes a {@link LeaderRecord} through
 * it, and, once that record is committed (and applied here, with {@link LeadershipSettings#awaitApply}),
 * becomes the leader. The partition revoked or lost, or any fencing error of the sender, ends the term
 * at once: {@link #isLeader()} is false before any further leader write is taken. A term that failed
 * while the partition is still held is followed by leaving and joining the group again, never by a
 * new term started alone: only the group coordinator says who holds the partition. Assignment is
 * sticky and cooperative, so nodes joining or leaving do not move leadership from a live leader.
 */
public final class Leadership implements ClusterView {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final LeadershipSettings settings;
  private final Context context;
  private final FencedSender sender;
  private final List<Handler<Boolean>> handlers = new CopyOnWriteArrayList<>();
  private final Thread pollThread;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean running;
  private volatile boolean leader;
  private volatile boolean rejoin;
  private volatile LeaderRecord lastApplied;
  private volatile String httpBase;
  private volatile CountDownLatch stall;
  // Whether the group gave this node an assignment (empty or not) since it last lost one: for tests.
  private volatile boolean joined;
  // The term in progress (this node holds the partition), or null; guarded by this.
  private Term term;
  private long terms;
  private Consumer<byte[], byte[]> consumer;

  /** A node's part in the election; {@link #start()} joins it. */
  public Leadership(Vertx vertx, LeadershipSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.context = vertx.getOrCreateContext();
    this.sender = new FencedSender(settings.nodeId(), () -> ElectionClients.leaderProducer(settings), this::fenced, Duration.ofSeconds(5));
    this.pollThread = new Thread(this::pollLoop, "hub-leadership-" + settings.nodeId());
    pollThread.setDaemon(true);
    pollThread.setContextClassLoader(Leadership.class.getClassLoader());
  }

  /** Creates the election topic when missing, then joins the election; completes once the node is a candidate. */
  public Future<Void> start() {
    return start(settings.httpBase());
  }

  /**
   * As {@link #start()}, advertising {@code httpBase} in this node's leader records (known only once the
   * HTTP server listens).
   */
  public Future<Void> start(String httpBase) {
    this.httpBase = httpBase;
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(settings.client())) {
        TopicSetup.ensure(admin, settings.leaderTopic());
      }
      return null;
    }, false).map(v -> {
      running = true;
      pollThread.start();
      return null;
    });
  }

  /**
   * Leaves the election: leadership (if held) ends first, then the node leaves the group, so that
   * another node takes over without waiting for the session to time out.
   */
  public Future<Void> stop() {
    if (!running) {
      sender.close();
      return Future.succeededFuture();
    }
    running = false;
    resumePolling();
    synchronized (this) {
      if (consumer != null) {
        consumer.wakeup();
      }
    }
    return stopped.future();
  }

  /** What every write of a plugin placed on one node goes through while this node leads. */
  public FencedSender sender() {
    return sender;
  }

  /**
   * Notes a leader record that the log applied (the log calls this in log order): the leader's address
   * for forwarding, and, for this node's own record of the current term, the start of leadership.
   */
  public void applied(LeaderRecord record) {
    lastApplied = record;
    Term started = null;
    synchronized (this) {
      if (term != null && record.node().equals(settings.nodeId()) && record.generation() == term.generation) {
        term.applied = true;
        started = term;
      }
    }
    if (started != null) {
      maybeLead(started);
    }
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public String leaderHttpBase() {
    LeaderRecord last = lastApplied;
    if (leader || last == null || last.node().equals(settings.nodeId())) {
      return null;
    }
    return last.httpBase();
  }

  @Override
  public void onLeadershipChange(Handler<Boolean> handler) {
    handlers.add(handler);
  }


  /** The node this leadership runs for. */
  public String nodeId() {
    return settings.nodeId();
  }

  /** Whether this node is a member of the election's group with an assignment: tests wait for it. */
  boolean joined() {
    return joined;
  }

  // Test hooks: the poll thread stops between two polls (as a paused process would) until resumed.
  void stallPolling() {
    stall = new CountDownLatch(1);
  }

  void resumePolling() {
    CountDownLatch s = stall;
    stall = null;
    if (s != null) {
      s.countDown();
    }
  }

  private void pollLoop() {
    Consumer<byte[], byte[]> c = null;
    try {
      c = ElectionClients.electionConsumer(settings);
      synchronized (this) {
        consumer = c;
      }
      c.subscribe(List.of(settings.leaderTopic()), new Listener());
      while (running) {
        pollOnce(c);
      }
      endTerm(null, "this node is leaving the cluster");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endTerm(null, "leader election interrupted");
    } catch (RuntimeException e) {
      LOG.error("leader election stopped", e);
      endTerm(null, "leader election stopped");
    } finally {
      sender.close();
      if (c != null) {
        // Leaving the group (not waiting for the session to expire) hands leadership over at once.
        c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(5)));
      }
      stopped.tryComplete();
    }
  }

  private void pollOnce(Consumer<byte[], byte[]> c) throws InterruptedException {
    CountDownLatch s = stall;
    if (s != null) {
      s.await();
      return;
    }
    try {
      c.poll(POLL);
    } catch (WakeupException e) {
      // stop() or a fenced term: looked at below.
    } catch (RuntimeException e) {
      // Not a reason to stop electing (the broker may be back soon), nor to log five times a second.
      LOG.warn("leader election: " + e);
      Thread.sleep(ERROR_BACKOFF.toMillis());
    }
    if (rejoin) {
      // Leave and join again as a new member: the group, not this node, says who holds the partition next.
      rejoin = false;
      c.unsubscribe();
      c.subscribe(List.of(settings.leaderTopic()), new Listener());
    }
  }

  private void beginTerm(int generation) {
    Term t;
    synchronized (this) {
      t = new Term(++terms, generation);
      term = t;
    }
    LOG.info("leader election: node " + settings.nodeId() + " is the candidate (generation " + generation + ")");
    LeaderRecord record = new LeaderRecord(settings.nodeId(), httpBase, generation);
    sender.init(t.id)
        .compose(v -> sender.send(List.of(record.toRecord(settings.topic())), t.id))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("leader election: node " + settings.nodeId() + " could not take leadership: "
                + ar.cause().getMessage());
            if (current(t)) {
              endTerm(t, "the term could not start");
              rejoin = true;
            }
            return;
          }
          synchronized (this) {
            t.written = true;
          }
          maybeLead(t);
        });
  }

  private synchronized boolean current(Term t) {
    return term == t;
  }

  private void maybeLead(Term t) {
    synchronized (this) {
      if (term != t || !t.written || (settings.awaitApply() && !t.applied)) {
        return;
      }
      setLeader(true);
    }
    LOG.info("node " + settings.nodeId() + " is the cluster leader (generation " + t.generation + ")");
  }

  // Ends the given term (null: whatever term is on); leadership is false when this returns.
  private void endTerm(Term t, String why) {
    Term ended;
    synchronized (this) {
      if (term == null || (t != null && term != t)) {
        return;
      }
      ended = term;
      term = null;
      setLeader(false);
    }
    sender.endTerm(ended.id);
    LOG.info("node " + settings.nodeId() + " is not the cluster leader: " + why);
  }

  // From the sender's thread: a write of term id was fenced; this term's leadership is over now.
  private void fenced(long id) {
    Term t;
    synchronized (this) {
      t = term != null && term.id == id ? term : null;
    }
    if (t != null) {
      endTerm(t, "fenced: another node became the cluster leader");
      rejoin = true;
      synchronized (this) {
        if (consumer != null) {
          consumer.wakeup();
        }
      }
    }
  }

  // Under this: the flag changes now, the handlers hear of it on the context, in order.
  private void setLeader(boolean value) {
    if (leader == value) {
      return;
    }
    leader = value;
    context.runOnContext(v -> handlers.forEach(h -> h.handle(value)));
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      joined = true;
      if (holds(partitions)) {
        beginTerm(consumer.groupMetadata().generationId());
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      joined = false;
      if (holds(partitions)) {
        endTerm(null, "the election partition was revoked");
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      joined = false;
      if (holds(partitions)) {
        endTerm(null, "this node's session in the election expired");
      }
    }

    private boolean holds(Collection<TopicPartition> partitions) {
      return partitions.contains(new TopicPartition(settings.leaderTopic(), 0));
    }
  }

  /** One leadership of this node: from the partition assigned to it being revoked or lost. */
  private static final class Term {
    final long id;
    final int generation;
    boolean written;
    boolean applied;

    Term(long id, int generation) {
      this.id = id;
      this.generation = generation;
    }
  }
}
