package dev.eventhub.distribution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated JWTs: the hub's own kind (HS256, its secret, an hour long, every scope) with mutations of
 * the header ({@code alg}, {@code kid}, embedded keys), the claims ({@code exp}, {@code nbf}, {@code
 * scope} and {@code sub} of every type), the signature (bit flips, another key, none) and the
 * encoding (padding, the other base64 alphabet, extra segments). Each token knows whether the hub may
 * accept it: only when its signature verifies with the hub's key under {@code HS256} and it is
 * neither expired nor not yet valid.
 */
final class HostileJwts {
  /** What a 2xx answer would need: an intact signature and times; the scope decides admin. */
  record Token(String text, String mutations, boolean acceptable, boolean grantsAdmin) {
    @Override
    public String toString() {
      return mutations + " -> " + HostileChecks.abbreviate(text, 300);
    }
  }

  private static final long LEEWAY = 5;

  private HostileJwts() {}

  static Arbitrary<Token> tokens() {
    Arbitrary<List<String[]>> headerMutations = headerMutation().list().ofMaxSize(2);
    Arbitrary<List<String[]>> claimMutations = claimMutation().list().ofMaxSize(3);
    return Combinators.combine(headerMutations, claimMutations, signing(), encoding())
        .as(HostileJwts::build);
  }

  // A mutation is {field, raw JSON value or "<drop>"}.
  private static Arbitrary<String[]> headerMutation() {
    Arbitrary<String> alg = Arbitraries.of("\"none\"", "\"None\"", "\"NONE\"", "\"nOnE\"", "\"\"", "null", "123",
        "\"HS384\"", "\"HS512\"", "\"RS256\"", "\"ES256\"", "\"PS256\"", "\"EdDSA\"", "\"hs256\"", "\"HS256 \"",
        "[\"HS256\"]", "{\"alg\":\"HS256\"}", "\"<drop>\"");
    Arbitrary<String> kid = Arbitraries.of("\"\"", "\"k1\"", "\"../../../../dev/null\"", "\"' OR 1=1 --\"", "123",
        "null", "{}", "[\"a\"]", "\"" + "k".repeat(5000) + "\"", "\"\\u0000\"");
    return Arbitraries.oneOf(
        alg.map(v -> new String[] {"alg", v}),
        kid.map(v -> new String[] {"kid", v}),
        Arbitraries.of(
            new String[] {"typ", "\"<drop>\""}, new String[] {"typ", "123"}, new String[] {"typ", "\"JWE\""},
            new String[] {"jku", "\"http://127.0.0.1:9/jwks.json\""}, new String[] {"x5u", "\"http://127.0.0.1:9/x\""},
            new String[] {"jwk", "{\"kty\":\"oct\",\"k\":\"AAAA\"}"}, new String[] {"crit", "[\"exp\"]"},
            new String[] {"b64", "false"}, new String[] {"zip", "\"DEF\""}, new String[] {"cty", "\"JWT\""}));
  }

  private static Arbitrary<String[]> claimMutation() {
    long now = Instant.now().getEpochSecond();
    Arbitrary<String> time = Arbitraries.of("\"<drop>\"", "\"" + (now + 3600) + "\"", "\"tomorrow\"", "1e300",
        "-1e300", "1e20", "-1", "0", String.valueOf(now - 3600), String.valueOf(now - 2), String.valueOf(now + 3600),
        (now + 3600) + ".75", "true", "[1]", "{}", "null", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", String.valueOf(Long.MIN_VALUE));
    Arbitrary<String> scope = Arbitraries.of("\"<drop>\"", "\"\"", "\"admin\"", "\"  admin  \"", "\"ADMIN\"",
        "\"admin\\u0000\"", "\"subscribe:*\"", "\"publish:* subscribe:*\"", "[\"admin\"]", "[\"admin\",1]", "[1,2]",
        "[[\"admin\"]]", "[{\"admin\":true}]", "123", "true", "null", "{\"admin\":true}",
        "\"" + "publish:x ".repeat(3000) + "admin\"", "[" + "\"s\",".repeat(5000) + "\"admin\"]");
    Arbitrary<String> sub = Arbitraries.of("\"<drop>\"", "123", "null", "{}", "[]", "\"\"", "\"" + "s".repeat(10_000) + "\"");
    return Arbitraries.oneOf(
        time.map(v -> new String[] {"exp", v}),
        time.map(v -> new String[] {"nbf", v}),
        time.map(v -> new String[] {"iat", v}),
        scope.map(v -> new String[] {"scope", v}),
        sub.map(v -> new String[] {"sub", v}),
        Arbitraries.of(new String[] {"aud", "123"}, new String[] {"aud", "[\"x\",{}]"}, new String[] {"iss", "[]"},
            new String[] {"jti", "{}"}, new String[] {"scope+", "\"admin\""}));
  }

  /** How the signature is made. */
  enum Signing { RIGHT, OTHER_KEY, EMPTY, MISSING_SEGMENT, RANDOM, BIT_FLIP, TRUNCATED, PADDED, STANDARD_ALPHABET, DOUBLED }

  private static Arbitrary<Tuple.Tuple2<Signing, Integer>> signing() {
    return Combinators.combine(Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(Signing.RIGHT)),
        Tuple.of(4, Arbitraries.of(Signing.class))), Arbitraries.integers().between(0, 255)).as(Tuple::of);
  }

  /** What happens to the header and payload segments' encoding. */
  enum Encoding { PLAIN, PADDED, STANDARD_ALPHABET, WHITESPACE, EXTRA_SEGMENT, INVALID_CHARACTER, NOT_JSON_HEADER, ARRAY_PAYLOAD, DUPLICATE_SCOPE, INVALID_UTF8 }

  private static Arbitrary<Encoding> encoding() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(Encoding.PLAIN)), Tuple.of(4, Arbitraries.of(Encoding.class)));
  }

  private static Token build(List<String[]> headerMutations, List<String[]> claimMutations,
      Tuple.Tuple2<Signing, Integer> signing, Encoding encoding) {
    long now = Instant.now().getEpochSecond();
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    JsonObject claims = new JsonObject().put("sub", "hostile-jwt").put("scope", "admin subscribe:* publish:*")
        .put("exp", now + 3600);
    headerMutations.forEach(m -> apply(header, m));
    claimMutations.forEach(m -> apply(claims, m));
    String headerJson = header.encode();
    String claimsJson = claims.encode();
    byte[] claimsBytes = claimsJson.getBytes(StandardCharsets.UTF_8);
    switch (encoding) {
      case NOT_JSON_HEADER -> headerJson = "{alg:HS256";
      case ARRAY_PAYLOAD -> claimsBytes = ("[" + claimsJson + "]").getBytes(StandardCharsets.UTF_8);
      case DUPLICATE_SCOPE -> claimsBytes = claimsJson.replaceFirst("\\{", "{\"scope\":\"admin\",")
          .getBytes(StandardCharsets.UTF_8);
      case INVALID_UTF8 -> {
        // Inside a string value: the JSON stays well formed, its bytes are not UTF-8.
        int at = claimsJson.indexOf(':') + 2;
        byte[] head = claimsJson.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = claimsJson.substring(at).getBytes(StandardCharsets.UTF_8);
        claimsBytes = Arrays.copyOf(head, head.length + 2 + tail.length);
        claimsBytes[head.length] = (byte) 0xC0;
        claimsBytes[head.length + 1] = (byte) 0x80;
        System.arraycopy(tail, 0, claimsBytes, head.length + 2, tail.length);
      }
      default -> { }
    }
    String h = b64(headerJson.getBytes(StandardCharsets.UTF_8));
    String p = b64(claimsBytes);
    switch (encoding) {
      case PADDED -> {
        h = pad(h);
        p = pad(p);
      }
      case STANDARD_ALPHABET -> {
        h = Base64.getEncoder().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));
        p = Base64.getEncoder().encodeToString(claimsBytes);
      }
      case WHITESPACE -> p = p.substring(0, p.length() / 2) + " " + p.substring(p.length() / 2);
      case INVALID_CHARACTER -> p = p.substring(0, p.length() / 2) + "!" + p.substring(p.length() / 2);
      default -> { }
    }
    String input = h + "." + p;
    String text = sign(input, signing.get1(), signing.get2());
    if (encoding == Encoding.EXTRA_SEGMENT) {
      text = text + ".e30";
    }
    String mutations = "header " + describe(headerMutations) + ", claims " + describe(claimMutations) + ", signature "
        + signing.get1() + ", encoding " + encoding;
    return new Token(text, mutations, acceptable(text, now), grantsAdmin(claims, encoding));
  }

  private static void apply(JsonObject json, String[] mutation) {
    String field = mutation[0].replace("+", "");
    if (mutation[1].equals("\"<drop>\"")) {
      json.remove(field);
    } else {
      json.put(field, io.vertx.core.json.Json.decodeValue(mutation[1]));
    }
  }

  private static String describe(List<String[]> mutations) {
    return mutations.stream().map(m -> m[0] + "=" + HostileChecks.abbreviate(m[1], 40)).toList().toString();
  }

  private static String sign(String input, Signing signing, int at) {
    String right = HostileHub.sign(input);
    String sig = right.substring(input.length() + 1);
    return switch (signing) {
      case RIGHT -> right;
      case OTHER_KEY -> input + "." + b64(("other" + sig).getBytes(StandardCharsets.UTF_8)).substring(0, sig.length());
      case EMPTY -> input + ".";
      case MISSING_SEGMENT -> input;
      case RANDOM -> input + "." + b64(new byte[] {(byte) at, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
          17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
      case BIT_FLIP -> input + "." + flip(sig, at);
      case TRUNCATED -> input + "." + sig.substring(0, sig.length() - 1 - at % 8);
      case PADDED -> input + "." + sig + "=";
      case STANDARD_ALPHABET -> input + "." + sig.replace('-', '+').replace('_', '/') + "=";
      case DOUBLED -> input + "." + sig + sig;
    };
  }

  private static String flip(String sig, int at) {
    byte[] raw = Base64.getUrlDecoder().decode(sig);
    raw[at % raw.length] ^= (byte) (1 << (at % 8));
    return b64(raw);
  }

  /** Whether a hub verifying HS256 with its secret may accept {@code text} at all. */
  static boolean acceptable(String text, long now) {
    String[] parts = text.split("\\.", -1);
    // The same signature bytes in another base64 spelling (padded) are the same signature, not a forgery.
    if (parts.length != 3 || !java.util.Arrays.equals(HostileHub.hmac(parts[0] + "." + parts[1]), lenient(parts[2]))) {
      return false;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      if (!"HS256".equals(header.getValue("alg"))) {
        return false;
      }
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (claims.getValue("exp") instanceof Number exp && exp.doubleValue() + LEEWAY < now) {
        return false;
      }
      return !(claims.getValue("nbf") instanceof Number nbf && nbf.doubleValue() - LEEWAY > now);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] lenient(String segment) {
    try {
      return Base64.getUrlDecoder().decode(segment.replace('+', '-').replace('/', '_').replace("=", ""));
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static boolean grantsAdmin(JsonObject claims, Encoding encoding) {
    if (encoding == Encoding.DUPLICATE_SCOPE) {
      return true; // Which duplicate wins is the parser's choice; the signature decides acceptance.
    }
    Object scope = claims.getValue("scope");
    if (scope instanceof String s) {
      return Arrays.asList(s.trim().split("\\s+")).contains("admin");
    }
    return scope instanceof JsonArray array && array.getList().contains("admin");
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pad(String segment) {
    return segment + "=".repeat((4 - segment.length() % 4) % 4 == 0 ? 1 : (4 - segment.length() % 4) % 4);
  }

}
