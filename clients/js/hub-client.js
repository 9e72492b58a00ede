// The event hub's JavaScript client: an ES module with no dependency and no build step, for browsers
// (and any runtime with fetch, WebSocket and EventSource). The hub serves this file at
// /client/hub-client.js; docs/client.md describes it and docs/websocket.md, docs/sse.md and
// docs/http-api.md are the protocol it speaks.
//
// One HubClient holds one stream to the hub (a WebSocket, or server-sent events when a WebSocket is
// refused) carrying any number of subscriptions. Each subscription remembers the cursor of the last
// event it received; every reconnect (exponential backoff with jitter) resumes each from that cursor,
// so a reconnect loses nothing and repeats nothing. A named consumer's subscription (docs/protocol.md, Named
// consumers) resumes instead after what it acknowledged, which the hub remembers.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const PING_EVERY_MS = 20_000;
// No frame at all for this long (the hub answers our pings) means the connection is dead.
const SILENCE_LIMIT_MS = 50_000;
// Consecutive streams refused while the HTTP API answers before the client changes transport.
const REFUSALS_BEFORE_FALLBACK = 1;

/**
 * @typedef {Object} HubEvent  The event as docs/http-api.md "the event" defines it.
 * @property {string} id
 * @property {string} cursor  opaque; compare only for equality (this hub's cursors also sort in log order)
 * @property {string} category
 * @property {string} event
 * @property {string|null} [key]
 * @property {string} timestamp
 * @property {*} data
 * @property {boolean} [replay]  true for a replayed event
 *
 * @typedef {Object} Filter
 * @property {string[]} categories  names or globs
 * @property {string[]} [events]  names or globs; none: every type
 * @property {string[]} [keys]  exact keys; none: every key
 * @property {Object<string, string>} [attributes]  attribute names to values or globs: only the events with
 *   every named attribute matching (docs/protocol.md, Attributes); none: every event
 * @property {boolean} [batch]  WebSocket batch mode: events arrive in `events` frames (handlers.events)
 * @property {'close'|'drop-oldest'|'latest-per-key'} [overflow]  what the hub does when this subscription falls
 *   behind (docs/protocol.md, Overflow policies); absent: the hub's default, 'close'
 * @property {string} [consumer]  attach to this named consumer of the token's subject (WebSocket only): the hub
 *   remembers its filters and committed cursor; several subscriptions on one name share its events
 * @property {boolean} [autoAck]  with `consumer`: the hub commits each event as it hands it out (at most once)
 *   instead of by Subscription.ack
 *
 * @typedef {Object} Gap  events the hub dropped because the subscription fell behind (a `gap` frame)
 * @property {number} dropped  how many, at least 1
 * @property {string} from  the cursor of the first dropped event
 * @property {string} to  the cursor of the last dropped event
 *
 * @typedef {{last: number}|{since: string}|null} Start  where a new subscription starts; null: live from now
 *
 * @typedef {Object} Handlers
 * @property {(event: HubEvent) => void} [event]
 * @property {(events: HubEvent[]) => void} [events]  each batch, before its events go to `event`
 * @property {(info: {cursor: string|null}, context: {resumed: boolean}) => void} [subscribed]
 * @property {(info: {count: number, complete: boolean}, context: {since: string|null, resumed: boolean}) => void} [replayComplete]
 * @property {(error: {code: string, message: string}) => void} [error]
 * @property {(gap: Gap) => void} [gap]  where the dropped events would have come (overflow 'drop-oldest' or
 *   'latest-per-key'); they are still in the log: read them with history() if you need them
 *
 * @typedef {Object} HubClientOptions
 * @property {string} [url]  the hub's base URL, e.g. "http://localhost:8080/"; default: this page's origin
 * @property {string|null} [token]  the JWT; null when the hub does not check tokens
 * @property {'auto'|'websocket'|'sse'} [transport]  'auto' (default): WebSocket, SSE when it is refused
 * @property {number} [baseDelayMs]  first reconnect delay ceiling (default 500)
 * @property {number} [maxDelayMs]  reconnect delay ceiling (default 10000)
 */

/** A refused or failed HTTP call: the hub's {"error","message"} and the status (0: no answer). */
export class HubError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  get unauthorized() { return this.status === 401; }
}

/**
 * A connection to the hub. Events: "state" (detail {state, retryAt, transport}; states idle,
 * connecting, live, waiting, unauthorized, expired), "auth" (detail {message}: give another token
 * with setToken), "protocol-error" (detail: the hub's error frame).
 */
export class HubClient extends EventTarget {
  #base;
  #token = null;
  #mode;
  #transport;
  #baseDelay;
  #maxDelay;
  #ws = null;
  #sources = new Map();
  #subs = new Map();
  #byServerId = new Map();
  #nextId = 1;
  #attempt = 0;
  #refusals = 0;
  #timer = null;
  #pinger = null;
  #lastFrameAt = 0;
  #state = 'idle';
  #retryAt = 0;
  #stopped = true;
  #generation = 0;
  // publish frames waiting for their answer, by request id (issue 24): {frame, resolve, reject, sent}
  #publishes = new Map();
  // ack frames waiting for their answer, by request id (issue 20): {resolve, reject}; all sent
  #acks = new Map();

  /** @param {HubClientOptions} [options] */
  constructor({url, token = null, transport = 'auto', baseDelayMs = BASE_DELAY_MS, maxDelayMs = MAX_DELAY_MS} = {}) {
    super();
    const origin = globalThis.location?.href;
    this.#base = new URL(url ?? './', origin ?? undefined);
    if (!this.#base.pathname.endsWith('/')) this.#base.pathname += '/';
    this.#token = token;
    this.#mode = transport;
    this.#transport = transport === 'sse' ? 'sse' : 'websocket';
    this.#baseDelay = baseDelayMs;
    this.#maxDelay = maxDelayMs;
  }

  /** @returns {string} */ get state() { return this.#state; }
  /** @returns {number} when the next attempt runs (epoch ms), while waiting */ get retryAt() { return this.#retryAt; }
  /** @returns {'websocket'|'sse'} the transport in use or tried next */ get transport() { return this.#transport; }

  /** Connects (with `token` when given) and keeps reconnecting until stop(). */
  start(token = this.#token) {
    this.#token = token;
    this.#stopped = false;
    this.#attempt = 0;
    this.#connect();
    return this;
  }

  /** Closes the stream and stops reconnecting; subscriptions are kept for the next start. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#detach();
    this.#failPublishes('unavailable', 'the client stopped before the hub answered: the events may or may not be recorded', true);
    this.#setState('idle');
  }

  /** Uses another token: reconnects at once, resuming every subscription from its cursor. */
  setToken(token) {
    this.stop();
    this.start(token);
  }

  /** Skips the wait before the next attempt. */
  reconnectNow() {
    if (!this.#stopped && this.#state === 'waiting') {
      clearTimeout(this.#timer);
      this.#connect();
    }
  }

  /**
   * Adds a subscription.
   *
   * @param {Filter} filter
   * @param {Start} [start]
   * @param {Handlers} [handlers]
   * @param {'since'|'live'} [resume]  after a reconnect: 'since' replays what was missed (default),
   *     'live' starts live again (subscribed gets resumed = true so the owner can reload)
   * @returns {Subscription}
   */
  subscribe(filter, start = null, handlers = {}, resume = 'since') {
    const sub = new Subscription(this, `s${this.#nextId++}`, filter, start, handlers, resume);
    this.#subs.set(sub.localId, sub);
    if (this.#transport === 'websocket' && this.#ws?.readyState === 1) this.#sendSubscribe(sub);
    if (this.#transport === 'sse' && !this.#stopped && this.#state !== 'waiting') this.#openSource(sub, this.#generation);
    return sub;
  }

  /**
   * Publishes one event or an array of them over HTTP (POST /api/events).
   *
   * @param {{category: string, event: string, key?: string, data?: *, id?: string}|Array<Object>} events
   * @returns {Promise<Object>} the hub's answer: {id, cursor} for one event, the list for an array
   */
  publish(events) {
    return this.request('POST', 'api/events', events);
  }

  /**
   * Publishes one event or an array of them over the WebSocket (a `publish` frame, docs/protocol.md): the
   * same checks, limits and idempotency as publish(), without an HTTP request each. Many may be under way
   * at once; each promise settles when its events are durable. Sent as soon as the WebSocket is open (start()
   * the client first); rejects at once when the client uses server-sent events (use publish()).
   *
   * @param {{category: string, event: string, key?: string, data?: *, id?: string}|Array<Object>} events
   * @returns {Promise<Array<{id: string, cursor: string}>>} the events' ids and cursors, in order. Rejects
   *     with a HubError (status 0) carrying the hub's code (forbidden, bad_request, too_large, rate_limited,
   *     unavailable...); 'unavailable' too when the connection closes before the answer: the events may or
   *     may not have been recorded, so give them ids and send them again to be sure of once.
   */
  publishOverWebSocket(events) {
    const list = Array.isArray(events) ? events : [events];
    if (this.#transport !== 'websocket') {
      return Promise.reject(new HubError(0, 'not_connected', 'the client streams over server-sent events: publish() over HTTP'));
    }
    const id = `w${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const pending = {frame: {type: 'publish', id, events: list}, resolve, reject, sent: false};
      this.#publishes.set(id, pending);
      if (this.#ws?.readyState === 1) this.#sendPublish(pending);
    });
  }

  #sendPublish(pending) {
    pending.sent = true;
    this.#send(pending.frame);
  }

  // Publishes sent on a connection that is gone (or all of them, when the client stops) fail: unknown outcome.
  #failPublishes(code, message, all) {
    for (const [id, pending] of this.#publishes) {
      if (pending.sent || all) {
        this.#publishes.delete(id);
        pending.reject(new HubError(0, code, message));
      }
    }
  }

  /**
   * Reads history (GET /api/events), page after page, following `next` while `more`.
   *
   * @param {{categories: string[], events?: string[], keys?: string[], since?: string, limit?: number}} query
   * @returns {AsyncGenerator<HubEvent>}
   */
  async *history({categories, events, keys, since, limit = 1000}) {
    let cursor = since ?? null;
    while (true) {
      const params = new URLSearchParams({categories: categories.join(','), limit: String(limit)});
      if (events?.length) params.set('events', events.join(','));
      if (keys?.length) params.set('keys', keys.join(','));
      if (cursor != null) params.set('since', cursor);
      const page = await this.request('GET', `api/events?${params}`);
      for (const e of page.events) yield e;
      if (!page.more) return;
      cursor = page.next;
    }
  }

  /**
   * Calls the hub's HTTP API with the client's token.
   *
   * @param {string} method
   * @param {string} path  relative to the hub's base URL, e.g. "api/events?limit=10"
   * @param {*} [body]  sent as JSON
   * @returns {Promise<*>} the parsed answer; rejects with a HubError
   */
  async request(method, path, body) {
    const headers = {Accept: 'application/json'};
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(new URL(path, this.#base), {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
      throw new HubError(0, 'unreachable', `the hub did not answer: ${e.message}`);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: reported below by status.
    }
    if (!response.ok) {
      throw new HubError(response.status, json?.error ?? 'http_' + response.status, json?.message ?? text);
    }
    return json;
  }

  /** @internal called by Subscription.ack() */
  _ack(sub, cursor) {
    if (this.#transport !== 'websocket' || this.#ws?.readyState !== 1 || !sub.serverId || this.#subs.get(sub.localId) !== sub) {
      return Promise.reject(new HubError(0, 'unavailable', 'the subscription is not attached to the hub now'));
    }
    const id = `a${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      this.#acks.set(id, {resolve, reject});
      this.#send({type: 'ack', id, subscription: sub.serverId, cursor});
    });
  }

  // Acks under way when the connection closes (or the hub dropped messages unread) may or may not be committed.
  #failAcks(code, message) {
    for (const pending of this.#acks.values()) pending.reject(new HubError(0, code, message));
    this.#acks.clear();
  }

  /** @internal called by Subscription.close() */
  _unsubscribe(sub) {
    this.#subs.delete(sub.localId);
    this.#sources.get(sub)?.close();
    this.#sources.delete(sub);
    if (sub.serverId) {
      this.#byServerId.delete(sub.serverId);
      this.#send({type: 'unsubscribe', id: `u${this.#nextId++}`, subscription: sub.serverId});
    }
  }

  #connect() {
    this.#detach();
    const generation = this.#generation;
    this.#setState('connecting');
    if (this.#transport === 'sse') {
      let opened = 0;
      for (const sub of this.#subs.values()) if (!sub.failed && this.#openSource(sub, generation)) opened++;
      if (opened === 0) this.#setState('live');
      return;
    }
    const wsUrl = new URL('ws', this.#base);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.#token) wsUrl.searchParams.set('access_token', this.#token);
    const ws = new WebSocket(wsUrl);
    let opened = false;
    this.#ws = ws;
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
      for (const pending of this.#publishes.values()) if (!pending.sent) this.#sendPublish(pending);
      // Normally "live" waits for the hub's first answer; with nothing to ask, the open socket is all there is.
      if (sent === 0) this.#opened();
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
      this.#onClose(4000, true);
      return;
    }
    this.#send({type: 'ping', id: `p${this.#nextId++}`});
  }

  // Forgets the current stream (its late callbacks are ignored) and closes it.
  #detach() {
    this.#generation++;
    const ws = this.#ws;
    this.#ws = null;
    clearInterval(this.#pinger);
    this.#byServerId.clear();
    this.#failPublishes('unavailable', 'the connection closed before the hub answered: the events may or may not be recorded', false);
    this.#failAcks('unavailable', 'the connection closed before the hub answered the ack: the hub hands what was not acknowledged out again');
    for (const source of this.#sources.values()) source.close();
    this.#sources.clear();
    for (const sub of this.#subs.values()) {
      sub.serverId = null;
      sub.replaying = false;
    }
    if (ws && ws.readyState <= 1) ws.close(1000, 'closing');
  }

  #opened() {
    this.#refusals = 0;
    if (this.#state !== 'live') {
      // The hub answers: the connection works, so the next failure starts the backoff afresh.
      this.#attempt = 0;
      this.#setState('live');
    }
  }

  #onClose(code, opened) {
    this.#detach();
    if (this.#stopped) return;
    if (code === 4001) {
      this.#setState('expired');
      this.dispatchEvent(new CustomEvent('auth', {detail: {message: 'The token expired. Give a new one to go on.'}}));
      return;
    }
    if (opened) {
      this.#schedule();
      return;
    }
    // A refused stream looks like a network failure to a browser: ask the HTTP API what it is.
    const token = this.#token;
    this.request('GET', 'api/categories').then(() => {
      // The hub answers and takes the token: the stream itself is refused (a proxy, a disabled sink).
      if (this.#mode === 'auto' && ++this.#refusals >= REFUSALS_BEFORE_FALLBACK) {
        this.#refusals = 0;
        this.#transport = this.#transport === 'websocket' ? 'sse' : 'websocket';
      }
      this.#schedule();
    }, (error) => {
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
    const ceiling = Math.min(this.#maxDelay, this.#baseDelay * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.#attempt = Math.min(this.#attempt + 1, 16);
    this.#retryAt = Date.now() + delay;
    this.#setState('waiting');
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  // Where a subscription (re)starts: its cursor after the first answer, else its initial start.
  #startOf(sub) {
    sub.sentSince = null;
    sub.sentLast = null;
    // Until the hub has answered once, the subscription asks for its initial start again.
    sub.resumed = sub.started;
    if (sub.filter.consumer != null) {
      // The hub resumes a named consumer after its committed cursor and hands out again what was not
      // acknowledged: never a `since` of ours. The initial start only places a consumer the hub creates now.
      if (sub.start?.since) sub.sentSince = sub.start.since;
      else if (sub.start?.last) sub.sentLast = sub.start.last;
    } else if (sub.started && sub.resume === 'since' && sub.cursor != null) {
      sub.sentSince = sub.cursor;
    } else if (!sub.started && sub.start?.last) {
      sub.sentLast = sub.start.last;
    } else if (!sub.started && sub.start?.since) {
      sub.sentSince = sub.start.since;
    }
  }

  #sendSubscribe(sub) {
    const message = {type: 'subscribe', id: sub.localId, categories: sub.filter.categories};
    if (sub.filter.events?.length) message.events = sub.filter.events;
    if (sub.filter.keys?.length) message.keys = sub.filter.keys;
    if (hasAttributes(sub.filter)) message.attributes = sub.filter.attributes;
    if (sub.filter.batch) message.batch = true;
    if (sub.filter.overflow != null) message.overflow = sub.filter.overflow;
    if (sub.filter.consumer != null) {
      message.consumer = sub.filter.consumer;
      message.autoAck = sub.filter.autoAck === true;
    }
    this.#startOf(sub);
    if (sub.sentSince != null) message.since = sub.sentSince;
    if (sub.sentLast != null) message.last = sub.sentLast;
    this.#send(message);
  }

  #send(message) {
    if (this.#ws?.readyState === 1) this.#ws.send(JSON.stringify(message));
  }

  // One EventSource per subscription (docs/sse.md). The client, not the browser, reconnects it: with
  // `since` = the subscription's cursor, after the same backoff as a WebSocket. False when none was opened.
  #openSource(sub, generation) {
    if (sub.filter.consumer != null) {
      // Server-sent events have no named consumers: the subscription is attached when the client is on a WebSocket again.
      sub.handlers.error?.({code: 'unavailable', message: `named consumer '${sub.filter.consumer}' needs the WebSocket; the client streams over server-sent events now`});
      return false;
    }
    this.#startOf(sub);
    const params = new URLSearchParams({categories: sub.filter.categories.join(',')});
    if (sub.filter.events?.length) params.set('events', sub.filter.events.join(','));
    if (sub.filter.keys?.length) params.set('keys', sub.filter.keys.join(','));
    // One attr=name:glob per pair (the name ends at the first colon; a value may hold commas or colons).
    if (hasAttributes(sub.filter)) {
      for (const [name, glob] of Object.entries(sub.filter.attributes)) params.append('attr', `${name}:${glob}`);
    }
    if (sub.sentSince != null) params.set('since', sub.sentSince);
    if (sub.sentLast != null) params.set('last', String(sub.sentLast));
    if (sub.filter.overflow != null) params.set('overflow', sub.filter.overflow);
    if (this.#token) params.set('access_token', this.#token);
    const source = new EventSource(new URL(`sse?${params}`, this.#base));
    this.#sources.set(sub, source);
    let opened = false;
    const current = () => generation === this.#generation && this.#sources.get(sub) === source;
    source.onopen = () => {
      if (!current()) return;
      opened = true;
      this.#onSubscribed(sub, null);
      if (!sub.replaying) this.#opened();
    };
    source.onmessage = (m) => {
      if (current()) this.#deliver(sub, JSON.parse(m.data));
    };
    source.addEventListener('replay_complete', (m) => {
      if (!current()) return;
      this.#replayComplete(sub, JSON.parse(m.data));
      this.#opened();
    });
    source.addEventListener('gap', (m) => {
      if (current()) this.#gap(sub, JSON.parse(m.data));
    });
    source.addEventListener('error', (m) => {
      if (!current()) return;
      const hubError = m.data ? JSON.parse(m.data) : null;
      this.#onClose(hubError?.code === 'token_expired' ? 4001 : 1006, opened || hubError != null);
    });
    return true;
  }

  #onFrame(frame) {
    this.#opened();
    switch (frame.type) {
      case 'subscribed': {
        const sub = this.#subs.get(frame.id);
        if (!sub) {
          // Closed while its subscribe was under way.
          this.#send({type: 'unsubscribe', id: `u${this.#nextId++}`, subscription: frame.subscription});
          return;
        }
        sub.serverId = frame.subscription;
        this.#byServerId.set(sub.serverId, sub);
        return this.#onSubscribed(sub, frame.cursor);
      }
      case 'event': return this.#deliver(this.#byServerId.get(frame.subscription), frame);
      case 'events': {
        const sub = this.#byServerId.get(frame.subscription);
        if (!sub) return;
        sub.handlers.events?.(frame.events ?? []);
        for (const e of frame.events ?? []) this.#deliver(sub, e);
        return;
      }
      case 'replay_complete': {
        const sub = this.#byServerId.get(frame.subscription);
        return sub && this.#replayComplete(sub, frame);
      }
      case 'gap': {
        const sub = this.#byServerId.get(frame.subscription);
        return sub && this.#gap(sub, frame);
      }
      case 'acked': {
        const pending = this.#acks.get(frame.id);
        if (!pending) return;
        this.#acks.delete(frame.id);
        return pending.resolve(frame.cursor);
      }
      case 'error': return this.#onError(frame);
      case 'published': {
        const pending = this.#publishes.get(frame.id);
        if (!pending) return;
        this.#publishes.delete(frame.id);
        return pending.resolve(frame.results);
      }
      default: return;
    }
  }

  // head: the cursor live delivery starts after (WebSocket's subscribed); SSE sends none.
  #onSubscribed(sub, head) {
    sub.started = true;
    const consumer = sub.filter.consumer != null;
    // Before any event, the resume point is what we asked to replay after, else the head announced here. A named
    // consumer's cursor is only ever its newest event's: the hub keeps where it resumes.
    if (sub.cursor == null && !consumer) sub.cursor = sub.sentSince ?? head;
    sub.head = head;
    sub.replayed = 0;
    // A named consumer gets no replay frames: the hub hands it what follows its committed cursor.
    sub.replaying = !consumer && (sub.sentSince != null || sub.sentLast != null);
    sub.handlers.subscribed?.({cursor: head}, {resumed: sub.resumed});
  }

  #replayComplete(sub, info) {
    sub.replaying = false;
    if (info.complete === false) sub.complete = false;
    // An unknown cursor replays nothing and goes live after the head: resume from there next time.
    if (sub.replayed === 0 && info.complete === false && sub.head != null) sub.cursor = sub.head;
    sub.handlers.replayComplete?.({count: info.count, complete: info.complete}, {since: sub.sentSince, resumed: sub.resumed});
  }

  #gap(sub, frame) {
    sub.complete = false;
    sub.handlers.gap?.({dropped: frame.dropped, from: frame.from, to: frame.to});
  }

  #deliver(sub, event) {
    if (!sub) return;
    const {type, subscription, ...e} = event;
    if (sub.filter.consumer != null) {
      // A named consumer gets events older than its newest again (what it had not acknowledged when a connection
      // dropped; a departed member's): every one goes to the handler, only a newer one moves the cursor.
      if (sub.cursor == null || e.cursor > sub.cursor) sub.cursor = e.cursor;
    } else if (sub.replaying && sub.sentLast != null) {
      // A `last: N` replay goes back before the head and may reach past it: only an event after the resume
      // point moves it. This hub's cursors are fixed-width hexadecimal, so string order is log order.
      if (sub.cursor == null || e.cursor > sub.cursor) sub.cursor = e.cursor;
    } else {
      sub.cursor = e.cursor;
    }
    if (sub.replaying) sub.replayed++;
    sub.handlers.event?.(e);
  }

  #onError(frame) {
    const publish = frame.id == null ? null : this.#publishes.get(frame.id);
    if (publish) {
      this.#publishes.delete(frame.id);
      publish.reject(new HubError(0, frame.code, frame.message));
      return;
    }
    const ack = frame.id == null ? null : this.#acks.get(frame.id);
    if (ack) {
      this.#acks.delete(frame.id);
      ack.reject(new HubError(0, frame.code, frame.message));
      return;
    }
    if (frame.code === 'rate_limited' && frame.id == null) {
      // Messages dropped unread may include publishes: those unanswered have an unknown outcome.
      this.#failPublishes('rate_limited', 'the hub dropped messages over its rate unread: the events may or may not be recorded', false);
      // And acks, which would never be answered: ack again (an ack commits everything up to its cursor).
      this.#failAcks('rate_limited', 'the hub dropped messages over its rate unread: the ack may or may not be committed');
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
    sub.handlers.error?.({code: frame.code, message: frame.message});
    if (transient) {
      const ws = this.#ws;
      setTimeout(() => {
        if (ws === this.#ws && this.#subs.get(sub.localId) === sub) this.#sendSubscribe(sub);
      }, 2000);
    }
  }

  #setState(state) {
    this.#state = state;
    this.dispatchEvent(new CustomEvent('state', {detail: {state, retryAt: this.#retryAt, transport: this.#transport}}));
  }
}

/** Whether a filter names attributes: an absent or empty object selects every event, as the hub reads it. */
function hasAttributes(filter) {
  return filter.attributes != null && Object.keys(filter.attributes).length > 0;
}

/** One subscription of a HubClient; see HubClient.subscribe. */
export class Subscription {
  constructor(client, localId, filter, start, handlers, resume) {
    this.client = client;
    this.localId = localId;
    this.filter = filter;
    this.start = start;
    this.handlers = handlers;
    this.resume = resume;
    /**
     * @type {string|null} the cursor of the last event received: where a reconnect resumes (a named consumer's:
     * its newest event; it resumes after its committed cursor)
     */
    this.cursor = null;
    /** @type {boolean} false once the hub said events may be missing: a gap, or a replay that was not complete */
    this.complete = true;
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

  /**
   * Commits a named consumer's events delivered to this subscription up to `cursor` (an event's cursor): the
   * hub resumes the consumer after it. Under way while the WebSocket is open; rejects at once otherwise.
   *
   * @param {string} cursor
   * @returns {Promise<string>} the consumer's committed cursor (behind `cursor` while earlier events handed to
   *     other members are not acknowledged). Rejects with a HubError (status 0) of the hub's code: 'conflict'
   *     (before the committed cursor, or past what this subscription was given), 'bad_request' (not a named
   *     consumer's subscription, or an autoAck one), 'unavailable' (not attached, or the connection closed
   *     before the answer: the hub hands what was not acknowledged out again).
   */
  ack(cursor) {
    return this.client._ack(this, cursor);
  }

  /** Ends the subscription; no event of it is delivered after this. */
  close() {
    this.handlers = {};
    this.client._unsubscribe(this);
  }
}
