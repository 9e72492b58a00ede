// The live event timeline: one subscription whose filter is what the toolbar says (categories, event
// globs, keys) and whose start is a replay of the last N events, a replay since a cursor, or now.
// Changing the filter or the start clears the timeline and subscribes again; a reconnect resumes the
// subscription from its last cursor, so the rows shown have no gap.

import {categoryPill, clockTime, debounce, h, hueOf, pretty, preview, replace, words} from './dom.js';
import {subscribePatterns} from './auth.js';

/** The most rows kept: older ones are dropped so that the page does not grow forever. */
export const MAX_ROWS = 1000;
const NAME = /^[a-z0-9*-]{1,64}$/;

export class Timeline {
  #stream;
  #root;
  #list;
  #status;
  #warnings;
  #chips;
  #pauseButton;
  #filter = {categories: [], events: [], keys: []};
  #start = {mode: 'last', n: 100, cursor: ''};
  #sub = null;
  #queue = [];
  #pending = [];
  #paused = false;
  #frame = 0;
  #shown = 0;
  #declared = [];
  #seen = new Set();
  #inputs = {};

  constructor(root, stream) {
    this.#root = root;
    this.#stream = stream;
    this.#build();
  }

  /** Starts (or restarts, after a token change) the subscription. */
  start() {
    this.#resubscribe();
  }

  /** The categories that plugins declare, for the quick filters. */
  setCatalog(categories) {
    this.#declared = categories.map(c => c.name);
    this.#renderChips();
  }

  /** Shows only {@code category} (the catalog's "Watch" button). */
  watch(category) {
    this.#filter.categories = [category];
    this.#renderChips();
    this.#resubscribe();
  }

  show() {}

  #build() {
    const i = this.#inputs;
    i.events = h('input', {type: 'search', placeholder: 'step-*, entry-added', 'aria-label': 'Event types',
      autocomplete: 'off', spellcheck: 'false'});
    i.keys = h('input', {type: 'search', placeholder: 'ci-1042', 'aria-label': 'Keys', autocomplete: 'off',
      spellcheck: 'false'});
    i.mode = h('select', {'aria-label': 'Start from'},
        h('option', {value: 'last', text: 'Last'}),
        h('option', {value: 'since', text: 'After cursor'}),
        h('option', {value: 'live', text: 'Live only'}));
    i.n = h('input', {type: 'number', min: 1, max: 1000, value: 100, 'aria-label': 'Number of events to replay'});
    i.cursor = h('input', {type: 'text', placeholder: 'cursor', 'aria-label': 'Cursor to replay after',
      autocomplete: 'off', spellcheck: 'false', class: 'mono'});
    const replay = h('button', {type: 'button', class: 'secondary', onclick: () => this.#applyStart()}, 'Replay');
    this.#pauseButton = h('button', {type: 'button', class: 'secondary', id: 'timeline-pause',
      onclick: () => this.#togglePause()}, 'Pause');
    const clear = h('button', {type: 'button', class: 'ghost', onclick: () => this.#clear()}, 'Clear');

    const apply = () => this.#applyFilterInputs();
    const later = debounce(apply, 500);
    for (const input of [i.events, i.keys]) {
      input.addEventListener('input', later);
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
    }
    i.mode.addEventListener('change', () => this.#syncStartInputs());
    for (const input of [i.n, i.cursor]) {
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.#applyStart(); });
    }

    this.#chips = h('div', {class: 'chips', role: 'group', 'aria-label': 'Categories'});
    this.#status = h('div', {class: 'timeline-status muted small', role: 'status'});
    this.#warnings = h('div', {class: 'timeline-warnings'});
    this.#list = h('div', {class: 'events', id: 'events', 'aria-label': 'Events, newest first'});

    replace(this.#root,
        h('div', {class: 'toolbar card'},
            h('div', {class: 'toolbar-row'}, h('span', {class: 'toolbar-label', text: 'Categories'}), this.#chips),
            h('div', {class: 'toolbar-row wrap'},
                h('label', {class: 'field'}, h('span', {text: 'Events'}), i.events),
                h('label', {class: 'field'}, h('span', {text: 'Keys'}), i.keys),
                h('div', {class: 'field start'}, h('span', {text: 'Start'}),
                    h('div', {class: 'joined'}, i.mode, i.n, i.cursor, replay)),
                h('div', {class: 'spacer'}),
                h('div', {class: 'buttons'}, this.#pauseButton, clear))),
        this.#warnings,
        this.#status,
        h('div', {class: 'card list-card'},
            h('div', {class: 'events-head', 'aria-hidden': 'true'},
                ['Time', 'Category', 'Event', 'Key', 'Data'].map(t => h('span', {text: t}))),
            this.#list, h('div', {class: 'empty', id: 'events-empty'},
            h('strong', {text: 'No events yet.'}),
            h('span', {class: 'muted'}, ' They appear here as soon as they are recorded. Publish one with ',
                h('code', {text: 'POST /api/events'}), '.'))));
    this.#syncStartInputs();
    this.#renderChips();
    this.#renderStatus();
  }

  #syncStartInputs() {
    const mode = this.#inputs.mode.value;
    this.#inputs.n.hidden = mode !== 'last';
    this.#inputs.cursor.hidden = mode !== 'since';
  }

  #applyStart() {
    const mode = this.#inputs.mode.value;
    const n = Number.parseInt(this.#inputs.n.value, 10);
    if (mode === 'last' && !(n >= 1 && n <= 1000)) {
      this.#warn('bad-start', 'warn', 'Replay the last 1 to 1000 events.');
      return;
    }
    const cursor = this.#inputs.cursor.value.trim();
    if (mode === 'since' && !cursor) {
      this.#warn('bad-start', 'warn', 'Enter the cursor to replay after (open an event to use its cursor).');
      return;
    }
    this.#dismiss('bad-start');
    this.#start = {mode, n, cursor};
    this.#resubscribe();
  }

  #applyFilterInputs() {
    const events = words(this.#inputs.events.value);
    const keys = words(this.#inputs.keys.value);
    const bad = events.find(e => !NAME.test(e));
    if (bad) {
      this.#warn('bad-filter', 'warn', `"${bad}" is not an event type or glob: use a-z, 0-9, - and *.`);
      return;
    }
    this.#dismiss('bad-filter');
    if (same(events, this.#filter.events) && same(keys, this.#filter.keys)) return;
    this.#filter.events = events;
    this.#filter.keys = keys;
    this.#resubscribe();
  }

  #toggleCategory(name) {
    const selected = this.#filter.categories;
    this.#filter.categories = name == null ? []
        : selected.includes(name) ? selected.filter(c => c !== name) : [...selected, name];
    this.#renderChips();
    this.#resubscribe();
  }

  #renderChips() {
    const selected = this.#filter.categories;
    const names = [...new Set([...this.#declared, ...this.#seen, ...selected])].sort();
    const chip = (label, name, pressed) => {
      const button = h('button', {type: 'button', class: 'chip', 'aria-pressed': String(pressed),
        dataset: {category: name ?? '*'}, onclick: () => this.#toggleCategory(name)}, label);
      if (name) button.style.setProperty('--hue', hueOf(name));
      return button;
    };
    replace(this.#chips, chip('All', null, selected.length === 0), names.map(n => chip(n, n, selected.includes(n))));
  }

  #resubscribe() {
    this.#sub?.close();
    this.#clear();
    this.#dismiss('incomplete', 'error');
    const categories = this.#filter.categories.length ? this.#filter.categories : subscribePatterns();
    if (categories.length === 0) {
      this.#sub = null;
      this.#warn('error', 'error', 'This token may not subscribe to any category: it needs a subscribe: scope.');
      return;
    }
    const start = this.#start.mode === 'last' ? {last: this.#start.n}
        : this.#start.mode === 'since' ? {since: this.#start.cursor} : null;
    const filter = {categories, events: this.#filter.events, keys: this.#filter.keys};
    this.#sub = this.#stream.subscribe(filter, start, {
      event: (e) => this.#onEvent(e),
      replayComplete: (frame, info) => this.#onReplayComplete(frame, info),
      error: (frame) => this.#warn('error', 'error', `The hub refused the subscription: ${frame.message} (${frame.code}).`),
      subscribed: () => this.#dismiss('error'),
    });
    this.#renderStatus();
  }

  #onEvent(event) {
    if (event.category && !this.#seen.has(event.category) && this.#seen.size < 50) {
      this.#seen.add(event.category);
      if (!this.#declared.includes(event.category)) this.#renderChips();
    }
    if (this.#paused) {
      this.#pending.push(event);
      if (this.#pending.length > MAX_ROWS) this.#pending.shift();
      this.#renderPause();
      return;
    }
    this.#enqueue(event);
  }

  #onReplayComplete(frame, {since, resumed}) {
    if (resumed) {
      this.#enqueue({marker: `Reconnected: ${frame.count} event${frame.count === 1 ? '' : 's'} recorded while `
          + 'disconnected replayed below'});
    }
    if (frame.complete === false) {
      const what = since ? `since cursor ${since}` : 'from the requested point';
      this.#warn('incomplete', 'warn', `Replay incomplete: the hub could not replay every event ${what} `
          + `(older than its retention, or from a log that was reset). ${frame.count} replayed; some may be missing.`);
    }
  }

  // Rows are added once per animation frame, in one batch: a burst of events costs one layout.
  #enqueue(item) {
    this.#queue.push(item);
    if (this.#queue.length > MAX_ROWS) this.#queue.splice(0, this.#queue.length - MAX_ROWS);
    if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#flush());
  }

  #flush() {
    this.#frame = 0;
    const batch = this.#queue;
    this.#queue = [];
    const fragment = document.createDocumentFragment();
    for (let i = batch.length - 1; i >= 0; i--) {
      fragment.append(batch[i].marker ? h('div', {class: 'marker', text: batch[i].marker}) : this.#row(batch[i]));
    }
    this.#list.prepend(fragment);
    this.#shown += batch.filter(b => !b.marker).length;
    while (this.#list.childElementCount > MAX_ROWS) {
      if (!this.#list.lastElementChild.classList.contains('marker')) this.#shown--;
      this.#list.lastElementChild.remove();
    }
    this.#renderStatus();
  }

  #row(e) {
    const details = h('details', {class: 'event', dataset: {cursor: e.cursor, category: e.category, event: e.event,
      key: e.key ?? ''}},
        h('summary', null,
            h('time', {datetime: e.timestamp, title: e.timestamp, text: clockTime(e.timestamp)}),
            categoryPill(e.category),
            h('span', {class: 'event-type', text: e.event}),
            h('span', {class: 'event-key', title: e.key ?? '', text: e.key ?? '—'}),
            h('span', {class: 'event-data', text: preview(e.data, 200)}),
            e.replay ? h('span', {class: 'tag', title: 'replayed from the log', text: 'replay'}) : null));
    details.addEventListener('toggle', () => {
      if (details.open && details.childElementCount === 1) details.append(this.#detail(e));
    });
    return details;
  }

  #detail(e) {
    const envelope = {id: e.id, cursor: e.cursor, category: e.category, event: e.event, key: e.key,
      timestamp: e.timestamp, data: e.data};
    return h('div', {class: 'event-detail'},
        h('pre', {class: 'json', text: pretty(envelope)}),
        h('div', {class: 'buttons'},
            h('button', {type: 'button', class: 'ghost small', onclick: () => this.#replayAfter(e.cursor)},
                'Replay after this event'),
            e.key ? h('button', {type: 'button', class: 'ghost small', onclick: () => this.#onlyKey(e.key)},
                'Only this key') : null));
  }

  #replayAfter(cursor) {
    this.#inputs.mode.value = 'since';
    this.#inputs.cursor.value = cursor;
    this.#syncStartInputs();
    this.#applyStart();
  }

  #onlyKey(key) {
    this.#inputs.keys.value = key;
    this.#applyFilterInputs();
  }

  #togglePause() {
    this.#paused = !this.#paused;
    if (!this.#paused) {
      for (const e of this.#pending) this.#enqueue(e);
      this.#pending = [];
    }
    this.#renderPause();
  }

  #renderPause() {
    this.#pauseButton.textContent = this.#paused
        ? `Resume${this.#pending.length ? ` (${this.#pending.length} new)` : ''}` : 'Pause';
    this.#pauseButton.setAttribute('aria-pressed', String(this.#paused));
    this.#renderStatus();
  }

  #clear() {
    this.#queue = [];
    this.#pending = [];
    this.#list.replaceChildren();
    this.#shown = 0;
    this.#renderPause();
  }

  #renderStatus() {
    const f = this.#filter;
    const parts = [`${this.#shown} event${this.#shown === 1 ? '' : 's'}`];
    if (this.#shown >= MAX_ROWS) parts.push(`the latest ${MAX_ROWS} are kept`);
    parts.push(f.categories.length ? `categories ${f.categories.join(', ')}` : 'all categories');
    if (f.events.length) parts.push(`events ${f.events.join(', ')}`);
    if (f.keys.length) parts.push(`keys ${f.keys.join(', ')}`);
    const s = this.#start;
    parts.push(s.mode === 'last' ? `replayed the last ${s.n}, then live`
        : s.mode === 'since' ? `replayed after ${s.cursor}, then live` : 'live from when you opened it');
    if (this.#paused) parts.push('paused');
    this.#status.textContent = parts.join(' · ');
    this.#root.classList.toggle('has-events', this.#shown > 0 || this.#list.childElementCount > 0);
  }

  #warn(id, kind, message) {
    let box = this.#warnings.querySelector(`[data-warning="${id}"]`);
    if (!box) {
      box = h('div', {class: `notice notice-${kind}`, role: 'alert', dataset: {warning: id}});
      this.#warnings.append(box);
    }
    replace(box, h('span', {text: message}),
        h('button', {type: 'button', class: 'link', onclick: () => box.remove()}, 'Dismiss'));
  }

  #dismiss(...ids) {
    for (const id of ids) this.#warnings.querySelector(`[data-warning="${id}"]`)?.remove();
  }
}

function same(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
