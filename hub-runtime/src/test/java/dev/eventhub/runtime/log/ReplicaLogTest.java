package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.log.impl.SqliteEventLog;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations a cluster needs on a node's own log: two real stores, one the sequencer's, one a follower's. */
class ReplicaLogTest {
  @TempDir Path dir;
  Vertx vertx;
  final Recorder leaderHeard = new Recorder();
  final Recorder followerHeard = new Recorder();
  ReplicaLog leader;
  ReplicaLog follower;

  static final class Recorder implements LogListener {
    final List<HubEvent> sequenced = new CopyOnWriteArrayList<>();
    final List<HubEvent> replicated = new CopyOnWriteArrayList<>();
    final List<DocumentChange> documents = new CopyOnWriteArrayList<>();
    final List<DocumentChange> replicatedDocuments = new CopyOnWriteArrayList<>();

    @Override
    public void recorded(List<HubEvent> events, boolean fromReplica) {
      (fromReplica ? replicated : sequenced).addAll(events);
    }

    @Override
    public void documentsChanged(List<DocumentChange> changes, boolean fromReplica) {
      (fromReplica ? replicatedDocuments : documents).addAll(changes);
    }
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    leader = TestHub.await(SqliteEventLog.openReplica(vertx, LogOptions.defaults(dir.resolve("a")), leaderHeard));
    follower = TestHub.await(SqliteEventLog.openReplica(vertx, LogOptions.defaults(dir.resolve("b")), followerHeard));
  }

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  List<HubEvent> publish(int count) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(EventDraft.of("orders", "created", "k" + i, new JsonObject().put("i", i)));
    }
    return TestHub.await(leader.append(drafts)).stream().map(Appended::event).toList();
  }

  @Test
  void shouldTakeOverAnotherLogsEventsWithTheSameIdsCursorsAndTimestamps() {
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    List<HubEvent> events = publish(5);

    TestHub.await(follower.appendReplicated(events));

    assertThat(TestHub.await(follower.eventsAfter(0, 100))).containsExactlyElementsOf(events);
    assertThat(follower.headSeq()).isEqualTo(leader.headSeq()).isEqualTo(5);
    assertThat(TestHub.await(follower.head())).isEqualTo(TestHub.await(leader.head()));
    assertThat(followerHeard.replicated).containsExactlyElementsOf(events);
    assertThat(followerHeard.sequenced).isEmpty();
    assertThat(leaderHeard.sequenced).containsExactlyElementsOf(events);
  }

  @Test
  void shouldSkipEventsItHoldsAndRefuseAGap() {
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    List<HubEvent> events = publish(6);
    TestHub.await(follower.appendReplicated(events.subList(0, 3)));

    // The same group again, overlapping the next: only the new ones are recorded.
    TestHub.await(follower.appendReplicated(events.subList(1, 4)));
    assertThat(follower.headSeq()).isEqualTo(4);
    assertThat(followerHeard.replicated).containsExactlyElementsOf(events.subList(0, 4));

    assertThatThrownBy(() -> TestHub.await(follower.appendReplicated(events.subList(5, 6))))
        .isInstanceOf(HubException.class).hasMessageContaining("skip from 4 to 6");
    assertThat(follower.headSeq()).as("nothing of a refused group is kept").isEqualTo(4);
  }

  @Test
  void shouldCopyALogWithHolesWhenGapsAreAllowed() {
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    List<HubEvent> events = publish(6);
    // What a node whose retention removed events 2 to 4 would hand over.
    List<HubEvent> withHoles = List.of(events.get(0), events.get(4), events.get(5));
    TestHub.await(follower.appendReplicated(withHoles, true));
    assertThat(follower.headSeq()).isEqualTo(6);
    assertThat(TestHub.await(follower.eventsAfter(0, 10))).containsExactlyElementsOf(withHoles);
  }

  @Test
  void shouldRefuseEventsOfAnotherEpochAndTakeAnEpochOnlyWhileEmpty() {
    List<HubEvent> events = publish(2);
    if (follower.epoch() != leader.epoch()) {
      assertThatThrownBy(() -> TestHub.await(follower.appendReplicated(events)))
          .hasMessageContaining("not of this log's epoch");
    }
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    TestHub.await(follower.appendReplicated(events));
    int other = leader.epoch() == 1 ? 2 : leader.epoch() - 1;
    assertThatThrownBy(() -> TestHub.await(follower.adoptEpoch(other)))
        .hasMessageContaining("cannot take epoch");
    assertThat(follower.epoch()).isEqualTo(leader.epoch());
  }

  @Test
  void shouldKeepTheAdoptedEpochAcrossARestart() {
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    TestHub.await(follower.close());
    ReplicaLog reopened = TestHub.await(SqliteEventLog.openReplica(vertx, LogOptions.defaults(dir.resolve("b")),
        followerHeard));
    assertThat(reopened.epoch()).isEqualTo(leader.epoch());
  }

  @Test
  void shouldDropATailAndContinueFromThere() {
    TestHub.await(follower.adoptEpoch(leader.epoch()));
    List<HubEvent> events = publish(5);
    TestHub.await(follower.appendReplicated(events));

    TestHub.await(follower.truncateAfter(2));

    assertThat(follower.headSeq()).isEqualTo(2);
    assertThat(TestHub.await(follower.eventsAfter(0, 100))).containsExactlyElementsOf(events.subList(0, 2));
    assertThat(follower.stats().perCategory()).containsEntry("orders", 2L);
    TestHub.await(follower.appendReplicated(events.subList(2, 5)));
    assertThat(TestHub.await(follower.eventsAfter(0, 100))).containsExactlyElementsOf(events);
  }

  @Test
  void shouldReportDocumentWritesInCommitOrderAndApplyThemOnAnotherStore() {
    PluginStorage storage = leader.storage("plugin");
    TestHub.await(storage.put("jobs", "a", new JsonObject().put("v", 1)));
    TestHub.await(storage.put("jobs", "a", new JsonObject().put("v", 2)));
    TestHub.await(storage.insert("jobs", "b", new JsonObject().put("v", 1)));
    // A write that fails changes nothing and is not reported.
    assertThatThrownBy(() -> TestHub.await(storage.insert("jobs", "b", new JsonObject()))).isInstanceOf(HubException.class);
    TestHub.await(storage.delete("jobs", "b"));
    TestHub.await(storage.delete("jobs", "never-there"));

    assertThat(leaderHeard.documents).extracting(DocumentChange::key, DocumentChange::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1L), org.assertj.core.groups.Tuple.tuple("a", 2L),
            org.assertj.core.groups.Tuple.tuple("b", 1L), org.assertj.core.groups.Tuple.tuple("b", 0L));

    TestHub.await(follower.applyDocuments(leaderHeard.documents));
    assertThat(TestHub.await(follower.storage("plugin").get("jobs", "a")).value()).isEqualTo(new JsonObject().put("v", 2));
    assertThat(TestHub.await(follower.storage("plugin").get("jobs", "a")).version()).isEqualTo(2);
    assertThat(TestHub.await(follower.storage("plugin").get("jobs", "b"))).isNull();
    assertThat(followerHeard.replicatedDocuments).hasSize(4);
    assertThat(followerHeard.documents).isEmpty();
  }

  @Test
  void shouldReplaceEveryDocumentWithASnapshot() {
    TestHub.await(follower.storage("plugin").put("jobs", "stale", new JsonObject()));
    TestHub.await(leader.storage("plugin").put("jobs", "a", new JsonObject().put("v", 1)));
    TestHub.await(leader.storage("other").put("c", "x", new JsonObject().put("v", 3)));

    TestHub.await(follower.replaceDocuments(TestHub.await(leader.allDocuments())));

    assertThat(TestHub.await(follower.allDocuments())).containsExactlyInAnyOrderElementsOf(TestHub.await(leader.allDocuments()));
    assertThat(TestHub.await(follower.storage("plugin").get("jobs", "stale"))).isNull();
  }

  @Test
  void shouldReadEveryCategoryAfterASequenceNumber() {
    publish(3);
    TestHub.await(leader.append(List.of(EventDraft.of("payments", "settled", null, new JsonObject()))));
    List<HubEvent> after = TestHub.await(leader.eventsAfter(1, 10));
    assertThat(after).hasSize(3);
    assertThat(after.get(2).category()).isEqualTo("payments");
    assertThat(leader.seqOf(after.get(0).cursor())).isEqualTo(2);
    assertThat(leader.seqOf("not-a-cursor")).isEqualTo(-1);
    assertThat(TestHub.await(leader.read(new dev.eventhub.api.EventQuery(EventFilter.all(), null, 10))).events())
        .hasSize(4);
  }
}
