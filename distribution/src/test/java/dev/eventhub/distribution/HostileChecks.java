package dev.eventhub.distribution;

import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The properties every answer to hostile input must have, as assertions that say what broke. */
final class HostileChecks {
  /**
   * What must never reach a client: a stack frame, an exception's name or text, a Java class name of
   * the hub or of a library, a source position. The generators never put these words in requests, so
   * an echo of the input cannot match.
   */
  static final Pattern LEAK = Pattern.compile(
      "Exception|Throwable|(?<![A-Za-z])Error:|\\bat (dev|io|java|jdk|sun|com|org|net)\\.[a-z]"
          + "|\\b(dev\\.eventhub|io\\.vertx|io\\.netty|com\\.fasterxml|java\\.lang|java\\.util|java\\.io|org\\.sqlite)\\."
          + "|\\.java:\\d+|StreamReadConstraints|getMaxNestingDepth|Source: \\(");

  private HostileChecks() {}

  /**
   * An answer to hostile input: never a 5xx, never a leak, never a hang; a refusal with a body is the
   * hub's JSON error shape.
   *
   * @param what the input, for the failure message
   */
  static void harmless(RawHttp.Answer answer, String what) {
    if (answer.timedOut()) {
      throw new AssertionError("no answer within " + RawHttp.READ_TIMEOUT_MILLIS + " ms to " + what);
    }
    if (answer.status() >= 500) {
      throw new AssertionError("a " + answer.status() + " for " + what + ": " + answer);
    }
    noLeak(answer.body(), what);
    answer.headers().values().forEach(v -> noLeak(v, what));
    if (answer.status() >= 400 && !answer.body().isBlank()) {
      errorShape(answer.body(), what);
    }
  }

  /** {@code text} (an answer's body, a frame, a close reason) holds no stack trace or class name. */
  static void noLeak(String text, String what) {
    Matcher m = LEAK.matcher(text == null ? "" : text);
    if (m.find()) {
      throw new AssertionError("leaked '" + m.group() + "' answering " + what + ": " + abbreviate(text, 2000));
    }
  }

  /** The hub's JSON error body: {@code {"error":"<code>","message":"..."}}. */
  static void errorShape(String body, String what) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      throw new AssertionError("a refusal whose body is not the JSON error shape, answering " + what + ": "
          + abbreviate(body, 600));
    }
    if (!(json.getValue("error") instanceof String) || !(json.getValue("message") instanceof String)) {
      throw new AssertionError("a refusal without 'error' and 'message', answering " + what + ": " + abbreviate(body, 600));
    }
  }

  static String abbreviate(String text, int max) {
    if (text == null) {
      return "null";
    }
    return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
  }
}
