package dev.eventhub.api.cloudevents;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of a CloudEvent's context attributes (CloudEvents 1.0, section 3, and its JSON format). */
final class Attributes {
  private static final Set<String> REQUIRED = Set.of("specversion", "id", "source", "type");
  private static final Set<String> OPTIONAL = Set.of("subject", "time", "datacontenttype", "dataschema");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
  private static final int MAX_SUBJECT = EventDraft.MAX_KEY_LENGTH;

  private Attributes() {}

  /**
   * A checked copy of a CloudEvent: the null-valued attributes and an incoming cursor extension
   * removed, everything else as it was.
   */
  static JsonObject check(JsonObject cloudEvent) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> member : cloudEvent) {
      if (member.getValue() != null && !member.getKey().equals(CloudEvents.CURSOR_EXTENSION)) {
        out.put(member.getKey(), member.getValue());
      }
    }
    for (String name : new String[] {"specversion", "id", "source", "type"}) {
      text(out, name, true);
    }
    if (!CloudEvents.SPEC_VERSION.equals(out.getString("specversion"))) {
      throw bad("specversion", "must be \"1.0\", got '" + abbreviate(out.getString("specversion")) + "'");
    }
    if (out.getString("id").length() > EventDraft.MAX_ID_LENGTH) {
      throw bad("id", "must be at most " + EventDraft.MAX_ID_LENGTH + " characters (the hub's id)");
    }
    uri(out, "source", false);
    String subject = text(out, "subject", false);
    if (subject != null && subject.length() > MAX_SUBJECT) {
      throw bad("subject", "must be at most " + MAX_SUBJECT + " characters (the hub's key)");
    }
    String time = text(out, "time", false);
    if (time != null) {
      try {
        OffsetDateTime.parse(time);
      } catch (DateTimeParseException e) {
        throw bad("time", "must be an RFC 3339 timestamp, got '" + abbreviate(time) + "'");
      }
    }
    text(out, "datacontenttype", false);
    uri(out, "dataschema", true);
    checkData(out);
    for (Map.Entry<String, Object> member : out) {
      String name = member.getKey();
      if (!REQUIRED.contains(name) && !OPTIONAL.contains(name) && !name.equals("data") && !name.equals("data_base64")) {
        extension(name, member.getValue());
      }
    }
    return out;
  }

  /**
   * The string-valued extension attributes of a checked CloudEvent, by name: what become the hub event's
   * attributes (boolean and integer extensions do not: attributes are strings).
   */
  static Map<String, String> stringExtensions(JsonObject checked) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Map.Entry<String, Object> member : checked) {
      String name = member.getKey();
      if (member.getValue() instanceof String value && !REQUIRED.contains(name) && !OPTIONAL.contains(name)
          && !name.equals("data") && !name.equals("data_base64")) {
        out.put(name, value);
      }
    }
    return out;
  }

  /** Whether an event's data is a CloudEvent the hub kept whole (see {@link CloudEvents}). */
  static boolean isCloudEvent(JsonObject data) {
    return CloudEvents.SPEC_VERSION.equals(data.getValue("specversion")) && data.getValue("type") instanceof String
        && data.getValue("source") instanceof String && data.getValue("id") instanceof String;
  }

  private static void checkData(JsonObject ce) {
    if (!ce.containsKey("data_base64")) {
      return;
    }
    if (ce.containsKey("data")) {
      throw bad("data_base64", "and 'data' must not both be present");
    }
    if (!(ce.getValue("data_base64") instanceof String encoded)) {
      throw bad("data_base64", "must be a string");
    }
    try {
      Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw bad("data_base64", "must be Base64 (RFC 4648): " + e.getMessage());
    }
  }

  // JSON format 2.2: an extension's value is a string, a boolean or an integer (32-bit signed).
  private static void extension(String name, Object value) {
    if (!NAME.matcher(name).matches()) {
      throw HubException.badRequest("CloudEvent attribute name '" + abbreviate(name)
          + "' is not valid: extension attribute names are lower-case letters a-z and digits 0-9");
    }
    boolean integer = value instanceof Integer
        || value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
        || value instanceof BigInteger b && b.bitLength() < 32;
    if (!(value instanceof String || value instanceof Boolean || integer)) {
      throw bad(name, "must be a string, a boolean or a 32-bit integer (an extension attribute), got " + value);
    }
  }

  private static String text(JsonObject ce, String name, boolean required) {
    Object value = ce.getValue(name);
    if (value == null) {
      if (required) {
        throw bad(name, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw bad(name, "must be a string");
    }
    if (s.isEmpty()) {
      throw bad(name, "must be a non-empty string");
    }
    return s;
  }

  private static void uri(JsonObject ce, String name, boolean absolute) {
    String value = text(ce, name, false);
    if (value == null) {
      return;
    }
    try {
      URI uri = new URI(value);
      if (absolute && !uri.isAbsolute()) {
        throw bad(name, "must be an absolute URI, got '" + abbreviate(value) + "'");
      }
    } catch (URISyntaxException e) {
      throw bad(name, "must be a URI" + (absolute ? "" : "-reference") + " (RFC 3986), got '" + abbreviate(value) + "'");
    }
  }

  static HubException bad(String attribute, String problem) {
    return HubException.badRequest("CloudEvent attribute '" + attribute + "' " + problem);
  }

  static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "...";
  }
}
