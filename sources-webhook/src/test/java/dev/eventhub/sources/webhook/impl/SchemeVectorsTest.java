package dev.eventhub.sources.webhook.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.HubException;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The inbound schemes against the test vectors their providers publish (Slack's and Twilio's worked
 * examples, GitHub's), and against values computed with openssl for those that publish none.
 */
class SchemeVectorsTest {
  private static final long TOLERANCE = 300_000;
  // api.slack.com "Verifying requests from Slack": the worked example.
  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
      + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private static Endpoint endpoint(String verification, String secret, JsonObject extra) {
    JsonObject json = new JsonObject().put("id", "e").put("verification", verification).put("secret", secret);
    return Endpoint.parse(json.mergeIn(extra == null ? new JsonObject() : extra), true, 0);
  }

  private static Verifier.Verified verify(Endpoint endpoint, MultiMap headers, String body, String url, long nowSeconds) {
    return Verifier.verify(endpoint, endpoint.secrets(nowSeconds * 1000),
        new Verifier.Request(headers, body.getBytes(StandardCharsets.UTF_8), url), nowSeconds * 1000, TOLERANCE);
  }

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void shouldVerifySlacksWorkedExample() {
    Endpoint slack = endpoint("slack", SLACK_SECRET, null);
    MultiMap headers = headers("X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", SLACK_SIGNATURE);

    Verifier.Verified verified = verify(slack, headers, SLACK_BODY, "https://hub/hooks/e", 1531420618 + 60);

    assertThat(verified.replayKey()).isNotBlank();
    assertThat(verified.expiresAt()).isEqualTo(1531420618_000L + 60_000 + TOLERANCE);
    assertThatThrownBy(() -> verify(slack, headers, SLACK_BODY + "x", "https://hub/hooks/e", 1531420618))
        .isInstanceOf(HubException.class).hasMessageContaining("slack");
    // The example is from 2018: at any later time its timestamp is stale.
    assertThatThrownBy(() -> verify(slack, headers, SLACK_BODY, "https://hub/hooks/e", 1531420618 + 301))
        .hasMessageContaining("X-Slack-Request-Timestamp");
  }

  @Test
  void shouldVerifyTwiliosWorkedExample() {
    // Twilio's request-validation example: auth token 12345, a form POST to this URL with these parameters.
    Endpoint twilio = endpoint("twilio", "12345", new JsonObject().put("url", "https://mycompany.com/myapp.php"));
    String body = "CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234&From=%2B14158675310&To=%2B18005551212";
    MultiMap headers = headers("Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", "GvWf1cFY/Q7PnoempGyD5oXAezc=");

    assertThat(verify(twilio, headers, body, "http://10.0.0.1:8080/hooks/e?foo=1&bar=2", 1).replayKey()).isNotBlank();
    assertThatThrownBy(() -> verify(twilio, headers, body, "http://10.0.0.1:8080/hooks/e?foo=1&bar=3", 1))
        .hasMessageContaining("twilio");
    assertThatThrownBy(() -> verify(twilio, headers, body.replace("1234&", "1235&"),
        "http://10.0.0.1:8080/hooks/e?foo=1&bar=2", 1)).hasMessageContaining("X-Twilio-Signature");
  }

  @Test
  void shouldVerifyAJsonTwilioRequestByTheBodyHashInItsSignedUrl() {
    Endpoint twilio = endpoint("twilio", "12345", new JsonObject().put("url", "https://mycompany.com/myapp"));
    String body = "{\"property\":\"value\"}";
    // printf '%s' "$BODY" | sha256sum; then the URL with it, HMAC-SHA1 by openssl.
    String hash = Signatures.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
    String url = "https://mycompany.com/myapp?bodySHA256=" + hash;
    String signature = java.util.Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1",
        "12345".getBytes(StandardCharsets.UTF_8), url.getBytes(StandardCharsets.UTF_8)));
    MultiMap headers = headers("Content-Type", "application/json", "X-Twilio-Signature", signature);

    verify(twilio, headers, body, "http://internal/hooks/e?bodySHA256=" + hash, 1);
    assertThatThrownBy(() -> verify(twilio, headers, "{\"property\":\"other\"}",
        "http://internal/hooks/e?bodySHA256=" + hash, 1)).hasMessageContaining("bodySHA256");
  }

  @Test
  void shouldVerifyGithubsExampleAndShopifyAndStripeAsOpensslComputesThem() {
    verify(endpoint("github", "It's a Secret to Everybody", null), headers("X-GitHub-Delivery", "d",
        "X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        "Hello, World!", "https://hub/hooks/e", 1);
    // printf '%s' '{"id":1}' | openssl dgst -sha256 -hmac shop-secret -binary | base64
    verify(endpoint("shopify", "shop-secret", null),
        headers("X-Shopify-Hmac-Sha256", "plW8VGqq0nDMIEhDqaNNW99asdUCy7EIqLZVcQwtAZ0="), "{\"id\":1}",
        "https://hub/hooks/e", 1);
    // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
    Endpoint stripe = endpoint("stripe", "whsec_test", null);
    String signature = "0".repeat(64);
    MultiMap stripeHeaders = headers("Stripe-Signature", "t=1700000000,v1=" + STRIPE_V1 + ",v0=" + signature);
    Verifier.Verified verified = verify(stripe, stripeHeaders, "{\"id\":\"evt_1\"}", "https://hub/hooks/e", 1700000000);
    assertThat(verified.webhookId()).isEqualTo("evt_1");
    // During a rotation Stripe sends one v1 per secret: one that matches is enough.
    verify(stripe, headers("Stripe-Signature", "t=1700000000,v1=" + signature + ",v1=" + STRIPE_V1),
        "{\"id\":\"evt_1\"}", "https://hub/hooks/e", 1700000000);
    assertThatThrownBy(() -> verify(stripe, headers("Stripe-Signature", "t=1700000000,v0=" + STRIPE_V1),
        "{\"id\":\"evt_1\"}", "https://hub/hooks/e", 1700000000)).hasMessageContaining("stripe");
  }

  private static final String STRIPE_V1 = "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";

  @Test
  void shouldCompareAGitlabTokenAndRefuseAnyOther() {
    Endpoint gitlab = endpoint("gitlab", "gl-token", null);
    verify(gitlab, headers("X-Gitlab-Token", "gl-token", "X-Gitlab-Event-UUID", "u-1"), "{}", "https://hub/hooks/e", 1);
    assertThatThrownBy(() -> verify(gitlab, headers("X-Gitlab-Token", "gl-tokem"), "{}", "https://hub/hooks/e", 1))
        .hasMessageContaining("gitlab").hasMessageNotContaining("gl-token");
  }

  @Test
  void shouldVerifyAConfiguredHmacSchemeInEachEncodingAndAlgorithm() {
    // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha512 -hmac k -binary | base64
    Endpoint base64 = endpoint("hmac", "k", new JsonObject().put("hmac", new JsonObject().put("header", "X-Sig")
        .put("algorithm", "sha512").put("encoding", "base64").put("prefix", "sha512=")
        .put("timestampHeader", "X-Ts")));
    verify(base64, headers("X-Ts", "1700000000", "X-Sig", "sha512=" + HMAC_512), "{\"a\":1}", "https://hub/hooks/e",
        1700000000);
    assertThatThrownBy(() -> verify(base64, headers("X-Ts", "1700000000", "X-Sig", "sha512=" + HMAC_512), "{\"a\":1}",
        "https://hub/hooks/e", 1700000000 + 301)).hasMessageContaining("X-Ts");
    assertThatThrownBy(() -> verify(base64, headers("X-Ts", "1700000001", "X-Sig", "sha512=" + HMAC_512), "{\"a\":1}",
        "https://hub/hooks/e", 1700000000)).hasMessageContaining("hmac");
    // printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac k
    Endpoint hex = endpoint("hmac", "k", new JsonObject().put("hmac", new JsonObject().put("header", "X-Sig")));
    verify(hex, headers("X-Sig", HMAC_256), "{\"a\":1}", "https://hub/hooks/e", 1);
    assertThatThrownBy(() -> endpoint("hmac", "k", new JsonObject().put("hmac", new JsonObject().put("header", "X-Sig")
        .put("algorithm", "md5")))).hasMessageContaining("algorithm");
    assertThatThrownBy(() -> endpoint("hmac", "k", null)).hasMessageContaining("hmac");
  }

  private static final String HMAC_512 = "EPJj5Z7aWOEtgYN1gtFeVVbYg1qutLjIaR+mphV5VNmZvLHP6mHFHpy5/jipsmk9t8+3on/F04UwnEUUHu4oVQ==";
  private static final String HMAC_256 = "c3a92ff9e274cdcce27a58c15a78ec6dcbbdbd0038a87e7a11baef2028fd8bff";

  @Test
  void shouldAcceptEveryActiveSecretDuringARotation() {
    Endpoint shopify = endpoint("shopify", "shop-secret", null);
    Endpoint rotating = shopify.rotated("newest", 10_000);
    assertThat(rotating.secrets(9_999)).containsExactly("newest", "shop-secret");
    assertThat(rotating.secrets(10_000)).containsExactly("newest");
    verify(rotating, headers("X-Shopify-Hmac-Sha256", "plW8VGqq0nDMIEhDqaNNW99asdUCy7EIqLZVcQwtAZ0="), "{\"id\":1}",
        "https://hub/hooks/e", 1);
    assertThatThrownBy(() -> verify(rotating, headers("X-Shopify-Hmac-Sha256",
        "plW8VGqq0nDMIEhDqaNNW99asdUCy7EIqLZVcQwtAZ0="), "{\"id\":1}", "https://hub/hooks/e", 11))
        .hasMessageContaining("shopify");
  }
}
