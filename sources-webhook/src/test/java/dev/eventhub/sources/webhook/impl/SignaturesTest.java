package dev.eventhub.sources.webhook.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.HubException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  // The example of the Standard Webhooks specification.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final String TIMESTAMP = "1614265330";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void shouldSignTheSpecificationsExampleAsTheSpecificationDoes() {
    assertThat(Signatures.signStandard(Signatures.standardKey(SECRET), ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void shouldFindTheValidSignatureAmongSeveralAndRejectTamperedOnes() {
    byte[] key = Signatures.standardKey(SECRET);
    assertThat(Signatures.verifyStandard(key, ID, TIMESTAMP, BODY, "v1,Zm9v " + SIGNATURE + " v2,bar")).isTrue();
    assertThat(Signatures.verifyStandard(key, ID, TIMESTAMP, BODY, "v1,Zm9v")).isFalse();
    assertThat(Signatures.verifyStandard(key, ID, "1614265331", BODY, SIGNATURE)).isFalse();
    assertThat(Signatures.verifyStandard(key, "msg_other", TIMESTAMP, BODY, SIGNATURE)).isFalse();
    assertThat(Signatures.verifyStandard(key, ID, TIMESTAMP, "{\"test\": 1}".getBytes(StandardCharsets.UTF_8),
        SIGNATURE)).isFalse();
    assertThat(Signatures.verifyStandard(key, ID, TIMESTAMP, BODY, SIGNATURE.replace("v1,", "v1a,"))).isFalse();
  }

  @Test
  void shouldVerifyGithubsDocumentedExample() {
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(Signatures.verifyGithub("It's a Secret to Everybody", body, header)).isTrue();
    assertThat(Signatures.verifyGithub("It's a Secret to Everybody", body, header.toUpperCase().replace("SHA", "sha")))
        .isTrue();
    assertThat(Signatures.verifyGithub("another secret", body, header)).isFalse();
    assertThat(Signatures.verifyGithub("It's a Secret to Everybody", body, header.substring(7))).isFalse();
  }

  @Test
  void shouldMakeValidSecretsAndRefuseMalformedOnes() {
    String secret = Signatures.newSecret();
    assertThat(secret).startsWith("whsec_").isNotEqualTo(Signatures.newSecret());
    assertThat(Signatures.standardKey(secret)).hasSize(32);
    assertThatThrownBy(() -> Signatures.standardKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isInstanceOf(HubException.class);
    assertThatThrownBy(() -> Signatures.standardKey("whsec_not base64!")).isInstanceOf(HubException.class);
    assertThatThrownBy(() -> Signatures.standardKey("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes");
  }
}
