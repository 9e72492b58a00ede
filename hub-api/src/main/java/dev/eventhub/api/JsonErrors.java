package dev.eventhub.api;

import io.vertx.core.json.DecodeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a text that is not JSON, in words fit for a client: the parser's reason and
 * the line and column, without what the parser adds for its own developers (its class and method
 * names, the echoed source, several lines).
 */
public final class JsonErrors {
  private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)");
  private static final Pattern SETTING = Pattern.compile(",? ?from `[^`]*`");
  private static final int MAX_REASON = 200;

  private JsonErrors() {}

  /**
   * The reason a text failed to decode, on one line, e.g. {@code Unexpected character ('}' (code
   * 125)): was expecting double-quote to start field name (line 1, column 16)}.
   *
   * @param e what Vert.x's JSON decoding threw
   * @return the reason, never null, at most a few hundred characters
   */
  public static String describe(DecodeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher at = POSITION.matcher(message);
    String position = at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : "";
    String reason = message.replaceFirst("^Failed to decode: ?", "");
    int end = reason.indexOf('\n');
    reason = end < 0 ? reason : reason.substring(0, end);
    end = reason.indexOf(" at [Source");
    reason = end < 0 ? reason : reason.substring(0, end);
    reason = SETTING.matcher(reason).replaceAll("").replace("`", "'").trim();
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON) + "...";
    }
    return (reason.isEmpty() ? "malformed JSON" : reason) + position;
  }
}
