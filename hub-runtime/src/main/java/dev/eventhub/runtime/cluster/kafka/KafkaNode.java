package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.cluster.ClusterMember;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.cluster.kafka.impl.Applier;
import dev.eventhub.runtime.cluster.kafka.impl.NodeIdentity;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.http.HttpApi;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A hub as one node of a cluster on Kafka: its log, its view of the cluster, its readiness and figures. */
public final class KafkaNode implements ClusterMember {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

  private final HubConfig config;
  private final ClusterSettings settings;
  private final KafkaLog log;
  private final Leadership leadership;
  private final EventLog leaderLog;

  private KafkaNode(Vertx vertx, HubConfig config, ClusterSettings settings, KafkaLog log) {
    this.config = config;
    this.settings = settings;
    this.log = log;
    this.leadership = new Leadership(vertx, LeadershipSettings.from(settings, log.nodeId()));
    this.leaderLog = log.writingThrough(leadership.sender());
  }

  /** Reads the settings, resolves the node id, and opens the cluster's log. */
  public static Future<ClusterMember> open(Vertx vertx, HubConfig config, Consumer<List<HubEvent>> onRecorded) {
    ClusterSettings settings;
    try {
      settings = ClusterSettings.from(config);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    LogOptions options = LogOptions.from(config);
    return vertx.executeBlocking(() -> NodeIdentity.resolve(settings.nodeId(), options.dir()))
        .compose(nodeId -> KafkaLog.open(vertx, settings, nodeId, options, onRecorded))
        .map(log -> new KafkaNode(vertx, config, settings, log));
  }

  @Override
  public EventLog log() {
    return log;
  }

  @Override
  public EventLog leaderLog() {
    return leaderLog;
  }

  @Override
  public ClusterView view() {
    return leadership;
  }

  /** Caught up at start, Kafka answering, not behind for longer than cluster.maxApplyLag, nothing stuck. */
  public boolean ready() {
    Applier a = log.applier();
    return a.bootstrapped().isDone() && !a.bootstrapped().isCompletedExceptionally() && a.reachable()
        && a.fault() == null && a.millisBehind() <= settings.maxApplyLag().toMillis();
  }

  @Override
  public void expose(HttpApi api, MeterRegistry registry) {
    api.readiness(this::ready);
    api.clusterStatus(() -> Future.succeededFuture(status()));
    Gauge.builder("hub.cluster.applied.offset", log::appliedOffset)
        .description("The offset of the last record of the log topic this node applied").register(registry);
    Gauge.builder("hub.cluster.apply.lag.records", () -> log.applier().lagRecords())
        .description("Records of the log topic this node has yet to apply").register(registry);
    Gauge.builder("hub.cluster.leader", () -> leadership.isLeader() ? 1 : 0)
        .description("1 when this node is the cluster's leader").register(registry);
  }

  /** What {@code GET /api/cluster} shows. */
  JsonObject status() {
    Applier a = log.applier();
    LeaderRecord leader = log.lastLeader();
    return new JsonObject().put("clustered", true).put("node", log.nodeId()).put("topic", settings.topic())
        .put("topicId", log.topic().topicId().toString()).put("appliedOffset", log.appliedOffset())
        .put("endOffset", a.endOffset()).put("lag", a.lagRecords()).put("reachable", a.reachable())
        .put("ready", ready()).put("fault", a.fault()).put("isLeader", leadership.isLeader())
        .put("leader", leader == null ? null : leader.toJson())
        .put("brokers", new JsonArray(log.topic().brokers()));
  }

  @Override
  public Future<Void> join(int httpPort) {
    String base = settings.httpBase();
    if (base == null) {
      String host = config.string("http.host");
      if ("0.0.0.0".equals(host) || "::".equals(host)) {
        return Future.failedFuture(new ConfigException("cluster.httpBase: set it to how other nodes reach this "
            + "node's HTTP API (http.host " + host + " names no address they can use)"));
      }
      base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort;
    }
    String httpBase = base;
    LOG.info("cluster: node " + log.nodeId() + " (" + httpBase + ") catching up with topic " + settings.topic());
    return log.bootstrapped().onSuccess(v -> LOG.info("cluster: node " + log.nodeId() + " caught up at offset "
        + log.appliedOffset())).compose(v -> {
          // Caught up first: the leader records applied so far name the leader, and this node's own is applied next.
          log.onLeaderRecord(leadership::applied);
          return leadership.start(httpBase);
        });
  }

  @Override
  public Future<Void> close() {
    // Leadership ends (and the group is left) before the log closes: another node takes over at once.
    return leadership.stop().eventually(log::close);
  }
}
