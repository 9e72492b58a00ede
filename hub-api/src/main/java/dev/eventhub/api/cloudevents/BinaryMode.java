package dev.eventhub.api.cloudevents;

import dev.eventhub.api.HubException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** HTTP binary content mode (HTTP protocol binding 1.0, 3.1): headers and body to the JSON event format. */
final class BinaryMode {
  private static final String PREFIX = "ce-";

  private BinaryMode() {}

  /** The CloudEvent in the JSON event format; {@link Attributes#check} checks it next. */
  static JsonObject toJson(MultiMap headers, Buffer body) {
    JsonObject ce = new JsonObject();
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String attribute = name.substring(PREFIX.length());
      if (attribute.isEmpty() || attribute.equals("data") || attribute.equals("data_base64")
          || attribute.equals("datacontenttype")) {
        throw HubException.badRequest("header '" + header.getKey() + "' is not a CloudEvent attribute header"
            + " (the data is the body, its type the Content-Type)");
      }
      if (ce.containsKey(attribute)) {
        throw HubException.badRequest("header '" + PREFIX + attribute + "' appears more than once");
      }
      if (!attribute.matches("[a-z0-9]+")) {
        throw HubException.badRequest("header '" + header.getKey()
            + "' does not name a CloudEvent attribute: names are lower-case letters a-z and digits 0-9");
      }
      ce.put(attribute, percentDecode(header.getKey(), header.getValue()));
    }
    String contentType = headers.get("Content-Type");
    if (contentType != null && !contentType.isBlank()) {
      ce.put("datacontenttype", contentType.trim());
    }
    if (body != null && body.length() > 0) {
      putData(ce, CloudEvents.mediaType(contentType), body);
    }
    return ce;
  }

  private static void putData(JsonObject ce, String mediaType, Buffer body) {
    if (isJson(mediaType)) {
      try {
        ce.put("data", Json.decodeValue(body));
      } catch (DecodeException e) {
        throw HubException.badRequest("the body is not JSON, as its Content-Type '" + mediaType + "' says: "
            + dev.eventhub.api.JsonErrors.describe(e));
      }
      return;
    }
    String text = isText(mediaType) ? utf8(body.getBytes()) : null;
    if (text != null) {
      ce.put("data", text);
    } else {
      ce.put("data_base64", Base64.getEncoder().encodeToString(body.getBytes()));
    }
  }

  // JSON format 3.1: a type whose subtype is json or ends in +json declares JSON data; none is JSON too.
  static boolean isJson(String mediaType) {
    return mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json")
        || mediaType.equals("text/json");
  }

  private static boolean isText(String mediaType) {
    return mediaType.startsWith("text/") || mediaType.equals("application/xml") || mediaType.endsWith("+xml");
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  // HTTP binding 3.1.3.2: values are percent-encoded UTF-8 where they are not printable ASCII.
  private static String percentDecode(String header, String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
      if (low < 0) {
        throw HubException.badRequest("header '" + header + "' has a malformed %-escape");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    String decoded = utf8(bytes.toByteArray());
    if (decoded == null) {
      throw HubException.badRequest("header '" + header + "' is not UTF-8 once %-decoded");
    }
    return decoded;
  }
}
