package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginStorageTest {
  @TempDir Path dir;
  Vertx vertx;
  EventLog log;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), e -> { }));
  }

  @AfterEach
  void close() {
    TestHub.await(log.close());
    TestHub.await(vertx.close());
  }

  @Test
  void shouldKeepEachPluginsDocumentsApartAndDurable() {
    PluginStorage a = log.storage("a");
    PluginStorage b = log.storage("b");
    TestHub.await(a.put("things", "k", new JsonObject().put("owner", "a")));
    assertThat(TestHub.await(b.get("things", "k"))).isNull();

    TestHub.await(log.close());
    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), e -> { }));
    StoredDocument doc = TestHub.await(log.storage("a").get("things", "k"));
    assertThat(doc.value().getString("owner")).isEqualTo("a");
    assertThat(doc.version()).isEqualTo(1);
  }

  @Test
  void shouldRollBackOnlyTheFailingWriteOfAGroupAndKeepWriting() {
    PluginStorage s = log.storage("p");
    TestHub.await(s.insert("c", "taken", new JsonObject()));
    // Submitted together, so that the writer takes them in one group: the conflict undoes only itself.
    List<Future<?>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(s.insert("c", "k" + i, new JsonObject().put("n", i)));
      writes.add(s.insert("c", "taken", new JsonObject().put("n", i)));
      writes.add(log.append(List.of(dev.eventhub.api.EventDraft.of("group", "tick", null, new JsonObject()))));
    }
    TestHub.await(Future.join(writes).otherwiseEmpty());
    for (int i = 0; i < writes.size(); i++) {
      assertThat(writes.get(i).succeeded()).as("write %d", i).isEqualTo(i % 3 != 1);
    }
    assertThat(TestHub.await(s.count("c", null))).isEqualTo(21);
    assertThat(TestHub.await(log.read(new dev.eventhub.api.EventQuery(dev.eventhub.api.EventFilter.categories("group"),
        null, 100))).events()).hasSize(20);
    assertThat(TestHub.await(s.insert("c", "after", new JsonObject())).version()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAStaleReplaceAndADuplicateInsert() {
    PluginStorage s = log.storage("p");
    StoredDocument v1 = TestHub.await(s.insert("c", "k", new JsonObject().put("n", 1)));
    StoredDocument v2 = TestHub.await(s.replace("c", "k", v1.version(), new JsonObject().put("n", 2)));
    assertThat(v2.version()).isEqualTo(2);

    assertThat(failure(s.replace("c", "k", v1.version(), new JsonObject().put("n", 3)))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(failure(s.insert("c", "k", new JsonObject()))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(failure(s.replace("c", "absent", 1, new JsonObject()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(failure(s.put("c", "", new JsonObject()))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(failure(s.put("c", "big", new JsonObject().put("x", "y".repeat(1 << 20))))).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(TestHub.await(s.get("c", "k")).value().getInteger("n")).isEqualTo(2);
  }

  @Test
  void shouldListByPrefixInBothDirectionsWithPagingAndDeleteInOneWrite() {
    PluginStorage s = log.storage("p");
    List<Future<StoredDocument>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      writes.add(s.put("c", "s1/" + i, new JsonObject().put("i", i)));
      writes.add(s.put("c", "s2/" + i, new JsonObject().put("i", i)));
    }
    TestHub.await(Future.all(writes));

    List<StoredDocument> page1 = TestHub.await(s.list("c", ListOptions.prefix("s1/", 2).reversed()));
    assertThat(page1).extracting(StoredDocument::key).containsExactly("s1/4", "s1/3");
    List<StoredDocument> page2 = TestHub.await(s.list("c", ListOptions.prefix("s1/", 10).reversed().after("s1/3")));
    assertThat(page2).extracting(StoredDocument::key).containsExactly("s1/2", "s1/1", "s1/0");
    assertThat(TestHub.await(s.count("c", "s2/"))).isEqualTo(5);

    assertThat(TestHub.await(s.deleteAll("c", List.of("s2/0", "s2/1", "nope")))).isEqualTo(2);
    assertThat(TestHub.await(s.delete("c", "s2/2"))).isTrue();
    assertThat(TestHub.await(s.delete("c", "s2/2"))).isFalse();
    assertThat(TestHub.await(s.count("c", null))).isEqualTo(7);
  }

  private static ErrorCode failure(Future<?> f) {
    try {
      TestHub.await(f);
    } catch (HubException e) {
      return e.code();
    }
    throw new AssertionError("expected a failure");
  }
}
