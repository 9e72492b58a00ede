// Types of hub-client.js (hand-written; the module itself has no build step). docs/client.md.

/** The event as docs/http-api.md "the event" defines it. */
export interface HubEvent {
  id: string;
  /** Opaque; send it back as `since`. */
  cursor: string;
  category: string;
  event: string;
  key?: string | null;
  timestamp: string;
  data: unknown;
  /** true for a replayed event; absent for a live one. */
  replay?: boolean;
}

export interface Filter {
  /** Category names or globs; at least one. */
  categories: string[];
  /** Event types or globs; none: every type. */
  events?: string[];
  /** Exact keys; none: every key. */
  keys?: string[];
  /**
   * Attribute names to values or globs (`*`: any run of characters): only the events with every named
   * attribute matching (docs/protocol.md, Attributes); none: every event. Sent as the subscribe frame's
   * `attributes`, or as `attr=name:glob` parameters over server-sent events.
   */
  attributes?: Record<string, string>;
  /** WebSocket batch mode: several events per frame (handlers.events); no effect on SSE. */
  batch?: boolean;
  /**
   * What the hub does when this subscription falls behind (docs/protocol.md, Overflow policies): 'close' (the hub's
   * default: the connection closes and the client resumes from its cursor, nothing lost), 'drop-oldest' (the
   * oldest waiting events are dropped and reported to handlers.gap), 'latest-per-key' (only the newest waiting
   * event of each key is kept). Over the WebSocket and server-sent events alike.
   */
  overflow?: Overflow;
  /**
   * Attach to this named consumer of the token's subject, `[A-Za-z0-9._-]{1,64}` (docs/protocol.md, Named
   * consumers; WebSocket only): the hub keeps its filters and committed cursor, so after any reconnect it
   * resumes after what was acknowledged (Subscription.ack) and hands out again what was not. Several
   * subscriptions on one name, in one page or many, share its events. Not with `last`, nor an `overflow` other
   * than 'close'; `since` only places a consumer the hub creates.
   */
  consumer?: string;
  /** With `consumer`: the hub commits each event as it hands it out (at most once); ack() is refused. */
  autoAck?: boolean;
}

export type Overflow = 'close' | 'drop-oldest' | 'latest-per-key';

/** Events the hub dropped because the subscription fell behind: its `gap` frame. */
export interface Gap {
  /** How many, at least 1. */
  dropped: number;
  /** The cursor of the first dropped event. */
  from: string;
  /** The cursor of the last dropped event. */
  to: string;
}

/** Where a new subscription starts; null: live from now. */
export type Start = { last: number } | { since: string } | null;

export interface Handlers {
  event?(event: HubEvent): void;
  /** Each batch of batch mode, before its events go to `event`. */
  events?(events: HubEvent[]): void;
  subscribed?(info: { cursor: string | null }, context: { resumed: boolean }): void;
  replayComplete?(info: { count: number; complete: boolean }, context: { since: string | null; resumed: boolean }): void;
  error?(error: { code: string; message: string }): void;
  /**
   * Where events dropped by the overflow policy would have come; they are still in the hub's log (history()
   * with `since` the last cursor you got, up to `gap.to`). Subscription.complete turns false.
   */
  gap?(gap: Gap): void;
}

export type State = 'idle' | 'connecting' | 'live' | 'waiting' | 'unauthorized' | 'expired';
export type Transport = 'websocket' | 'sse';

export interface HubClientOptions {
  /** The hub's base URL, e.g. "http://localhost:8080/"; default: the page's own location. */
  url?: string;
  /** The JWT; null when the hub does not check tokens. */
  token?: string | null;
  /** 'auto' (default): WebSocket, falling back to server-sent events when it is refused. */
  transport?: 'auto' | Transport;
  /** First reconnect delay ceiling in ms (default 500); doubles per failure, with jitter. */
  baseDelayMs?: number;
  /** Largest reconnect delay ceiling in ms (default 10000). */
  maxDelayMs?: number;
}

export interface HistoryQuery {
  categories: string[];
  events?: string[];
  keys?: string[];
  since?: string;
  /** Events per page, 1 to 1000 (default 1000). */
  limit?: number;
}

export interface Draft {
  category: string;
  event: string;
  key?: string;
  data?: unknown;
  /** Your own id: publishing it again in the same category records nothing new. */
  id?: string;
}

export class HubError extends Error {
  constructor(status: number, code: string, message: string);
  /** The HTTP status; 0 when the hub did not answer, or answered over the WebSocket. */
  readonly status: number;
  /** The hub's error code, e.g. "unauthorized". */
  readonly code: string;
  readonly unauthorized: boolean;
}

export interface StateDetail { state: State; retryAt: number; transport: Transport }

export class HubClient extends EventTarget {
  constructor(options?: HubClientOptions);
  readonly state: State;
  readonly retryAt: number;
  readonly transport: Transport;
  start(token?: string | null): this;
  stop(): void;
  setToken(token: string | null): void;
  reconnectNow(): void;
  subscribe(filter: Filter, start?: Start, handlers?: Handlers, resume?: 'since' | 'live'): Subscription;
  publish(events: Draft | Draft[]): Promise<unknown>;
  /**
   * Publishes over the WebSocket (a `publish` frame): resolves with the events' ids and cursors, in order, once
   * they are durable; rejects with a HubError carrying the hub's code, or 'unavailable' when the connection
   * closes before the answer (the outcome is then unknown: send again with the same event ids).
   */
  publishOverWebSocket(events: Draft | Draft[]): Promise<Array<{id: string; cursor: string}>>;
  history(query: HistoryQuery): AsyncGenerator<HubEvent, void, void>;
  request(method: string, path: string, body?: unknown): Promise<unknown>;
  addEventListener(type: 'state', listener: (e: CustomEvent<StateDetail>) => void): void;
  addEventListener(type: 'auth', listener: (e: CustomEvent<{ message: string }>) => void): void;
  addEventListener(type: 'protocol-error', listener: (e: CustomEvent<{ code: string; message: string }>) => void): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void;
}

export class Subscription {
  readonly filter: Filter;
  /**
   * The cursor of the last event received: where the next reconnect resumes. A named consumer's: the newest
   * event received (it resumes after its committed cursor, which the hub keeps).
   */
  readonly cursor: string | null;
  /** False once the hub said events may be missing: a gap, or a replay that was not complete. */
  readonly complete: boolean;
  /**
   * Commits a named consumer's events delivered to this subscription up to `cursor`; resolves with the consumer's
   * committed cursor. Rejects with a HubError of the hub's code: 'conflict' (before the committed cursor, or past
   * what this subscription was given), 'bad_request' (no named consumer, or autoAck), 'unavailable' (not
   * attached now, or the connection closed before the answer: what was not acknowledged comes again).
   */
  ack(cursor: string): Promise<string>;
  close(): void;
}
