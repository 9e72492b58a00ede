package dev.eventhub.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated WebSocket traffic: requests of the protocol with fields of the wrong type, messages that
 * are not JSON, fragmented messages with control frames between the fragments, binary and oversized
 * frames, and (last, since the hub may close for them) violations of RFC 6455 itself.
 */
final class HostileFrames {
  /** Frames sent in one go. */
  interface Step {
    void send(RawWebSocket ws) throws IOException;
  }

  /** A step and what it was, for the report. */
  record Described(String what, Step step) {
    @Override
    public String toString() {
      return what;
    }
  }

  private HostileFrames() {}

  /** Frames within the protocol's rules (though not the hub's). */
  static Arbitrary<Described> step() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, request().map(text -> text(text, "text " + HostileChecks.abbreviate(text, 120)))),
        Tuple.of(2, Combinators.combine(request(), Arbitraries.integers().between(2, 6), Arbitraries.of(true, false))
            .as(HostileFrames::fragmented)),
        Tuple.of(1, HostileBodies.notAnObject().filter(b -> b.length < 60_000 && validUtf8(b))
            .map(b -> new Described("text of " + b.length + " bytes: " + HostileChecks.abbreviate(
                new String(b, StandardCharsets.UTF_8), 80), ws -> ws.send(RawWebSocket.TEXT, b)))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
            .map(b -> new Described("binary of " + b.length + " bytes", ws -> ws.send(RawWebSocket.BINARY, b)))),
        Tuple.of(1, Arbitraries.of(
            new Described("ping", ws -> ws.send(RawWebSocket.PING, "p".getBytes(StandardCharsets.UTF_8))),
            new Described("unsolicited pong", ws -> ws.send(RawWebSocket.PONG, new byte[0])),
            new Described("oversized text (70 KiB)", ws -> ws.send(RawWebSocket.TEXT, big(70 * 1024))),
            new Described("oversized text (200 KiB)", ws -> ws.send(RawWebSocket.TEXT, big(200 * 1024))),
            new Described("oversized message in 4 fragments of 20 KiB", ws -> {
              byte[] part = "a".repeat(20 * 1024).getBytes(StandardCharsets.UTF_8);
              ws.send(false, 0, RawWebSocket.TEXT, part, true);
              ws.send(false, 0, RawWebSocket.CONTINUATION, part, true);
              ws.send(false, 0, RawWebSocket.CONTINUATION, part, true);
              ws.send(true, 0, RawWebSocket.CONTINUATION, part, true);
            }))));
  }

  /** Frames that break RFC 6455: the hub should close (1002, 1007, 1009), never fail (1011) or hang. */
  static Arbitrary<Described> violation() {
    return Arbitraries.of(
        new Described("reserved opcode 3", ws -> ws.send(true, 0, 3, new byte[] {1}, true)),
        new Described("reserved opcode 11", ws -> ws.send(true, 0, 11, new byte[] {1}, true)),
        new Described("RSV1 without an extension", ws -> ws.send(true, 4, RawWebSocket.TEXT, json("{\"type\":\"ping\"}"), true)),
        new Described("unmasked client frame", ws -> ws.send(true, 0, RawWebSocket.TEXT, json("{\"type\":\"ping\"}"), false)),
        new Described("ping of 200 bytes", ws -> ws.send(RawWebSocket.PING, new byte[200])),
        new Described("fragmented ping", ws -> ws.send(false, 0, RawWebSocket.PING, new byte[] {1}, true)),
        new Described("continuation without a start", ws -> ws.send(true, 0, RawWebSocket.CONTINUATION, json("{}"), true)),
        new Described("new text inside a fragmented one", ws -> {
          ws.send(false, 0, RawWebSocket.TEXT, json("{\"type\":"), true);
          ws.send(true, 0, RawWebSocket.TEXT, json("{\"type\":\"ping\"}"), true);
        }),
        new Described("invalid UTF-8 text", ws -> ws.send(RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"', '}'})),
        new Described("invalid UTF-8 split across fragments", ws -> {
          ws.send(false, 0, RawWebSocket.TEXT, new byte[] {'"', (byte) 0xE2}, true);
          ws.send(true, 0, RawWebSocket.CONTINUATION, new byte[] {(byte) 0x28, '"'}, true);
        }),
        new Described("close with code 999", ws -> ws.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE7})),
        new Described("close with code 1005", ws -> ws.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xED})),
        new Described("close with a 1-byte payload", ws -> ws.send(RawWebSocket.CLOSE, new byte[] {0x03})),
        new Described("close with invalid UTF-8 reason", ws -> ws.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF})));
  }

  /** Requests of the hub's protocol, most with a field of the wrong type or value. */
  static Arbitrary<String> request() {
    Arbitrary<String> value = HostileBodies.value().filter(v -> v.length() < 20_000);
    Arbitrary<String> subscribe = Combinators.combine(
        Arbitraries.of("id", "categories", "events", "keys", "since", "type", "extra"), value)
        .as((field, v) -> {
          StringBuilder out = new StringBuilder("{");
          out.append("\"type\":").append(field.equals("type") ? v : "\"subscribe\"");
          out.append(",\"id\":").append(field.equals("id") ? v : "\"s1\"");
          out.append(",\"categories\":").append(field.equals("categories") ? v : "[\"seed-0\",\"hostile-*\"]");
          if (!field.equals("type") && !field.equals("id") && !field.equals("categories")) {
            out.append(",\"").append(field).append("\":").append(v);
          }
          return out.append('}').toString();
        });
    return Arbitraries.oneOf(subscribe,
        value.map(v -> "{\"type\":\"unsubscribe\",\"id\":\"u1\",\"subscription\":" + v + "}"),
        value.map(v -> "{\"type\":\"ping\",\"id\":" + v + "}"),
        value.map(v -> "{\"type\":" + v + "}"),
        Arbitraries.of("{\"type\":\"subscribe\",\"id\":\"ok\",\"categories\":[\"seed-0\"],\"since\":\"0000000000000000\"}",
            "{\"type\":\"subscribe\",\"id\":\"ok\",\"categories\":[\"*\"]}", "{\"type\":\"ping\",\"id\":1}"));
  }

  private static Described fragmented(String text, int parts, boolean controlBetween) {
    byte[] bytes = json(text);
    return new Described("'" + HostileChecks.abbreviate(text, 80) + "' in " + parts + " fragments"
        + (controlBetween ? " with pings between" : ""), ws -> {
          int size = Math.max(1, bytes.length / parts);
          int at = 0;
          for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? bytes.length : Math.min(bytes.length, at + size);
            byte[] part = Arrays.copyOfRange(bytes, at, end);
            at = end;
            ws.send(i == parts - 1, 0, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION, part, true);
            if (controlBetween && i < parts - 1) {
              ws.send(RawWebSocket.PING, new byte[] {(byte) i});
            }
          }
        });
  }

  private static Described text(String text, String what) {
    return new Described(what, ws -> ws.send(RawWebSocket.TEXT, json(text)));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] big(int size) {
    return ("{\"type\":\"ping\",\"id\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static boolean validUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
