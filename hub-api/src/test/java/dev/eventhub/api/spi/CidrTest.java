package dev.eventhub.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByAddress(Cidr.literal(literal));
  }

  @Test
  void shouldContainTheAddressesOfItsIpv4Range() throws Exception {
    Cidr range = Cidr.parse("172.16.0.0/12");
    assertThat(range.contains(ip("172.16.0.0"))).isTrue();
    assertThat(range.contains(ip("172.31.255.255"))).isTrue();
    assertThat(range.contains(ip("172.32.0.0"))).isFalse();
    assertThat(range.contains(ip("172.15.255.255"))).isFalse();
    assertThat(range.prefixLength()).isEqualTo(12);
  }

  @Test
  void shouldMaskTheHostBitsOfTheNetworkWritten() throws Exception {
    assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("10.1.2.3/8").contains(ip("10.200.0.1"))).isTrue();
  }

  @Test
  void shouldTakeALoneAddressAsASingleHost() throws Exception {
    Cidr one = Cidr.parse("127.0.0.1");
    assertThat(one.prefixLength()).isEqualTo(32);
    assertThat(one.contains(ip("127.0.0.1"))).isTrue();
    assertThat(one.contains(ip("127.0.0.2"))).isFalse();
    assertThat(Cidr.parse("::1").prefixLength()).isEqualTo(128);
  }

  @Test
  void shouldContainTheAddressesOfItsIpv6Range() throws Exception {
    Cidr range = Cidr.parse("fc00::/7");
    assertThat(range.contains(ip("fd00:ec2::254"))).isTrue();
    assertThat(range.contains(ip("fc00::1"))).isTrue();
    assertThat(range.contains(ip("fe00::1"))).isFalse();
    assertThat(Cidr.parse("[fe80::]/10").contains(ip("febf::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
  }

  @Test
  void shouldNeverMatchAnAddressOfTheOtherFamily() throws Exception {
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
    // A mapped literal keeps its IPv6 form: the IPv4 range does not hold it as such.
    assertThat(Cidr.literal("::ffff:127.0.0.1")).hasSize(16);
    assertThat(Cidr.parse("::ffff:0:0/96").contains(Cidr.literal("::ffff:127.0.0.1"))).isTrue();
  }

  @Test
  void shouldRefuseWhatIsNotALiteralNetworkNamingIt() {
    assertThatThrownBy(() -> Cidr.parse("localhost")).hasMessageContaining("'localhost'")
        .hasMessageContaining("names are not accepted");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length must be 0 to 32");
    assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("0 to 128");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("'10.0.0.0/x'");
    assertThatThrownBy(() -> Cidr.parse("256.0.0.1")).hasMessageContaining("not an IPv4 or IPv6 address");
    assertThatThrownBy(() -> Cidr.parse("127.1")).hasMessageContaining("not an IPv4 or IPv6 address");
    assertThatThrownBy(() -> Cidr.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadLiteralsWithoutLookingNamesUp() {
    assertThat(Cidr.literal("example.com")).isNull();
    assertThat(Cidr.literal("1.2.3")).isNull();
    assertThat(Cidr.literal("010.0.0.1")).isNull();
    assertThat(Cidr.literal("0.0.0.0")).containsExactly(0, 0, 0, 0);
    assertThat(Cidr.literal("[::1]")).hasSize(16);
    assertThat(Cidr.literal("10.0.0.1")).containsExactly(10, 0, 0, 1);
  }
}
