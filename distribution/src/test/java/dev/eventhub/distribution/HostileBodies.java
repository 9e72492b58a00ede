package dev.eventhub.distribution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated hostile request bodies: a route's valid body (a template) with fields given values of the
 * wrong type, duplicated, dropped or added; huge numbers, deep nesting, long strings; then perhaps
 * cut short, given bytes that are not UTF-8, or replaced by something that is not JSON at all.
 */
final class HostileBodies {
  /** One field of a JSON object, its value as raw JSON text (so duplicates and odd numbers survive). */
  record Field(String key, String raw) {}

  private HostileBodies() {}

  /** Hostile JSON values, as text. */
  static Arbitrary<String> value() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of("null", "true", "false", "0", "-0", "-1", "0.5", "1e3",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "1e999999", "-1e-999999", "1.7976931348623157e309", "4.9e-325", "\"\"", "\" \"", "[]", "{}", "[null]",
            "[1,2,3]", "[\"a\",1,true,null,{}]", "{\"a\":1}", "\"*\"", "\"a b\"", "\"../../etc/passwd\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\n\\r\\t\"", "\"UPPER\"", "\"-\"", "\"a:b\"",
            "\"%00\"", "\"<script>\"", "\"\\\"\"", "\"1970-01-01T00:00:00Z\"", "\"99999-12-31T23:59:59Z\"",
            "\"1s\"", "\"0s\"", "\"-5m\"", "\"999999999999d\"", "\"P1D\"", "\"* * * * *\"", "\"0 0 0 ? * MON-FRI\"",
            "\"http://127.0.0.1:9/x\"", "\"ftp://x\"", "\"not a url\"")),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 4000).map(n -> "9".repeat(n))),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(n -> "0." + "1".repeat(n) + "e-" + n)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 200_000).map(n -> "\"" + "a".repeat(n) + "\"")),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n) + "]".repeat(n))),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000)
            .map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n))),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 5000)
            .map(n -> "[" + "1,".repeat(n) + "1]")),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u263a', '\u0000')
            .ofMaxLength(40).map(s -> io.vertx.core.json.Json.encode(s))));
  }

  /** A body for {@code template}: a mutated object, then perhaps damaged as bytes. */
  static Arbitrary<byte[]> body(List<Field> template) {
    Arbitrary<String> object = mutations(template).map(HostileBodies::object);
    Arbitrary<byte[]> structured = Combinators.combine(object, damage()).as((text, damage) -> damage.apply(text));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, structured),
        net.jqwik.api.Tuple.of(2, notAnObject()),
        net.jqwik.api.Tuple.of(1, value().map(v -> utf8("[" + object(template) + "," + v + "]"))));
  }

  private static Arbitrary<List<Field>> mutations(List<Field> template) {
    Arbitrary<Mutation> one = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(0, Math.max(0, template.size() - 1)), value())
            .as((i, v) -> fields -> replace(fields, i, v)),
        Arbitraries.integers().between(0, Math.max(0, template.size() - 1)).map(i -> fields -> drop(fields, i)),
        Combinators.combine(Arbitraries.integers().between(0, Math.max(0, template.size() - 1)), value())
            .as((i, v) -> fields -> duplicate(fields, i, v)),
        Combinators.combine(Arbitraries.of("extra", "__proto__", "constructor", "", "a\u0000b", "\u263a", "id", "type"),
            value()).as((k, v) -> fields -> add(fields, k, v)),
        Combinators.combine(Arbitraries.integers().between(0, Math.max(0, template.size() - 1)),
            Arbitraries.integers().between(1, 2000)).as((i, depth) -> fields -> nest(fields, i, depth)));
    return one.list().ofMinSize(0).ofMaxSize(3).map(list -> {
      List<Field> fields = new ArrayList<>(template);
      list.forEach(m -> m.apply(fields));
      return fields;
    });
  }

  /** Something done to the fields of a body. */
  private interface Mutation {
    void apply(List<Field> fields);
  }

  private static void replace(List<Field> fields, int i, String value) {
    if (i < fields.size()) {
      fields.set(i, new Field(fields.get(i).key(), value));
    }
  }

  private static void drop(List<Field> fields, int i) {
    if (i < fields.size()) {
      fields.remove(i);
    }
  }

  private static void duplicate(List<Field> fields, int i, String value) {
    if (i < fields.size()) {
      fields.add(new Field(fields.get(i).key(), value));
    }
  }

  private static void add(List<Field> fields, String key, String value) {
    fields.add(new Field(key, value));
  }

  private static void nest(List<Field> fields, int i, int depth) {
    if (i < fields.size()) {
      Field f = fields.get(i);
      fields.set(i, new Field(f.key(), "{\"x\":".repeat(depth) + f.raw() + "}".repeat(depth)));
    }
  }

  static String object(List<Field> fields) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      out.append(i == 0 ? "" : ",").append(io.vertx.core.json.Json.encode(fields.get(i).key())).append(':')
          .append(fields.get(i).raw());
    }
    return out.append('}').toString();
  }

  /** What may happen to a body's bytes on the way. */
  private interface Damage {
    byte[] apply(String text);
  }

  private static Arbitrary<Damage> damage() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.just(HostileBodies::utf8)),
        net.jqwik.api.Tuple.of(2, Arbitraries.doubles().between(0, 1).map(at -> text -> {
          byte[] bytes = utf8(text);
          return java.util.Arrays.copyOf(bytes, (int) (bytes.length * at));
        })),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.doubles().between(0, 1), invalidUtf8())
            .as((at, bad) -> text -> insert(utf8(text), (int) (utf8(text).length * at), bad))),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(
            (Damage) text -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(text)),
            text -> utf8(text + text),
            text -> utf8(text.replace("\"", "'")),
            text -> utf8(text.replace(":", " : /* c */ ")),
            text -> utf8(text.replace("}", ",}")),
            text -> text.getBytes(StandardCharsets.UTF_16),
            text -> utf8(text + "\u0000"))));
  }

  private static Arbitrary<byte[]> invalidUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        new byte[] {0});
  }

  /** Bodies that are not a JSON object: empty, other values, deep nesting, random bytes. */
  static Arbitrary<byte[]> notAnObject() {
    return Arbitraries.oneOf(
        value().map(HostileBodies::utf8),
        Arbitraries.of("", " ", "\n", "{", "}", "[", "[]", "[{}]", "{}", "{\"a\"}", "{\"a\":}", "{,}", "nul",
            "tru", "\"unterminated", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing").map(HostileBodies::utf8),
        Arbitraries.integers().between(1000, 200_000).map(n -> utf8("[".repeat(n) + "]".repeat(n))),
        Arbitraries.integers().between(1000, 100_000).map(n -> utf8("{\"a\":".repeat(n) + "1" + "}".repeat(n))),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(2000));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] insert(byte[] bytes, int at, byte[] bad) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(bad);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return insert(b, 0, a);
  }

  /** The fields of a valid body, from {@code key, rawJson} pairs. */
  static List<Field> template(String... keysAndValues) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.add(new Field(keysAndValues[i], keysAndValues[i + 1]));
    }
    return List.copyOf(fields);
  }

}
