package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.DocumentChange;
import dev.eventhub.runtime.log.LogListener;
import dev.eventhub.runtime.log.ReplicaLog;
import dev.eventhub.runtime.log.impl.EventIds;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One hub of a cluster (docs/adr/0002-cluster.md). The oldest member is the sequencer: every write of
 * every node goes to it; it records the write in its own log, sends each committed group to every other
 * member, and acknowledges once a quorum holds it. Every member records the same groups with the same
 * cursors in its own log and delivers them to its own subscribers; history and replay are local reads.
 * When the sequencer leaves, the next oldest takes over after pulling whatever it lacks from the most
 * advanced member. The sequencer is also the leader that runs the plugins placed on one node.
 *
 * <p>Everything here runs on one Vert.x context, except the log listener's callbacks, which hop to it.
 */
public final class ClusterNode implements ClusterView, LogListener {
  private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
  private static final int ROUND_EVENTS = 4096;
  private static final int FETCH_EVENTS = 2000;
  private static final int DIVERGENCE_WINDOW = 1000;
  private static final long RETRY_MILLIS = 200;
  // The sequencer sends an empty round this often when idle: followers that miss rounds notice.
  private static final long HEARTBEAT_MILLIS = 1000;

  /** What this node does now. */
  public enum Role {
    /** Not yet in step with the cluster. */
    JOINING,
    /** Takes writes from the sequencer. */
    FOLLOWER,
    /** The oldest member, catching up or waiting for a quorum before it takes writes. */
    SYNCING,
    /** Sequences every write; the leader. */
    SEQUENCER;

    String wireName() {
      return name().toLowerCase();
    }
  }

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final HazelcastClusterManager clusterManager;
  private final String nodeId;
  private final Consumer<List<HubEvent>> deliver;
  private final List<Handler<Boolean>> leadershipHandlers = new CopyOnWriteArrayList<>();
  private final Promise<Void> inStep = Promise.promise();
  private Context context;
  private ReplicaLog log;
  private String httpBase;
  private MessageConsumer<JsonObject> consumer;
  private volatile Role role = Role.JOINING;
  private volatile List<String> members = List.of();
  private volatile String sequencerId;
  private volatile String sequencerHttp;
  private volatile boolean stopped;
  // Sequencer: committed here, not yet held by a quorum.
  private final Deque<HubEvent> pendingEvents = new ArrayDeque<>();
  private final Deque<DocumentChange> pendingDocuments = new ArrayDeque<>();
  private final AtomicLong documentsWritten = new AtomicLong();
  private long documentsReplicated;
  private volatile long replicatedSeq;
  private boolean replicating;
  private final TreeMap<Long, List<Promise<Void>>> eventWaiters = new TreeMap<>();
  private final TreeMap<Long, List<Promise<Void>>> documentWaiters = new TreeMap<>();
  // Follower: replicated groups and catch-ups apply one after the other.
  private Future<Void> applying = Future.succeededFuture();
  private boolean catchingUp;
  private boolean takingOver;
  // Follower: when the sequencer's last round came; without one for a while this node is out of step.
  private long lastRoundAt = System.nanoTime();
  private volatile boolean stale;
  private String lastCatchUpError;
  // Writes sent to a sequencer and not yet answered: failed at once (and so sent again) when it leaves.
  private final Map<Promise<JsonObject>, String> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

  public ClusterNode(Vertx vertx, ClusterSettings settings, HazelcastClusterManager clusterManager,
      Consumer<List<HubEvent>> deliver) {
    this.vertx = vertx;
    this.settings = settings;
    this.clusterManager = clusterManager;
    this.nodeId = clusterManager.getNodeId();
    this.deliver = deliver;
  }

  public String nodeId() {
    return nodeId;
  }

  public Role role() {
    return role;
  }

  /**
   * Joins the cluster's work: answers other members, and completes once this node is in step (it is
   * the sequencer, or it caught up with the sequencer's log).
   */
  public Future<Void> start(ReplicaLog log, String httpBase) {
    this.log = log;
    this.replicatedSeq = log.headSeq();
    this.httpBase = settings.httpBase() != null ? settings.httpBase() : httpBase;
    this.context = vertx.getOrCreateContext();
    Promise<Void> registered = Promise.promise();
    context.runOnContext(v -> {
      consumer = vertx.eventBus().consumer(Wire.address(nodeId), this::onMessage);
      consumer.completion().onComplete(registered);
    });
    return registered.future().compose(v -> {
      clusterManager.nodeListener(new NodeListener() {
        @Override
        public void nodeAdded(String id) {
          context.runOnContext(x -> evaluate());
        }

        @Override
        public void nodeLeft(String id) {
          context.runOnContext(x -> evaluate());
        }
      });
      context.runOnContext(x -> {
        evaluate();
        vertx.setPeriodic(HEARTBEAT_MILLIS, t -> tick());
      });
      return inStep.future();
    });
  }

  // ---- membership and roles ----

  private void tick() {
    if (stopped) {
      return;
    }
    if (role == Role.SEQUENCER) {
      replicate(true);
      return;
    }
    long silentMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRoundAt);
    if (role == Role.FOLLOWER && silentMillis > Math.max(3 * HEARTBEAT_MILLIS, settings.memberTimeout().toMillis())) {
      if (!stale) {
        stale = true;
        LOG.warning("cluster: no round from the sequencer " + sequencerId + " for " + silentMillis
            + " ms: out of step (/ready answers 503) until it is heard again");
      }
      scheduleCatchUp();
    }
  }

  /** The sequencer, or a follower that hears from it. */
  @Override
  public boolean inStep() {
    return role == Role.SEQUENCER || (role == Role.FOLLOWER && !stale);
  }

  private void evaluate() {
    if (stopped) {
      return;
    }
    // Hazelcast's member list, oldest first, the same on every member; as Vert.x node ids.
    List<String> now = clusterManager.getNodes();
    members = List.copyOf(now);
    if (now.isEmpty()) {
      return;
    }
    String oldest = now.get(0);
    boolean sequencerChanged = sequencerId != null && !oldest.equals(sequencerId);
    if (!oldest.equals(sequencerId)) {
      LOG.info("cluster: " + now.size() + " member(s); sequencer " + (oldest.equals(nodeId) ? "is this node" : oldest));
      sequencerId = oldest;
      sequencerHttp = null;
      inFlight.forEach((attempt, target) -> {
        if (!target.equals(oldest)) {
          attempt.tryFail(Wire.notNow("sequencer " + target + " left the cluster"));
        }
      });
      if (!oldest.equals(nodeId)) {
        learnSequencerAddress(oldest);
      }
    }
    if (oldest.equals(nodeId)) {
      if (role == Role.SEQUENCER && now.size() < settings.quorum()) {
        LOG.warning("cluster: " + now.size() + " of " + settings.quorum() + " members needed for writes; writes wait");
        setRole(Role.SYNCING);
      }
      if (role != Role.SEQUENCER) {
        takeOver();
      }
    } else {
      if (role == Role.SEQUENCER || role == Role.SYNCING) {
        // Only after a partition heals can an older member appear: it sequences from now on, and this
        // node's newest events (never acknowledged, or they would be there too) may not be in its log.
        setRole(Role.JOINING);
      }
      if (role == Role.JOINING || sequencerChanged) {
        // A new sequencer may lack a tail this node holds: catching up compares before it copies.
        scheduleCatchUp();
      }
    }
  }

  private void setRole(Role next) {
    Role before = role;
    role = next;
    if ((before == Role.SEQUENCER) != (next == Role.SEQUENCER)) {
      boolean leader = next == Role.SEQUENCER;
      LOG.info("cluster: this node " + (leader ? "is now the sequencer and leader" : "is no longer the sequencer"));
      leadershipHandlers.forEach(h -> h.handle(leader));
    }
  }

  private void learnSequencerAddress(String id) {
    request(id, "status", new JsonObject(), settings.replicationTimeout().toMillis()).onComplete(ar -> {
      if (!id.equals(sequencerId)) {
        return;
      }
      if (ar.succeeded()) {
        sequencerHttp = ar.result().getString("http");
      } else if (!stopped) {
        vertx.setTimer(500, t -> learnSequencerAddress(id));
      }
    });
  }

  /** The oldest member: once a quorum is present, pull what the most advanced member has, then sequence. */
  private void takeOver() {
    if (takingOver) {
      return;
    }
    if (members.size() < settings.quorum()) {
      if (role != Role.SYNCING) {
        setRole(Role.SYNCING);
      }
      LOG.info("cluster: waiting for a quorum: " + members.size() + " of " + settings.quorum() + " members");
      return;
    }
    takingOver = true;
    setRole(Role.SYNCING);
    List<String> others = new ArrayList<>(members);
    others.remove(nodeId);
    List<Future<JsonObject>> heads = new ArrayList<>();
    others.forEach(id -> heads.add(request(id, "status", new JsonObject(), settings.replicationTimeout().toMillis())
        .map(s -> s.put("id", id))));
    Future.join(heads).transform(ar -> {
      JsonObject best = null;
      int answered = 1;
      for (Future<JsonObject> f : heads) {
        if (f.succeeded()) {
          answered++;
          if (best == null || f.result().getLong("head") > best.getLong("head")) {
            best = f.result();
          }
        }
      }
      // Every acknowledged write is held by a quorum; a quorum of answers includes at least one holder.
      if (answered < settings.quorum()) {
        return Future.<Void>failedFuture(new HubException(ErrorCode.UNAVAILABLE,
            answered + " of " + settings.quorum() + " members answered"));
      }
      if (best != null && best.getLong("head") > log.headSeq()) {
        String source = best.getString("id");
        LOG.info("cluster: taking over; pulling events after " + log.headSeq() + " from " + source);
        return enqueue(() -> catchUp(source, false));
      }
      return Future.<Void>succeededFuture();
    }).onComplete(ar -> {
      takingOver = false;
      if (ar.failed()) {
        LOG.log(Level.WARNING, "cluster: taking over failed; retrying: " + ar.cause().getMessage());
        vertx.setTimer(500, t -> evaluate());
        return;
      }
      if (!nodeId.equals(sequencerId) || members.size() < settings.quorum()) {
        evaluate();
        return;
      }
      if (pendingEvents.isEmpty()) {
        replicatedSeq = log.headSeq();
      }
      setRole(Role.SEQUENCER);
      inStep.tryComplete();
      // An empty round tells members that lag to catch up now rather than at the next write.
      replicate(true);
    });
  }

  // ---- the sequencer ----

  /** Records drafts cluster-wide; completes once a quorum holds them. Callable from any context. */
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    List<EventDraft> withIds = new ArrayList<>(drafts.size());
    long now = System.currentTimeMillis();
    for (EventDraft d : drafts) {
      // An id of our own makes resending to another sequencer after a failure safe: ids are recorded once.
      withIds.add(d.id() == null ? d.withId(EventIds.next(now)) : d);
    }
    // On the sequencer itself nothing is encoded: the drafts go to its log, the recorded events come back as they are.
    return toSequencer("append", () -> new JsonObject().put("drafts", Wire.drafts(withIds)), true,
        () -> appendHere(withIds), Wire::appended);
  }

  private Future<List<Appended>> appendHere(List<EventDraft> drafts) {
    return log.append(drafts).compose(results -> {
      long max = 0;
      for (Appended a : results) {
        max = Math.max(max, log.seqOf(a.event().cursor()));
      }
      return awaitReplicated(eventWaiters, max, () -> replicatedSeq).map(v -> results);
    });
  }

  /** A plugin-storage write, run on the sequencer; completes with its reply once a quorum holds it. */
  Future<JsonObject> storageWrite(JsonObject request) {
    Supplier<Future<JsonObject>> here = () -> StorageOps.apply(log.storage(request.getString("ns")), request)
        .compose(reply -> awaitReplicated(documentWaiters, documentsWritten.get(), () -> documentsReplicated)
            .map(v -> reply));
    return toSequencer("storage", () -> request, false, here, reply -> reply);
  }

  /**
   * Runs a write on the sequencer, here or there, sending it again while the cluster fails over.
   *
   * @param body the request for another node; built when first sent, never when this node sequences
   * @param idempotent true when running it twice does no harm (appends with ids): then a request that
   *     timed out is sent again too
   * @param here the write, when this node is the sequencer
   * @param fromReply the result, from another node's reply
   */
  private <T> Future<T> toSequencer(String op, Supplier<JsonObject> body, boolean idempotent,
      Supplier<Future<T>> here, Function<JsonObject, T> fromReply) {
    long deadline = System.currentTimeMillis() + settings.failoverTimeout().toMillis();
    Promise<T> result = Promise.promise();
    attempt(new Write<>(op, once(body), idempotent, here, fromReply, deadline), result);
    return result.future();
  }

  private record Write<T>(String op, Supplier<JsonObject> body, boolean idempotent, Supplier<Future<T>> here,
      Function<JsonObject, T> fromReply, long deadline) {}

  // Built at most once, whichever attempt needs it first (attempts run one after the other).
  private static Supplier<JsonObject> once(Supplier<JsonObject> body) {
    JsonObject[] built = new JsonObject[1];
    return () -> built[0] != null ? built[0] : (built[0] = body.get());
  }

  private <T> void attempt(Write<T> write, Promise<T> result) {
    Future<T> tried;
    if (stopped) {
      tried = Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
    } else if (role == Role.SEQUENCER) {
      tried = write.here().get();
    } else if (sequencerId == null || sequencerId.equals(nodeId)) {
      tried = Future.failedFuture(Wire.notNow("no sequencer yet"));
    } else {
      String target = sequencerId;
      Promise<JsonObject> sent = Promise.promise();
      inFlight.put(sent, target);
      request(target, write.op(), write.body().get(), Math.max(1, write.deadline() - System.currentTimeMillis()))
          .onSuccess(sent::tryComplete).onFailure(sent::tryFail);
      tried = sent.future().onComplete(ar -> inFlight.remove(sent)).map(write.fromReply());
    }
    tried.onComplete(ar -> {
      boolean again = Wire.retriable(ar.cause()) || (write.idempotent() && Wire.timedOut(ar.cause()));
      if (ar.succeeded()) {
        result.complete(ar.result());
      } else if (again && System.currentTimeMillis() + RETRY_MILLIS < write.deadline()) {
        vertx.setTimer(RETRY_MILLIS, t -> attempt(write, result));
      } else if (again) {
        result.fail(new HubException(ErrorCode.UNAVAILABLE, "the cluster has no sequencer that takes writes ("
            + ar.cause().getMessage() + "); retry with the same event ids"));
      } else {
        result.fail(Wire.unwrap(ar.cause()));
      }
    });
  }

  private Future<Void> awaitReplicated(TreeMap<Long, List<Promise<Void>>> waiters, long target,
      java.util.function.LongSupplier done) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      if (target <= done.getAsLong()) {
        promise.complete();
        return;
      }
      waiters.computeIfAbsent(target, k -> new ArrayList<>()).add(promise);
      long timer = vertx.setTimer(settings.failoverTimeout().toMillis(), t -> {
        if (promise.tryFail(new HubException(ErrorCode.UNAVAILABLE,
            "recorded, but not yet held by a quorum of " + settings.quorum() + " members; retry with the same ids"))) {
          List<Promise<Void>> list = waiters.get(target);
          if (list != null && list.remove(promise) && list.isEmpty()) {
            waiters.remove(target);
          }
        }
      });
      // One timer per waiting write: cancelled when the write is held, so that none piles up under load.
      promise.future().onSuccess(x -> vertx.cancelTimer(timer));
    });
    return promise.future();
  }

  private static void release(TreeMap<Long, List<Promise<Void>>> waiters, long upTo) {
    Map<Long, List<Promise<Void>>> due = waiters.headMap(upTo, true);
    due.values().forEach(list -> list.forEach(Promise::tryComplete));
    due.clear();
  }

  @Override
  public void recorded(List<HubEvent> events, boolean replicated) {
    context.runOnContext(v -> {
      if (replicated) {
        replicatedSeq = Math.max(replicatedSeq, log.seqOf(events.get(events.size() - 1).cursor()));
        deliver.accept(events);
      } else {
        pendingEvents.addAll(events);
        replicate(false);
      }
    });
  }

  @Override
  public void documentsChanged(List<DocumentChange> changes, boolean replicated) {
    if (replicated) {
      return;
    }
    // Counted here, on the writer thread, before the write's future completes: a writer waits for this count.
    documentsWritten.addAndGet(changes.size());
    context.runOnContext(v -> {
      pendingDocuments.addAll(changes);
      replicate(false);
    });
  }

  /** One round: the pending writes to every other member; a quorum of holders acknowledges them. */
  private void replicate(boolean evenIfEmpty) {
    if (replicating || role != Role.SEQUENCER || (!evenIfEmpty && pendingEvents.isEmpty() && pendingDocuments.isEmpty())) {
      return;
    }
    replicating = true;
    List<HubEvent> events = new ArrayList<>();
    while (!pendingEvents.isEmpty() && events.size() < ROUND_EVENTS) {
      events.add(pendingEvents.poll());
    }
    List<DocumentChange> documents = new ArrayList<>(pendingDocuments);
    pendingDocuments.clear();
    long prev = events.isEmpty() ? replicatedSeq : log.seqOf(events.get(0).cursor()) - 1;
    JsonObject round = new JsonObject().put("from", nodeId).put("epoch", log.epoch()).put("prev", prev)
        .put("events", Wire.events(events)).put("docs", Wire.documents(documents));
    List<Future<JsonObject>> acks = new ArrayList<>();
    for (String id : members) {
      if (!id.equals(nodeId)) {
        acks.add(request(id, "replicate", round, settings.replicationTimeout().toMillis()));
      }
    }
    Future.join(acks).onComplete(ar -> {
      replicating = false;
      int holders = 1 + (int) acks.stream().filter(Future::succeeded).count();
      if (holders >= settings.quorum()) {
        if (!events.isEmpty()) {
          replicatedSeq = log.seqOf(events.get(events.size() - 1).cursor());
          deliver.accept(events);
          release(eventWaiters, replicatedSeq);
        }
        documentsReplicated += documents.size();
        release(documentWaiters, documentsReplicated);
        replicate(false);
      } else {
        for (int i = events.size() - 1; i >= 0; i--) {
          pendingEvents.addFirst(events.get(i));
        }
        for (int i = documents.size() - 1; i >= 0; i--) {
          pendingDocuments.addFirst(documents.get(i));
        }
        vertx.setTimer(RETRY_MILLIS, t -> replicate(false));
      }
    });
  }

  // ---- followers ----

  private Future<Void> enqueue(Supplier<Future<Void>> step) {
    Future<Void> next = applying.transform(ignored -> step.get());
    applying = next.otherwiseEmpty();
    return next;
  }

  private void scheduleCatchUp() {
    if (catchingUp || stopped) {
      return;
    }
    catchingUp = true;
    String source = sequencerId;
    enqueue(() -> catchUp(source, true)).onComplete(ar -> {
      catchingUp = false;
      if (ar.succeeded() && source.equals(sequencerId)) {
        lastCatchUpError = null;
        if (role == Role.JOINING) {
          LOG.info("cluster: in step with the sequencer at " + log.head().result());
          setRole(Role.FOLLOWER);
          inStep.tryComplete();
        }
      } else if (!stopped && !nodeId.equals(sequencerId)) {
        if (ar.failed() && !String.valueOf(ar.cause().getMessage()).equals(lastCatchUpError)) {
          lastCatchUpError = String.valueOf(ar.cause().getMessage());
          LOG.warning("cluster: catching up with " + source + " failed, retrying every 500 ms: " + lastCatchUpError);
        }
        vertx.setTimer(500, t -> scheduleCatchUp());
      }
    });
  }

  private Future<JsonObject> onReplicate(JsonObject round) {
    if (!round.getString("from").equals(sequencerId) || role == Role.SEQUENCER) {
      return Future.failedFuture(Wire.notNow("not this node's sequencer"));
    }
    lastRoundAt = System.nanoTime();
    Future<Void> epoch = Future.succeededFuture();
    if (round.getInteger("epoch") != log.epoch()) {
      if (log.headSeq() != 0) {
        return Future.failedFuture(new HubException(ErrorCode.CONFLICT, "this node's log is of another cluster"));
      }
      epoch = log.adoptEpoch(round.getInteger("epoch"));
    }
    return epoch.compose(v -> {
      if (round.getLong("prev") > log.headSeq()) {
        scheduleCatchUp();
        return Future.failedFuture(Wire.notNow("behind: at " + log.headSeq() + ", the group follows " + round.getLong("prev")));
      }
      return log.appendReplicated(Wire.events(round.getJsonArray("events")))
          .compose(x -> log.applyDocuments(Wire.documents(round.getJsonArray("docs"))))
          .map(x -> {
            if (stale && role == Role.FOLLOWER) {
              stale = false;
              LOG.info("cluster: in step with the sequencer again");
            }
            return new JsonObject().put("head", log.headSeq());
          });
    });
  }

  /**
   * Brings this log level with {@code source}'s: same epoch, no diverging tail, every event, every
   * document.
   *
   * @param onlyFromSequencer true unless this node is taking over: then {@code source} must be a
   *     sequencer that finished taking over, since only its log is known to hold every acknowledged
   *     event, and a tail this node has beyond it can be dropped
   */
  private Future<Void> catchUp(String source, boolean onlyFromSequencer) {
    return request(source, "status", new JsonObject(), settings.replicationTimeout().toMillis()).compose(status -> {
      if (onlyFromSequencer && !Role.SEQUENCER.wireName().equals(status.getString("role"))) {
        return Future.failedFuture(Wire.notNow("the sequencer has not finished taking over"));
      }
      int epoch = status.getInteger("epoch");
      if (epoch != log.epoch()) {
        if (log.headSeq() != 0) {
          String message = "this node's log (epoch " + Integer.toHexString(log.epoch()) + ") is of another cluster "
              + "(epoch " + Integer.toHexString(epoch) + "); move its data directory away to join";
          return Future.failedFuture(new HubException(ErrorCode.CONFLICT, message));
        }
        return log.adoptEpoch(epoch);
      }
      return Future.succeededFuture();
    }).compose(v -> dropDivergingTail(source)).compose(v -> pull(source))
        .compose(v -> request(source, "documents", new JsonObject(), settings.failoverTimeout().toMillis()))
        .compose(docs -> log.replaceDocuments(Wire.documents(docs.getJsonArray("docs"))));
  }

  private Future<Void> pull(String source) {
    return fetch(source, log.headSeq(), FETCH_EVENTS).compose(events -> events.isEmpty() ? Future.succeededFuture()
        : log.appendReplicated(events, true).compose(v -> pull(source)));
  }

  // A tail only this node has was never acknowledged (a sequencer that died before any member took it).
  private Future<Void> dropDivergingTail(String source) {
    long head = log.headSeq();
    if (head == 0) {
      return Future.succeededFuture();
    }
    long from = Math.max(0, head - DIVERGENCE_WINDOW);
    return Future.all(fetch(source, from, DIVERGENCE_WINDOW + 1), log.eventsAfter(from, DIVERGENCE_WINDOW + 1))
        .compose(both -> {
          Map<Long, String> theirs = new java.util.HashMap<>();
          long theirMax = from;
          for (HubEvent e : both.<List<HubEvent>>resultAt(0)) {
            long seq = log.seqOf(e.cursor());
            theirs.put(seq, e.id());
            theirMax = Math.max(theirMax, seq);
          }
          List<HubEvent> ourEvents = both.resultAt(1);
          if (theirs.isEmpty() || ourEvents.isEmpty()) {
            return Future.succeededFuture(); // retention removed this stretch there (or here): nothing to compare
          }
          long ourLast = log.seqOf(ourEvents.get(ourEvents.size() - 1).cursor());
          long common = from;
          for (HubEvent ours : ourEvents) {
            long seq = log.seqOf(ours.cursor());
            String theirId = theirs.get(seq);
            if (theirId == null && seq < theirMax) {
              continue; // retention removed it there: no evidence either way
            }
            if (!ours.id().equals(theirId)) {
              break;
            }
            common = seq;
          }
          if (common >= ourLast) {
            return Future.succeededFuture();
          }
          LOG.warning("cluster: dropping the events after " + common + " up to " + ourLast
              + ": no other member holds them (never acknowledged)");
          long kept = common;
          return log.truncateAfter(common).onSuccess(v -> replicatedSeq = Math.min(replicatedSeq, kept));
        });
  }

  private Future<List<HubEvent>> fetch(String source, long after, int limit) {
    return request(source, "fetch", new JsonObject().put("after", after).put("limit", limit),
        settings.failoverTimeout().toMillis()).map(r -> Wire.events(r.getJsonArray("events")));
  }

  // ---- messages ----

  private void onMessage(Message<JsonObject> message) {
    String op = message.headers().get("op");
    JsonObject body = message.body();
    Future<JsonObject> reply = switch (op == null ? "" : op) {
      case "status" -> Future.succeededFuture(status());
      case "append" -> role == Role.SEQUENCER ? appendHere(Wire.drafts(body.getJsonArray("drafts"))).map(Wire::results)
          : Future.failedFuture(Wire.notNow("not the sequencer"));
      case "storage" -> role == Role.SEQUENCER ? storageWrite(body)
          : Future.failedFuture(Wire.notNow("not the sequencer"));
      // While catching up, a group cannot apply: say so at once rather than keep the sequencer waiting.
      case "replicate" -> catchingUp ? heardWhileCatchingUp(body)
          : enqueueReply(() -> onReplicate(body));
      case "fetch" -> log.eventsAfter(body.getLong("after"), Math.min(FETCH_EVENTS, body.getInteger("limit")))
          .map(events -> new JsonObject().put("events", Wire.events(events)));
      case "documents" -> log.allDocuments().map(docs -> new JsonObject().put("docs", Wire.documents(docs)));
      default -> Future.failedFuture(HubException.badRequest("unknown cluster operation '" + op + "'"));
    };
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        Wire.fail(message, ar.cause());
      }
    });
  }

  private Future<JsonObject> heardWhileCatchingUp(JsonObject round) {
    if (round.getString("from").equals(sequencerId)) {
      lastRoundAt = System.nanoTime();
    }
    return Future.failedFuture(Wire.notNow("catching up"));
  }

  private Future<JsonObject> enqueueReply(Supplier<Future<JsonObject>> step) {
    Promise<JsonObject> reply = Promise.promise();
    enqueue(() -> step.get().onComplete(reply).mapEmpty());
    return reply.future();
  }

  private Future<JsonObject> request(String node, String op, JsonObject body, long timeoutMillis) {
    DeliveryOptions options = new DeliveryOptions().addHeader("op", op).setSendTimeout(timeoutMillis);
    return vertx.eventBus().<JsonObject>request(Wire.address(node), body, options).map(Message::body);
  }

  /** This node as other members and {@code GET /api/cluster} see it. */
  public JsonObject status() {
    return new JsonObject().put("id", nodeId).put("http", httpBase).put("role", role.wireName())
        .put("epoch", log == null ? 0 : log.epoch()).put("head", log == null ? 0 : log.headSeq())
        .put("cursor", log == null ? null : log.head().result());
  }

  /** Every member's status, oldest first; an unreachable member is listed as such. */
  public Future<JsonObject> describe() {
    List<String> now = members;
    List<Future<JsonObject>> each = new ArrayList<>();
    for (String id : now) {
      each.add(id.equals(nodeId) ? Future.succeededFuture(status())
          : request(id, "status", new JsonObject(), 2000).otherwise(e -> new JsonObject().put("id", id)
              .put("role", "unreachable").put("error", String.valueOf(e.getMessage()))));
    }
    return Future.join(each).transform(ar -> {
      JsonArray list = new JsonArray();
      each.forEach(f -> list.add(f.result()));
      return Future.succeededFuture(new JsonObject().put("clustered", true).put("name", settings.name())
          .put("node", nodeId).put("sequencer", sequencerId).put("leader", sequencerId)
          .put("quorum", settings.quorum()).put("members", list));
    });
  }

  public int memberCount() {
    return members.size();
  }

  public long replicatedSeq() {
    return replicatedSeq;
  }

  /**
   * The newest sequence number reads may show: on the sequencer, what a quorum holds; on a follower,
   * everything it recorded, since it only has what the sequencer sent.
   */
  long visibleSeq() {
    return replicatedSeq;
  }

  /** Stops answering and fails what waits; the caller leaves the cluster by closing Vert.x. */
  public Future<Void> stop() {
    stopped = true;
    Promise<Void> done = Promise.promise();
    if (context == null) {
      return Future.succeededFuture();
    }
    context.runOnContext(v -> {
      HubException down = new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down");
      eventWaiters.values().forEach(list -> list.forEach(p -> p.tryFail(down)));
      documentWaiters.values().forEach(list -> list.forEach(p -> p.tryFail(down)));
      inStep.tryFail(down);
      (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).onComplete(ar -> done.complete());
    });
    return done.future();
  }

  // ---- ClusterView ----

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public boolean isLeader() {
    return role == Role.SEQUENCER;
  }

  @Override
  public String leaderHttpBase() {
    return role == Role.SEQUENCER ? null : sequencerHttp;
  }

  @Override
  public void onLeadershipChange(Handler<Boolean> handler) {
    leadershipHandlers.add(handler);
  }
}
