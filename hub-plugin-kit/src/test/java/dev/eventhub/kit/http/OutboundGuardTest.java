package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.Cidr;
import dev.eventhub.api.spi.OutboundSettings;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundGuardTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  private OutboundGuard guard(String... allow) {
    List<Cidr> networks = List.of(allow).stream().map(Cidr::parse).toList();
    return new OutboundGuard(vertx, new OutboundSettings(networks, "hop", 8080),
        host -> List.of(InetAddress.getByAddress(host, Cidr.literal(host.equals("inside.test") ? "10.0.0.5"
            : host.equals("mixed.test") ? "8.8.8.8" : "93.184.216.34")),
            InetAddress.getByAddress(host, Cidr.literal(host.equals("mixed.test") ? "127.0.0.1" : "93.184.216.35"))));
  }

  @Test
  void shouldOpenOnlyTheNetworksAllowed() {
    OutboundGuard guard = guard("127.0.0.0/8", "fd00:ec2::254");
    assertThat(guard.refusal(Cidr.literal("127.0.0.1"))).isNull();
    assertThat(guard.refusal(Cidr.literal("::ffff:127.0.0.1"))).isNull();
    assertThat(guard.refusal(Cidr.literal("fd00:ec2::254"))).isNull();
    assertThat(guard.refusal(Cidr.literal("fd00:ec2::253"))).isEqualTo("unique-local (fc00::/7)");
    assertThat(guard.refusal(Cidr.literal("::1"))).isEqualTo("loopback (::1/128)");
    assertThat(guard.refusal(Cidr.literal("10.0.0.1"))).isEqualTo("private (10.0.0.0/8)");
    assertThat(guard().refusal(Cidr.literal("127.0.0.1"))).isEqualTo("loopback (127.0.0.0/8)");
  }

  @Test
  void shouldReadEveryNumericFormOfAnIpv4LiteralWithoutALookup() {
    assertThat(OutboundGuard.literal("127.1")).containsExactly(127, 0, 0, 1);
    assertThat(OutboundGuard.literal("2130706433")).containsExactly(127, 0, 0, 1);
    assertThat(OutboundGuard.literal("169.254.43518")).containsExactly(169, 254, 169, 254);
    assertThat(OutboundGuard.literal("10.0.0.1")).containsExactly(10, 0, 0, 1);
    // Read as decimal, and connected to as read: what is checked is what is reached.
    assertThat(OutboundGuard.literal("010.0.0.1")).containsExactly(10, 0, 0, 1);
    assertThat(OutboundGuard.literal("[::1]")).hasSize(16);
    assertThat(OutboundGuard.literal("4294967296")).isNull();
    assertThat(OutboundGuard.literal("1.256.0.1")).isNull();
    assertThat(OutboundGuard.literal("example.com")).isNull();
  }

  @Test
  void shouldRefuseALiteralRefusedAddressOrLocalhostWhenATargetIsGiven() {
    OutboundGuard guard = guard();
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://127.0.0.1:9000/x")))
        .isInstanceOf(HubException.class).hasMessageContaining("field 'url'")
        .hasMessageContaining("loopback (127.0.0.0/8)").hasMessageContaining("outbound.allowNetworks");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://169.254.169.254/latest/meta-data")))
        .hasMessageContaining("link-local (169.254.0.0/16)");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://[fd00:ec2::254]/")))
        .hasMessageContaining("unique-local (fc00::/7)");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://[::ffff:10.0.0.1]/")))
        .hasMessageContaining("private (10.0.0.0/8)");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://2130706433/")))
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://localhost:8080/")))
        .hasMessageContaining("localhost is a loopback");
    assertThatThrownBy(() -> guard.checkTarget("url", URI.create("http://api.LOCALHOST/")))
        .hasMessageContaining("loopback");
    // Names are judged when called, on what they resolve to.
    guard.checkTarget("url", URI.create("https://example.com/hook"));
    guard.checkTarget("url", URI.create("https://93.184.216.34/hook"));
    guard("127.0.0.0/8").checkTarget("url", URI.create("http://localhost:8080/"));
  }

  @Test
  void shouldRefuseATargetThatIsLiterallyThisHubsOwnEndpoint() {
    OutboundGuard guard = guard("127.0.0.0/8", "::1");
    for (String url : List.of("http://127.0.0.1:8080/hooks/a", "http://localhost:8080/hooks/a",
        "http://[::1]:8080/hooks/a", "http://0.0.0.0:8080/hooks/a", "http://127.0.0.2:8080/hooks/b")) {
      assertThatThrownBy(() -> guard.checkNotSelf("url", URI.create(url), "/hooks/"))
          .as(url).isInstanceOf(HubException.class).hasMessageContaining("this hub's own /hooks/ endpoint");
    }
    guard.checkNotSelf("url", URI.create("http://127.0.0.1:8081/hooks/a"), "/hooks/");
    guard.checkNotSelf("url", URI.create("http://127.0.0.1:8080/other"), "/hooks/");
    guard.checkNotSelf("url", URI.create("http://example.com:8080/hooks/a"), "/hooks/");
  }

  @Test
  void shouldResolveANameOnceAndRefuseItWhenAnyOfItsAddressesIsRefused() {
    OutboundGuard guard = guard();
    InetAddress ok = TestHub.await(guard.resolve("public.test"));
    assertThat(ok.getHostAddress()).isEqualTo("93.184.216.34");
    assertThatThrownBy(() -> TestHub.await(guard.resolve("inside.test")))
        .hasMessageContaining("inside.test (10.0.0.5)").hasMessageContaining("private (10.0.0.0/8)")
        .hasMessageContaining("outbound.allowNetworks");
    assertThatThrownBy(() -> TestHub.await(guard.resolve("mixed.test")))
        .hasMessageContaining("mixed.test (127.0.0.1)").hasMessageContaining("loopback (127.0.0.0/8)");
    assertThatThrownBy(() -> TestHub.await(guard.resolve("127.0.0.1"))).hasMessageContaining("loopback");
  }

  @Test
  void shouldResolveOffTheEventLoop() {
    AtomicInteger onEventLoop = new AtomicInteger();
    OutboundGuard guard = new OutboundGuard(vertx, OutboundSettings.defaults(), host -> {
      if (io.vertx.core.Context.isOnEventLoopThread()) {
        onEventLoop.incrementAndGet();
      }
      return List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
    });
    io.vertx.core.Promise<InetAddress> resolved = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> guard.resolve("public.test").onComplete(resolved));
    assertThat(TestHub.await(resolved.future()).getHostAddress()).isEqualTo("93.184.216.34");
    assertThat(onEventLoop.get()).isZero();
  }
}
