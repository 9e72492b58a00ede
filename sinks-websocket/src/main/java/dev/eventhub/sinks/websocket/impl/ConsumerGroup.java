package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.StreamFilter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named consumer while the sink holds it: its committed cursor and the dispatch of its events to the
 * members attached to it (competing consumers: each event to exactly one member).
 *
 * <p>Everything here runs on the group's context, one for all groups of the sink; members live on their
 * connections' loops and are reached through {@link GroupMember#post}, which hops to their context.
 *
 * <p>Events come from the log: the group reads pages after its read position while it is behind, and takes
 * the live events the dispatcher shows it once a read found nothing more (and no live event arrived while it
 * read), so nothing recorded is skipped. It reads only while its members have room ({@code maxInFlight}
 * each): a slow group costs a page of memory, never more.
 *
 * <p>Order per key: an event goes to the member its key hashes to among the members, unless events of that
 * key are still outstanding at some member: then to that one, so one key is never at two members at once.
 * A member that leaves hands its unacknowledged events back; they go out again first, in log order.
 */
final class ConsumerGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);
  static final int PAGE = EventQuery.MAX_LIMIT;

  private static final class KeyHolder {
    final GroupMember member;
    int outstanding;

    KeyHolder(GroupMember member) {
      this.member = member;
    }
  }

  private final Context context;
  private final EventHistory history;
  private final StreamFilter filter;
  private final EventFilter eventFilter;
  private final int maxInFlight;
  private ConsumerRecord record;
  private String committed;
  private boolean dirty;
  private final List<GroupMember> members = new ArrayList<>();
  // Read from the log (or taken live), not yet handed to a member, in log order.
  private final ArrayDeque<Encoded> buffered = new ArrayDeque<>();
  // Handed out and not yet committed, by cursor: the committed cursor moves over the acknowledged head.
  private final TreeMap<String, GroupSlot> outstanding = new TreeMap<>();
  // Handed back by members that left, to hand out again first.
  private final TreeMap<String, GroupSlot> redeliver = new TreeMap<>();
  private final Map<String, KeyHolder> keys = new HashMap<>();
  private String readCursor;
  private boolean fetching;
  private boolean liveDuringFetch;
  private boolean caughtUp;
  // Bumped when the last member leaves: a read started before belongs to the old generation.
  private int generation;
  private long lastDelivery;
  private long delivered;

  ConsumerGroup(Context context, EventHistory history, ConsumerRecord record, int maxInFlight) {
    this.context = context;
    this.history = history;
    this.record = record;
    this.committed = record.cursor();
    this.readCursor = committed;
    this.maxInFlight = maxInFlight;
    this.filter = new StreamFilter(record.categories(), record.events(), record.keys());
    this.eventFilter = filter.toEventFilter();
  }

  ConsumerRecord record() {
    return record;
  }

  String committed() {
    return committed;
  }

  List<GroupMember> members() {
    return members;
  }

  StreamFilter filter() {
    return filter;
  }

  long delivered() {
    return delivered;
  }

  /** Whether the committed cursor moved since the last {@link #takeDirty}; the caller then writes the record. */
  boolean takeDirty(long now) {
    if (!members.isEmpty()) {
      record = record.withCursor(committed, now);
    }
    boolean was = dirty;
    dirty = false;
    return was;
  }

  void markDirty() {
    dirty = true;
  }

  /** The record with the committed cursor, attached now if members are. */
  ConsumerRecord snapshot(long now) {
    record = record.withCursor(committed, members.isEmpty() ? record.lastAttached() : now);
    return record;
  }

  void attach(GroupMember member, long now) {
    members.add(member);
    record = record.withCursor(committed, now);
    dirty = true;
    pump();
  }

  /** A member left (its connection closed or it unsubscribed): its unacknowledged events go to the others. */
  void detach(GroupMember member, long now) {
    if (!members.remove(member)) {
      return;
    }
    record = record.withCursor(committed, now);
    dirty = true;
    keys.values().removeIf(k -> k.member == member);
    for (GroupSlot slot : outstanding.values()) {
      if (slot.member == member && !slot.acked) {
        slot.member = null;
        redeliver.put(slot.cursor(), slot);
      }
    }
    if (members.isEmpty()) {
      // Nobody to hand anything to: forget what was read; the next member reads again after the commit.
      generation++;
      buffered.clear();
      redeliver.clear();
      outstanding.clear();
      keys.clear();
      readCursor = committed;
      caughtUp = false;
      return;
    }
    pump();
  }

  /** Every member leaves (the consumer was deleted); returns them. */
  List<GroupMember> detachAll(long now) {
    List<GroupMember> all = new ArrayList<>(members);
    for (GroupMember m : all) {
      detach(m, now);
    }
    return all;
  }

  /**
   * A member acknowledges its events up to {@code cursor}.
   *
   * @return the committed cursor after it
   * @throws RequestError when the cursor is before the committed one or past what the member was handed
   */
  String ack(GroupMember member, Object requestId, String cursor) {
    if (cursor.compareTo(committed == null ? "" : committed) < 0) {
      throw new RequestError(requestId, dev.eventhub.api.ErrorCode.CONFLICT, "cursor " + cursor
          + " is before the committed cursor " + committed + ": the committed cursor never moves backwards");
    }
    String last = member.lastHanded();
    if (last != null && cursor.length() != last.length()) {
      throw new RequestError(requestId, dev.eventhub.api.ErrorCode.BAD_REQUEST, "field 'cursor' is not a cursor of"
          + " this hub's log: acknowledge the cursor of an event you received");
    }
    if (cursor.equals(committed)) {
      return committed;
    }
    if (last == null || cursor.compareTo(last) > 0) {
      throw new RequestError(requestId, dev.eventhub.api.ErrorCode.CONFLICT, "cursor " + cursor
          + " is past the last event delivered to this subscription (" + (last == null ? "none yet" : last) + ")");
    }
    for (GroupSlot slot : outstanding.headMap(cursor, true).values()) {
      if (slot.member == member && !slot.acked) {
        acked(slot);
        member.settled(1);
      }
    }
    advance();
    pump();
    return committed;
  }

  /** A member wrote these events (autoAck members only count them in flight until then). */
  void written(GroupMember member, List<GroupSlot> slots) {
    if (!members.contains(member)) {
      return;
    }
    for (GroupSlot slot : slots) {
      release(slot);
    }
    member.settled(slots.size());
    pump();
  }

  /** A live event that matched this group's filter, in log order; on the group's context. */
  void live(Encoded e) {
    if (members.isEmpty()) {
      return;
    }
    if (fetching) {
      liveDuringFetch = true;
      return;
    }
    if (!caughtUp || buffered.size() >= PAGE) {
      // Behind (or too much waiting): the log has it; read it there once there is room.
      caughtUp = false;
      return;
    }
    if (readCursor == null || e.event.cursor().compareTo(readCursor) > 0) {
      buffered.add(e);
      readCursor = e.event.cursor();
    }
  }

  /** After the live events of one batch: hands them out. */
  void afterLive() {
    if (!members.isEmpty()) {
      pump();
    }
  }

  /** The events waiting to be handed out or acknowledged (a lower bound of the consumer's lag). */
  int pendingEvents() {
    return buffered.size() + redeliver.size() + (int) outstanding.values().stream().filter(s -> !s.acked).count();
  }

  long lastDelivery() {
    return lastDelivery;
  }

  // Hands out what it can: events handed back first, then the read ones; then reads on if there is room.
  private void pump() {
    if (members.isEmpty()) {
      return;
    }
    Map<GroupMember, List<GroupSlot>> out = new LinkedHashMap<>();
    for (Iterator<GroupSlot> it = redeliver.values().iterator(); it.hasNext();) {
      GroupSlot slot = it.next();
      if (handOut(slot, out)) {
        it.remove();
      }
    }
    for (Iterator<Encoded> it = buffered.iterator(); it.hasNext();) {
      GroupSlot slot = new GroupSlot(it.next());
      if (handOut(slot, out)) {
        it.remove();
        outstanding.put(slot.cursor(), slot);
      }
    }
    if (!out.isEmpty()) {
      advance();
      lastDelivery = System.currentTimeMillis();
      out.forEach((member, slots) -> member.post(slots));
    }
    fetch();
  }

  private boolean handOut(GroupSlot slot, Map<GroupMember, List<GroupSlot>> out) {
    GroupMember target = target(slot.event.event.key());
    if (target == null || !target.hasRoom()) {
      return false;
    }
    slot.member = target;
    target.handed(slot.cursor());
    delivered++;
    String key = slot.event.event.key();
    if (key != null) {
      keys.computeIfAbsent(key, k -> new KeyHolder(target)).outstanding++;
    }
    if (target.autoAck()) {
      // At most once: committed as it is handed out; still in flight (for flow control and order) until written.
      slot.acked = true;
      dirty = true;
    }
    out.computeIfAbsent(target, m -> new ArrayList<>()).add(slot);
    return true;
  }

  // The member for an event of this key: the one holding the key's outstanding events, else the key's hash.
  private GroupMember target(String key) {
    if (key == null) {
      GroupMember best = null;
      for (GroupMember m : members) {
        if (m.hasRoom() && (best == null || m.inFlight() < best.inFlight())) {
          best = m;
        }
      }
      return best;
    }
    KeyHolder holder = keys.get(key);
    if (holder != null) {
      return holder.member;
    }
    return members.get(Math.floorMod(key.hashCode(), members.size()));
  }

  private void acked(GroupSlot slot) {
    slot.acked = true;
    release(slot);
  }

  // The slot no longer holds its key at its member.
  private void release(GroupSlot slot) {
    String key = slot.event.event.key();
    KeyHolder holder = key == null ? null : keys.get(key);
    if (holder != null && holder.member == slot.member && --holder.outstanding <= 0) {
      keys.remove(key);
    }
  }

  // Moves the committed cursor over the acknowledged events at the head.
  private void advance() {
    while (!outstanding.isEmpty() && outstanding.firstEntry().getValue().acked
        && !redeliver.containsKey(outstanding.firstKey())) {
      committed = outstanding.pollFirstEntry().getKey();
      dirty = true;
    }
  }

  private int room() {
    int room = 0;
    for (GroupMember m : members) {
      room += Math.max(0, maxInFlight - m.inFlight());
    }
    return room;
  }

  private void fetch() {
    if (fetching || caughtUp || members.isEmpty() || buffered.size() >= PAGE || room() == 0) {
      return;
    }
    fetching = true;
    liveDuringFetch = false;
    int gen = generation;
    history.read(new EventQuery(eventFilter, readCursor, PAGE)).onComplete(ar -> context.runOnContext(v -> {
      fetching = false;
      if (gen == generation) {
        fetched(ar);
      } else {
        fetch();
      }
    }));
  }

  private void fetched(AsyncResult<EventPage> ar) {
    if (ar.failed()) {
      LOG.warn("consumer {} of {}: reading the log failed, retrying", record.name(), record.subject(), ar.cause());
      context.owner().setTimer(1000, id -> fetch());
      return;
    }
    EventPage page = ar.result();
    List<HubEvent> events = page.events();
    for (HubEvent e : events) {
      buffered.add(new Encoded(e));
    }
    if (!events.isEmpty() || page.more()) {
      // 'next', not the last event's cursor: a page that stopped at the log's scan budget (log.maxScanRows) or a
      // per-key grant's skip ends past its last event, and may hold none.
      readCursor = page.next();
    } else if (!page.complete() && readCursor != null) {
      // A cursor this log does not know (the log was replaced): start over from the oldest retained event.
      LOG.warn("consumer {} of {}: cursor {} is unknown to this log, reading from its start", record.name(),
          record.subject(), readCursor);
      readCursor = null;
      committed = null;
      dirty = true;
      pump();
      return;
    }
    caughtUp = !page.more() && !liveDuringFetch;
    pump();
  }
}
