package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TargetBreakersTest {
  @Test
  void shouldNameATargetBySchemeHostAndPortOnly() {
    assertThat(TargetBreakers.target("HTTPS://Api.Example.com/hooks?token=secret")).isEqualTo("https://api.example.com:443");
    assertThat(TargetBreakers.target("http://127.0.0.1/x")).isEqualTo("http://127.0.0.1:80");
    assertThat(TargetBreakers.target("http://localhost:8081")).isEqualTo("http://localhost:8081");
    assertThatThrownBy(() -> TargetBreakers.target("ftp://host/secret-path"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> TargetBreakers.target("/relative")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportEachChangeOnceOnThePluginsContextAndForgetOnRequest(Vertx vertx, VertxTestContext test) {
    Context plugin = vertx.getOrCreateContext();
    List<String> changes = new CopyOnWriteArrayList<>();
    Promise<Void> opened = Promise.promise();
    TargetBreakers breakers = new TargetBreakers(vertx, plugin, "test", 2, Duration.ofMinutes(5),
        (target, state, before, failures) -> {
          test.verify(() -> assertThat(Vertx.currentContext()).isSameAs(plugin));
          changes.add(target + " " + before + "->" + state + " after " + failures);
          if (state.equals("open")) {
            opened.tryComplete();
          }
        });
    opened.future().onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(changes).containsExactly("http://a:80 closed->open after 2");
      assertThat(breakers.state("http://a:80")).isEqualTo("open");
      assertThat(breakers.state("http://b:80")).isEqualTo("closed");
      breakers.forget("http://a:80");
      assertThat(breakers.state("http://a:80")).isEqualTo("closed");
      breakers.close();
      test.completeNow();
    })));
    plugin.runOnContext(v -> {
      breakers.of("http://a:80").execute(() -> Future.failedFuture("down"));
      breakers.of("http://a:80").execute(() -> Future.failedFuture("down"));
    });
  }
}
