package dev.eventhub.runtime;

import dev.eventhub.api.HubEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Carries {@link HubEvent}s on the event bus: as the same immutable object locally (no copy, no
 * serialization), as the envelope's JSON over a cluster.
 */
public final class HubEventCodec implements MessageCodec<HubEvent, HubEvent> {
  static final String NAME = "hub-event";

  @Override
  public void encodeToWire(Buffer buffer, HubEvent event) {
    Buffer json = Buffer.buffer(event.encode());
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public HubEvent decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return HubEvent.fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }

  @Override
  public HubEvent transform(HubEvent event) {
    return event;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
