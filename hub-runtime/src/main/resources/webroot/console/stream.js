// The console's WebSocket to the hub (docs/websocket.md): one connection carrying several subscriptions,
// reconnected with exponential backoff and jitter. Each subscription remembers the cursor of the last
// event it received and, after a reconnect, subscribes again with `since` = that cursor, so that the
// events recorded while the console was away are replayed: a reconnect loses nothing.

import {api} from './api.js';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const PING_EVERY_MS = 20_000;
// No frame at all for this long (the hub answers our pings) means the connection is dead.
const SILENCE_LIMIT_MS = 50_000;

/**
 * Connection states, reported by a "state" event whose detail is {state, retryAt}:
 * idle, connecting, live, waiting (a reconnect is scheduled at retryAt), unauthorized (the hub
 * refused the token), expired (the token expired while connected). An "auth" event (detail
 * {message}) asks for another token; the stream waits for setToken().
 */
export class HubStream extends EventTarget {
  #url;
  #token = null;
  #ws = null;
  #subs = new Map();
  #byServerId = new Map();
  #nextId = 1;
  #attempt = 0;
  #timer = null;
  #pinger = null;
  #lastFrameAt = 0;
  #state = 'idle';
  #retryAt = 0;
  #stopped = true;

  /** @param url the WebSocket URL without a token, e.g. ws://localhost:8080/ws */
  constructor(url) {
    super();
    this.#url = url;
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
  }

  get state() { return this.#state; }
  get retryAt() { return this.#retryAt; }

  /** Connects with {@code token} (null when the hub does not check tokens) and keeps connecting. */
  start(token) {
    this.#token = token;
    this.#stopped = false;
    this.#attempt = 0;
    this.#connect();
  }

  /** Closes the connection and stops reconnecting; subscriptions are kept for the next start. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#detach(1000, 'console closed');
    this.#setState('idle');
  }

  /** Uses another token: reconnects at once, resuming every subscription from its cursor. */
  setToken(token) {
    this.stop();
    this.start(token);
  }

  /** Skips the wait before the next attempt (the "Reconnect now" button, the browser going online). */
  reconnectNow() {
    if (!this.#stopped && this.#state === 'waiting') {
      clearTimeout(this.#timer);
      this.#connect();
    }
  }

  /**
   * Adds a subscription. {@code filter}: {categories, events, keys}. {@code start}: {last: N},
   * {since: cursor} or null (live from now). {@code resume}: 'since' (after a reconnect, replay what
   * was missed) or 'live' (start live again; handlers.subscribed gets resumed = true so the owner can
   * reload). Handlers: event(e), subscribed(frame, {resumed}), replayComplete(frame, {since, resumed}),
   * error(frame).
   */
  subscribe(filter, start, handlers, resume = 'since') {
    const sub = new Subscription(this, `s${this.#nextId++}`, filter, start, handlers, resume);
    this.#subs.set(sub.localId, sub);
    if (this.#ws?.readyState === WebSocket.OPEN) this.#sendSubscribe(sub);
    return sub;
  }

  /** Called by Subscription.close(). */
  _unsubscribe(sub) {
    this.#subs.delete(sub.localId);
    if (sub.serverId) {
      this.#byServerId.delete(sub.serverId);
      this.#send({type: 'unsubscribe', id: `u${this.#nextId++}`, subscription: sub.serverId});
    }
  }

  #connect() {
    this.#detach(1000, 'reconnecting');
    const query = this.#token ? `?access_token=${encodeURIComponent(this.#token)}` : '';
    const ws = new WebSocket(this.#url + query);
    let opened = false;
    this.#ws = ws;
    this.#setState('connecting');
    ws.onopen = () => {
      opened = true;
      this.#lastFrameAt = Date.now();
      let sent = 0;
      for (const sub of this.#subs.values()) {
        if (!sub.failed) {
          this.#sendSubscribe(sub);
          sent++;
        }
      }
      // Normally "live" waits for the hub's first answer; with nothing to ask, the open socket is all there is.
      if (sent === 0) this.#setState('live');
      this.#pinger = setInterval(() => this.#keepAlive(ws), PING_EVERY_MS);
    };
    ws.onmessage = (message) => {
      if (ws !== this.#ws) return;
      this.#lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      this.#onFrame(frame);
    };
    ws.onclose = (close) => {
      if (ws === this.#ws) this.#onClose(close.code, opened);
    };
  }

  #keepAlive(ws) {
    if (ws !== this.#ws) return;
    if (Date.now() - this.#lastFrameAt > SILENCE_LIMIT_MS) {
      // A dead network may take minutes to close a socket by itself: give up on it now.
      this.#detach(4000, 'no answer');
      this.#onClose(4000, true);
      return;
    }
    this.#send({type: 'ping', id: `p${this.#nextId++}`});
  }

  // Forgets the current socket (its late callbacks are ignored) and closes it.
  #detach(code, reason) {
    const ws = this.#ws;
    this.#ws = null;
    clearInterval(this.#pinger);
    this.#byServerId.clear();
    for (const sub of this.#subs.values()) {
      sub.serverId = null;
      sub.replaying = false;
    }
    if (ws && ws.readyState <= WebSocket.OPEN) {
      try {
        ws.close(code, reason);
      } catch {
        ws.close();
      }
    }
  }

  #onClose(code, opened) {
    this.#detach(1000, 'closed');
    if (this.#stopped) return;
    if (code === 4001) {
      this.#setState('expired');
      this.dispatchEvent(new CustomEvent('auth', {detail: {message: 'The token expired. Enter a new one to go on.'}}));
      return;
    }
    if (opened) {
      this.#schedule();
      return;
    }
    // A refused upgrade looks like a network failure to a browser: ask the HTTP API whether it is the token.
    const token = this.#token;
    api('api/categories', {token, quiet: true}).then(() => this.#schedule(), (error) => {
      if (this.#stopped || token !== this.#token) return;
      if (error.unauthorized) {
        this.#setState('unauthorized');
        this.dispatchEvent(new CustomEvent('auth', {detail: {message: `The hub refused the token: ${error.message}`}}));
      } else {
        this.#schedule();
      }
    });
  }

  #schedule() {
    if (this.#stopped || this.#state === 'waiting') return;
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.#attempt = Math.min(this.#attempt + 1, 16);
    this.#retryAt = Date.now() + delay;
    this.#setState('waiting');
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #sendSubscribe(sub) {
    const message = {type: 'subscribe', id: sub.localId, categories: sub.filter.categories};
    if (sub.filter.events?.length) message.events = sub.filter.events;
    if (sub.filter.keys?.length) message.keys = sub.filter.keys;
    sub.sentSince = null;
    sub.sentLast = null;
    // Until the hub has answered once, the subscription asks for its initial start again.
    sub.resumed = sub.started;
    if (sub.started && sub.resume === 'since' && sub.cursor != null) {
      message.since = sub.sentSince = sub.cursor;
    } else if (!sub.started && sub.start?.last) {
      message.last = sub.sentLast = sub.start.last;
    } else if (!sub.started && sub.start?.since) {
      message.since = sub.sentSince = sub.start.since;
    }
    this.#send(message);
  }

  #send(message) {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(message));
  }

  #onFrame(frame) {
    if (this.#state !== 'live') {
      // The hub answers: the connection works, so the next failure starts the backoff afresh.
      this.#attempt = 0;
      this.#setState('live');
    }
    switch (frame.type) {
      case 'subscribed': return this.#onSubscribed(frame);
      case 'event': return this.#deliver(this.#byServerId.get(frame.subscription), frame);
      case 'events': {
        const sub = this.#byServerId.get(frame.subscription);
        for (const e of frame.events ?? []) this.#deliver(sub, {...e, type: 'event', subscription: frame.subscription});
        return;
      }
      case 'replay_complete': {
        const sub = this.#byServerId.get(frame.subscription);
        if (!sub) return;
        sub.replaying = false;
        // An unknown cursor replays nothing and goes live after the head: resume from there next time.
        if (sub.replayed === 0 && frame.complete === false) sub.cursor = sub.head;
        sub.handlers.replayComplete?.(frame, {since: sub.sentSince, resumed: sub.resumed});
        return;
      }
      case 'error': return this.#onError(frame);
      default: return;
    }
  }

  #onSubscribed(frame) {
    const sub = this.#subs.get(frame.id);
    if (!sub) {
      // Closed while its subscribe was under way.
      this.#send({type: 'unsubscribe', id: `u${this.#nextId++}`, subscription: frame.subscription});
      return;
    }
    sub.serverId = frame.subscription;
    sub.started = true;
    this.#byServerId.set(sub.serverId, sub);
    // Before any event, the resume point is what we asked to replay after, else the head announced here.
    if (sub.cursor == null) sub.cursor = sub.sentSince ?? frame.cursor;
    sub.head = frame.cursor;
    sub.replayed = 0;
    sub.replaying = sub.sentSince != null || sub.sentLast != null;
    sub.handlers.subscribed?.(frame, {resumed: sub.resumed});
  }

  #deliver(sub, event) {
    if (!sub) return;
    if (sub.replaying && sub.sentLast != null) {
      // A `last: N` replay goes back before the announced head, and reaches past it when events were
      // recorded while it ran: only an event after the resume point moves it (else a reconnect would
      // replay those events again). This hub's cursors are fixed-width hexadecimal, so string order is
      // log order; the Java client relies on the same.
      if (sub.cursor == null || event.cursor > sub.cursor) sub.cursor = event.cursor;
    } else {
      sub.cursor = event.cursor;
    }
    if (sub.replaying) sub.replayed++;
    sub.handlers.event?.(event);
  }

  #onError(frame) {
    if (frame.code === 'rate_limited' && frame.id == null) {
      // The hub dropped messages unread, so it cannot say which: ask again for every subscription it has not
      // answered yet, a little later.
      const ws = this.#ws;
      setTimeout(() => {
        if (ws !== this.#ws) return;
        for (const pending of this.#subs.values()) {
          if (!pending.serverId && !pending.failed) this.#sendSubscribe(pending);
        }
      }, 2000);
      return;
    }
    const sub = this.#subs.get(frame.id);
    if (!sub) {
      this.dispatchEvent(new CustomEvent('protocol-error', {detail: frame}));
      return;
    }
    const transient = frame.code === 'internal' || frame.code === 'rate_limited';
    sub.failed = !transient;
    sub.handlers.error?.(frame);
    if (transient) {
      const ws = this.#ws;
      setTimeout(() => {
        if (ws === this.#ws && this.#subs.get(sub.localId) === sub) this.#sendSubscribe(sub);
      }, 2000);
    }
  }

  #setState(state) {
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', {detail: {state, retryAt: this.#retryAt}}));
  }
}

/** One subscription on the stream; see HubStream.subscribe. */
class Subscription {
  constructor(stream, localId, filter, start, handlers, resume) {
    this.stream = stream;
    this.localId = localId;
    this.filter = filter;
    this.start = start;
    this.handlers = handlers;
    this.resume = resume;
    this.cursor = null;
    this.serverId = null;
    this.started = false;
    this.resumed = false;
    this.replaying = false;
    this.failed = false;
    this.sentSince = null;
    this.sentLast = null;
    this.head = null;
    this.replayed = 0;
  }

  /** Ends the subscription; no event of it is delivered after this. */
  close() {
    this.handlers = {};
    this.stream._unsubscribe(this);
  }
}
