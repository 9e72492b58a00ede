package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.spi.Cidr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {
  private static String rule(String literal) {
    return AddressRules.refusedBy(Cidr.literal(literal));
  }

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback (127.0.0.0/8)",
      "127.255.255.254, loopback (127.0.0.0/8)",
      "10.0.0.1, private (10.0.0.0/8)",
      "10.255.255.255, private (10.0.0.0/8)",
      "172.16.0.1, private (172.16.0.0/12)",
      "172.31.255.255, private (172.16.0.0/12)",
      "192.168.1.1, private (192.168.0.0/16)",
      "169.254.169.254, link-local (169.254.0.0/16)",
      "169.254.0.1, link-local (169.254.0.0/16)",
      "0.0.0.0, unspecified (0.0.0.0/8)",
      "0.1.2.3, unspecified (0.0.0.0/8)",
      "224.0.0.1, multicast (224.0.0.0/4)",
      "239.255.255.250, multicast (224.0.0.0/4)",
      "255.255.255.255, reserved (broadcast included) (240.0.0.0/4)",
      "100.100.100.200, shared address space (100.64.0.0/10)"})
  void shouldRefuseIpv4RangesNamingTheRule(String address, String rule) {
    assertThat(rule(address)).isEqualTo(rule);
  }

  @ParameterizedTest
  @CsvSource({
      "::1, loopback (::1/128)",
      "::, unspecified (::/128)",
      "fe80::1, link-local (fe80::/10)",
      "febf:ffff::1, link-local (fe80::/10)",
      "fd00:ec2::254, unique-local (fc00::/7)",
      "fc00::1, unique-local (fc00::/7)",
      "fec0::1, site-local (fec0::/10)",
      "ff02::1, multicast (ff00::/8)"})
  void shouldRefuseIpv6RangesNamingTheRule(String address, String rule) {
    assertThat(rule(address)).isEqualTo(rule);
  }

  @ParameterizedTest
  @CsvSource({
      "'::ffff:127.0.0.1', loopback (127.0.0.0/8)",
      "'::ffff:7f00:1', loopback (127.0.0.0/8)",
      "'::ffff:169.254.169.254', link-local (169.254.0.0/16)",
      "'::ffff:10.1.2.3', private (10.0.0.0/8)",
      "'::127.0.0.1', loopback (127.0.0.0/8)",
      "'::192.168.0.1', private (192.168.0.0/16)",
      "'64:ff9b::127.0.0.1', loopback (127.0.0.0/8)",
      "'64:ff9b::a9fe:a9fe', link-local (169.254.0.0/16)",
      "'2002:7f00:1::', loopback (127.0.0.0/8)",
      "'2002:c0a8:101::1', private (192.168.0.0/16)"})
  void shouldJudgeIpv6FormsCarryingIpv4ByTheirIpv4Address(String address, String rule) {
    assertThat(rule(address)).isEqualTo(rule + ", carried in the IPv6 address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "192.167.255.255", "192.169.0.1",
      "11.0.0.1", "126.255.255.255", "128.0.0.1", "169.253.255.255", "169.255.0.1", "223.255.255.255",
      "100.63.255.255", "100.128.0.1", "2001:db8::1", "2606:4700:4700::1111", "fbff::1", "fe00::1",
      "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "::8.8.8.8"})
  void shouldLetPublicAddressesThrough(String address) {
    assertThat(rule(address)).isNull();
  }
}
