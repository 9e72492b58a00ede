package dev.eventhub.api.cloudevents;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.JsonErrors;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The mapping between the hub's event and a CloudEvent 1.0 (JSON event format, HTTP binding), in both
 * directions. Every part of the hub that speaks CloudEvents goes through this class, so the rule is
 * one (docs/cloudevents.md):
 *
 * <p><b>In</b> (a CloudEvent becomes an {@link EventDraft}):
 * <ul>
 *   <li>{@code id} is the event's id: the hub's idempotency key (a repeated id is answered with the
 *       first record);
 *   <li>{@code source} names the category and {@code type} the event, each by its {@linkplain #slug
 *       slug} (lower case, every run of other characters than {@code a-z0-9} one {@code -}, at most 64
 *       characters): {@code /mycontext} is category {@code mycontext}, {@code com.example.someevent}
 *       is event {@code com-example-someevent};
 *   <li>{@code subject} is the key;
 *   <li>the event's data is the whole CloudEvent in its JSON format: every attribute (the original
 *       {@code type}, {@code source}, {@code time}, {@code datacontenttype}, {@code dataschema}) and
 *       every extension attribute is kept there as the producer sent it, and the payload stays in
 *       {@code data} or {@code data_base64}. The hub's envelope has no room of its own for them, and
 *       an event must come out as it went in;
 *   <li>every extension attribute whose value is a string is also one of the event's attributes, by
 *       the same name, so that subscriptions and history can filter on it (a CloudEvent with more than
 *       16 string extensions, or one over 256 characters, is refused, naming the limit). Boolean and
 *       integer extensions stay in the data only.
 * </ul>
 * An attribute whose value is {@code null} is absent (JSON format 1.0, 3.1). An incoming {@value
 * #CURSOR_EXTENSION} extension is dropped: it is another log's position. Anything else the
 * specification forbids is refused with {@code bad_request} naming the attribute: a missing required
 * attribute, a {@code specversion} other than {@code 1.0}, a {@code source} or {@code dataschema}
 * that is not a URI(-reference), a {@code time} that is not RFC 3339, an extension whose name is not
 * lower-case letters and digits or whose value is not a string, a boolean or a 32-bit integer, both
 * {@code data} and {@code data_base64}, and what the hub's own limits refuse (an id over 128
 * characters, a subject over 256).
 *
 * <p><b>Out</b> (a {@link HubEvent} becomes a CloudEvent, {@link #toCloudEvent}): an event that came
 * in as a CloudEvent is given back as it came, with the {@value #CURSOR_EXTENSION} extension added
 * (and {@code time} the hub's timestamp if it had none). Any other event becomes {@code
 * {"specversion":"1.0","id":id,"source":"/"+category,"type":event,"subject":key,"time":timestamp,
 * "datacontenttype":"application/json","hubcursor":cursor,"data":data}}, which maps back to the same
 * category, event and key; its attributes are not written as extensions (their names may hold {@code
 * _.-}, which extension names cannot).
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class CloudEvents {
  /** The media type of one CloudEvent in structured mode (JSON event format). */
  public static final String STRUCTURED_TYPE = "application/cloudevents+json";
  /** The media type of a batch of CloudEvents (JSON batch format). */
  public static final String BATCH_TYPE = "application/cloudevents-batch+json";
  /** The only specification version the hub reads and writes. */
  public static final String SPEC_VERSION = "1.0";
  /** The extension attribute that carries the hub's cursor on the way out. */
  public static final String CURSOR_EXTENSION = "hubcursor";

  private static final String MEDIA_PREFIX = "application/cloudevents";

  /** How an HTTP request carries CloudEvents (HTTP protocol binding 1.0, section 3). */
  public enum Mode {
    /** One event, the whole of it in the body: {@value CloudEvents#STRUCTURED_TYPE}. */
    STRUCTURED,
    /** Several events in the body: {@value CloudEvents#BATCH_TYPE}. */
    BATCH,
    /** The attributes in {@code ce-*} headers, the data alone in the body. */
    BINARY
  }

  private CloudEvents() {}

  /**
   * Which content mode a request's headers announce, or {@code null} when the request is not a
   * CloudEvent (the hub's own format).
   *
   * @throws HubException {@code bad_request} for a CloudEvents event format the hub does not read
   *     (anything but JSON, e.g. {@code application/cloudevents+avro})
   */
  public static Mode mode(MultiMap headers) {
    String type = mediaType(headers.get("Content-Type"));
    if (type.equals(STRUCTURED_TYPE)) {
      return Mode.STRUCTURED;
    }
    if (type.equals(BATCH_TYPE)) {
      return Mode.BATCH;
    }
    if (type.startsWith(MEDIA_PREFIX)) {
      throw HubException.badRequest("content type '" + type + "' is not a CloudEvents format the hub reads: use "
          + STRUCTURED_TYPE + ", " + BATCH_TYPE + " or binary mode (ce-* headers)");
    }
    return headers.contains("ce-specversion") ? Mode.BINARY : null;
  }

  /**
   * Reads the CloudEvents of a request in the given mode.
   *
   * @throws HubException {@code bad_request} naming what is wrong
   */
  public static List<EventDraft> read(Mode mode, MultiMap headers, Buffer body) {
    return switch (mode) {
      case STRUCTURED -> List.of(fromStructured(parse(body, JsonObject.class, "a CloudEvent (a JSON object)")));
      case BATCH -> fromBatch(body);
      case BINARY -> List.of(fromBinary(headers, body));
    };
  }

  /**
   * Maps one CloudEvent in the JSON event format to a draft.
   *
   * @throws HubException {@code bad_request} naming the attribute at fault
   */
  public static EventDraft fromStructured(JsonObject cloudEvent) {
    JsonObject checked = Attributes.check(cloudEvent);
    String type = checked.getString("type");
    String source = checked.getString("source");
    // Issue 20: string extensions are also the event's attributes (filterable); the CloudEvent stays whole in data.
    java.util.Map<String, String> attributes = Attributes.stringExtensions(checked);
    try {
      EventDraft.checkAttributes(attributes);
    } catch (HubException e) {
      throw HubException.badRequest("string extension attributes become the event's attributes: " + e.getMessage());
    }
    return new EventDraft(checked.getString("id"), named("source", source, category(source)),
        named("type", type, eventName(type)), checked.getString("subject"), checked, attributes);
  }

  /**
   * Maps a JSON batch of CloudEvents (a JSON array; it may be empty) to drafts, in order.
   *
   * @throws HubException {@code bad_request} naming the event ({@code event 3: ...}) and the attribute
   */
  public static List<EventDraft> fromBatch(Buffer body) {
    JsonArray array = parse(body, JsonArray.class, "a batch of CloudEvents (a JSON array)");
    List<EventDraft> drafts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        if (!(array.getValue(i) instanceof JsonObject object)) {
          throw HubException.badRequest("must be a CloudEvent (a JSON object)");
        }
        drafts.add(fromStructured(object));
      } catch (HubException e) {
        throw HubException.badRequest("event " + i + ": " + e.getMessage());
      }
    }
    return drafts;
  }

  /**
   * Maps a CloudEvent in HTTP binary mode: attributes in {@code ce-*} headers (percent-decoded), the
   * {@code Content-Type} as {@code datacontenttype}, the body as data: a JSON value when the type is
   * JSON ({@code application/json} or {@code +json}), text for {@code text/*} and XML types when the
   * body is UTF-8, {@code data_base64} otherwise; no data when the body is empty.
   *
   * @throws HubException {@code bad_request} naming the header or the body at fault
   */
  public static EventDraft fromBinary(MultiMap headers, Buffer body) {
    return fromStructured(BinaryMode.toJson(headers, body));
  }

  /**
   * The CloudEvent of a recorded event, in the JSON event format: a new object, change it freely.
   */
  public static JsonObject toCloudEvent(HubEvent event) {
    JsonObject data = event.data();
    JsonObject out;
    if (Attributes.isCloudEvent(data)) {
      out = data;
      if (!out.containsKey("time")) {
        out.put("time", event.timestampText());
      }
    } else {
      out = new JsonObject().put("specversion", SPEC_VERSION).put("id", event.id())
          .put("source", "/" + event.category()).put("type", event.event());
      if (event.key() != null) {
        out.put("subject", event.key());
      }
      out.put("time", event.timestampText()).put("datacontenttype", "application/json")
          .put(CURSOR_EXTENSION, event.cursor()).put("data", data);
    }
    return out.put("id", event.id()).put(CURSOR_EXTENSION, event.cursor());
  }

  /**
   * The CloudEvent of a recorded event as compact JSON text: what a sink writes in structured mode
   * (an SSE {@code data:} line, a webhook body).
   */
  public static String encode(HubEvent event) {
    return toCloudEvent(event).encode();
  }

  /** The category a {@code source} names: its {@linkplain #slug slug}. */
  public static String category(String source) {
    return slug(source);
  }

  /** The event a {@code type} names: its {@linkplain #slug slug}. */
  public static String eventName(String type) {
    return slug(type);
  }

  /**
   * A name the hub accepts, made of any text: lower case, every run of characters other than {@code
   * a-z} and {@code 0-9} replaced by one {@code -}, no {@code -} at either end, cut to {@value
   * EventDraft#MAX_NAME_LENGTH} characters. Empty when the text holds no letter or digit.
   */
  public static String slug(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), EventDraft.MAX_NAME_LENGTH));
    boolean dash = false;
    for (int i = 0; i < text.length() && out.length() < EventDraft.MAX_NAME_LENGTH; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) {
          if (out.length() + 2 > EventDraft.MAX_NAME_LENGTH) {
            break;
          }
          out.append('-');
        }
        dash = false;
        out.append(c);
      } else {
        dash = true;
      }
    }
    return out.toString();
  }

  private static String named(String attribute, String value, String name) {
    if (name.isEmpty()) {
      throw HubException.badRequest("CloudEvent attribute '" + attribute + "' ('" + Attributes.abbreviate(value)
          + "') must hold a letter or a digit: the hub names the " + (attribute.equals("type") ? "event" : "category")
          + " after it");
    }
    return name;
  }

  // The media type without parameters, in lower case; "" when absent.
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static <T> T parse(Buffer body, Class<T> type, String what) {
    Object value;
    try {
      value = body == null || body.length() == 0 ? null : io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      throw HubException.badRequest("the body is not JSON: " + JsonErrors.describe(e));
    }
    if (!type.isInstance(value)) {
      throw HubException.badRequest("the body must be " + what);
    }
    return type.cast(value);
  }
}
