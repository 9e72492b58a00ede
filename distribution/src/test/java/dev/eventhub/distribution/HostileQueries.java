package dev.eventhub.distribution;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated request targets: every GET route (history paging, cursors, limits, the plugins' lists)
 * with hostile query values and path segments, written as they go on the wire (malformed escapes,
 * raw bytes above 0x7F, repeated parameters, lengths past the server's line limit).
 */
final class HostileQueries {
  private HostileQueries() {}

  static Arbitrary<String> targets() {
    Arbitrary<String> value = value();
    Arbitrary<String> segment = segment();
    return Arbitraries.oneOf(
        Combinators.combine(value, value, value, value, value).as((c, e, k, s, l) ->
            "/api/events?categories=" + c + "&events=" + e + "&keys=" + k + "&since=" + s + "&limit=" + l),
        Combinators.combine(Arbitraries.of("categories", "events", "keys", "since", "limit", "access_token"), value)
            .as((name, v) -> "/api/events?categories=seed-0&" + name + "=" + v + "&" + name + "=" + v),
        Combinators.combine(cursor(), value).as((c, l) -> "/api/events?categories=seed-*&since=" + c + "&limit=" + l),
        Combinators.combine(value, value).as((l, a) -> "/api/checkpoint/sessions?limit=" + l + "&after=" + a),
        Combinators.combine(segment, value, value).as((s, l, a) ->
            "/api/checkpoint/sessions/" + s + "/checkpoints?limit=" + l + "&after=" + a),
        Combinators.combine(segment, segment).as((s, c) -> "/api/checkpoint/sessions/" + s + "/checkpoints/" + c),
        Combinators.combine(value, value).as((l, a) -> "/api/workflow/jobs?limit=" + l + "&after=" + a),
        segment.map(j -> "/api/workflow/jobs/" + j),
        Combinators.combine(value, value, value).as((s, a, l) -> "/api/scheduler/schedules?state=" + s + "&after=" + a
            + "&limit=" + l),
        Combinators.combine(segment, value).as((n, next) -> "/api/scheduler/schedules/" + n + "?next=" + next),
        Combinators.combine(segment, value).as((n, l) -> "/api/scheduler/schedules/" + n + "/executions?limit=" + l),
        Combinators.combine(value, value, value, value, value, value).as((o, s, t, ord, a, l) ->
            "/api/dlq/entries?origin=" + o + "&state=" + s + "&olderThan=" + t + "&order=" + ord + "&after=" + a
                + "&limit=" + l),
        segment.map(id -> "/api/dlq/entries/" + id),
        segment.map(id -> "/api/webhook/endpoints/" + id),
        segment.map(id -> "/api/webhook/subscriptions/" + id),
        Combinators.combine(Arbitraries.of("/api/websocket/stats", "/api/categories", "/api/plugins", "/api/cluster",
            "/metrics", "/ready", "/health", "/", "/index.html", "/api/dlq/counts", "/api/scheduler/stats"), value)
            .as((path, v) -> path + "?x=" + v),
        Combinators.combine(segment, segment).as((a, b) -> "/api/" + a + "/" + b),
        segment.map(s -> "/" + s));
  }

  /** Query values as they go on the wire. */
  static Arbitrary<String> value() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "0", "-1", "1", "1000", "1001", "2147483648", "-2147483649", "99999999999999999999", "1e3",
            "0x10", "1.5", "+1", "%2B1", "%20", "NaN", "%", "%2", "%zz", "%00", "%ff%fe", "%C0%80", "%E2%82", "%25",
            "*", "seed-*", "a,b,,c", ",,,", "SEED-0", "seed_0", "seed%2C0", "%2e%2e%2f", "..", "parked", "resolved",
            "asc", "desc", "active", "paused", "7d", "-7d", "36501d", "1s", "x;y", "a&b=c", "=", "&&", "%u0041",
            "\u00e9", "\u00ff\u00fe"),
        Arbitraries.integers().between(1, 9000).map("a"::repeat),
        Arbitraries.integers().between(1, 400).map(n -> "seed-0,".repeat(n)),
        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(HostileQueries::escapeSpaceOnly));
  }

  /** Cursors: well formed, of other epochs, too long, not hex. */
  static Arbitrary<String> cursor() {
    return Arbitraries.oneOf(
        Arbitraries.of("0000000000000000", "ffffffffffffffff", "7fffffffffffffff", "8000000000000000", "-1",
            "00000000000000000", "000000000000000", "000000000000001g", "0x1", "%00"),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(0).ofMaxLength(40));
  }

  /** Path segments as they go on the wire. */
  static Arbitrary<String> segment() {
    return Arbitraries.oneOf(
        Arbitraries.of("s1", "j1", "x", "..", "%2e%2e", "%2F", "a%2Fb", "%00", "%ff", "%", "%zz", "%E2%98%BA", "*",
            "a:b", "a.b", "-", "_", "~", "\u00e9", ";x=1", "a%20b"),
        Arbitraries.integers().between(1, 6000).map("s"::repeat));
  }

  // Characters the request line cannot carry raw are escaped; the rest goes as generated.
  private static String escapeSpaceOnly(String s) {
    return s.replace(" ", "%20").replace("#", "%23");
  }
}
