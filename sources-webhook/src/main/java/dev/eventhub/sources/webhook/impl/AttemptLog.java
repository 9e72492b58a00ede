package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.auth.Redact;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last delivery attempts of one subscription, for {@code GET .../attempts}: in memory, newest
 * first, at most {@code attemptsKept}. What an answer said is kept as its first bytes, with the
 * subscription's secrets and header values masked (a receiver may echo them). Used on the plugin's
 * context only.
 */
final class AttemptLog {
  static final int PREVIEW_CHARS = 256;
  private static final int MIN_MASKED = 4;

  private final int capacity;
  private final ArrayDeque<JsonObject> attempts = new ArrayDeque<>();

  AttemptLog(int capacity) {
    this.capacity = capacity;
  }

  void add(HubEvent event, int number, boolean resubmitted, Sender.Attempt attempt) {
    if (capacity == 0) {
      return;
    }
    attempts.addFirst(new JsonObject().put("at", Fields.time(System.currentTimeMillis())).put("eventId", event.id())
        .put("eventCursor", event.cursor()).put("key", event.key()).put("category", event.category())
        .put("event", event.event()).put("attempt", number).put("resubmitted", resubmitted)
        .put("success", attempt.success()).put("status", attempt.status()).put("durationMs", attempt.durationMs())
        .put("error", attempt.error()).put("response", attempt.response()));
    while (attempts.size() > capacity) {
      attempts.removeLast();
    }
  }

  /** The newest {@code limit} attempts, newest first. */
  List<JsonObject> newest(int limit) {
    List<JsonObject> out = new ArrayList<>();
    Iterator<JsonObject> it = attempts.iterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next().copy());
    }
    return out;
  }

  /**
   * The first characters of an answer's body as text (undecodable bytes replaced), with every secret
   * of the subscription (its signing secrets, its header values, its URL's credentials) masked.
   */
  static String preview(Buffer body, Subscription subscription) {
    if (body == null || body.length() == 0) {
      return "";
    }
    byte[] bytes = body.getBytes(0, Math.min(body.length(), PREVIEW_CHARS * 4));
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      text = "";
    }
    // Masked before cutting, so that a secret cut in half is not shown either.
    for (String secret : secrets(subscription)) {
      if (secret != null && secret.length() >= MIN_MASKED) {
        text = text.replace(secret, Redact.MASK);
      }
    }
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }

  private static List<String> secrets(Subscription subscription) {
    List<String> secrets = new ArrayList<>(subscription.secrets(0));
    for (Map.Entry<String, Object> header : subscription.headers()) {
      secrets.add(String.valueOf(header.getValue()));
    }
    // The URL's user information and query values: what Redact.url masks in answers.
    String url = subscription.url();
    String shown = Redact.url(url);
    if (!shown.equals(url)) {
      for (String part : url.split("[?&=@/:]")) {
        if (!shown.contains(part)) {
          secrets.add(part);
        }
      }
    }
    return secrets;
  }
}
