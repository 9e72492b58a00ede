// The dead-letter queue (the dlq plugin's API, docs/sources/dlq.md): entries by state, with resubmit
// and resolve buttons, refreshed live from the `dlq` category.

import {api, seg} from './api.js';
import {ago, dateTime, debounce, duration, h, notice, pretty, replace, statePill, toast} from './dom.js';

const PAGE = 50;

export class DlqView {
  #root;
  #stream;
  #state = 'parked';
  #entries = [];
  #next = null;
  #more = false;
  #counts = null;
  #error = null;
  #open = new Set();
  #busy = new Set();
  // Entries resubmitted or resolved from here stay listed (as resolved) until the next explicit refresh.
  #handled = new Map();
  #sub = null;
  #badge;
  #visible = false;
  #refreshSoon = debounce(() => this.load(), 250);

  constructor(root, stream, badge) {
    this.#root = root;
    this.#stream = stream;
    this.#badge = badge;
  }

  /** Watches the dlq category so that the list and the badge follow changes live. */
  start(maySubscribe) {
    this.#sub?.close();
    this.#sub = maySubscribe ? this.#stream.subscribe({categories: ['dlq']}, null, {
      event: () => this.#changed(),
      subscribed: (frame, {resumed}) => { if (resumed) this.#changed(); },
    }, 'live') : null;
    this.#loadCounts();
  }

  show() {
    this.#visible = true;
    this.load();
  }

  hide() {
    this.#visible = false;
  }

  #changed() {
    if (this.#visible) this.#refreshSoon();
    else this.#loadCounts();
  }

  async load() {
    try {
      const [page, counts] = await Promise.all([
        api(`api/dlq/entries?order=desc&limit=${PAGE}${this.#state === 'all' ? '' : `&state=${this.#state}`}`),
        api('api/dlq/counts')]);
      this.#entries = this.#withHandled(page.entries ?? []);
      this.#next = page.next;
      this.#more = page.more;
      this.#setCounts(counts);
      this.#error = null;
    } catch (e) {
      this.#error = e;
    }
    this.#render();
  }

  #withHandled(entries) {
    const ids = new Set(entries.map(e => e.id));
    const kept = [...this.#handled.values()].filter(e => !ids.has(e.id));
    return kept.length ? [...entries, ...kept].sort((a, b) => compareIds(b.id, a.id)) : entries;
  }

  /** Reloads from scratch: the state filter changed, or the Refresh button. */
  #reload() {
    this.#handled.clear();
    this.load();
  }

  async #loadMore() {
    try {
      const page = await api(`api/dlq/entries?order=desc&limit=${PAGE}&after=${seg(this.#next)}`
          + (this.#state === 'all' ? '' : `&state=${this.#state}`));
      this.#entries.push(...(page.entries ?? []));
      this.#next = page.next;
      this.#more = page.more;
    } catch (e) {
      toast(`Could not load more entries: ${e.message}`, 'error');
    }
    this.#render();
  }

  async #loadCounts() {
    try {
      this.#setCounts(await api('api/dlq/counts', {quiet: true}));
    } catch {
      this.#setCounts(null);
    }
  }

  #setCounts(counts) {
    this.#counts = counts;
    const parked = counts?.parked ?? 0;
    this.#badge.hidden = parked === 0;
    this.#badge.textContent = parked > 999 ? '999+' : String(parked);
  }

  #render() {
    const head = h('div', {class: 'view-head'},
        h('h1', {text: 'Dead letters'}),
        h('div', {class: 'segmented', role: 'group', 'aria-label': 'State'},
            ['parked', 'resolved', 'all'].map(s => h('button', {type: 'button', 'aria-pressed': String(this.#state === s),
              onclick: () => { this.#state = s; this.#reload(); }}, s[0].toUpperCase() + s.slice(1)))),
        h('button', {type: 'button', class: 'secondary', onclick: () => this.#reload()}, 'Refresh'));
    if (this.#error) {
      replace(this.#root, head, this.#failure(this.#error));
      return;
    }
    replace(this.#root, head, this.#stats(), this.#table(),
        this.#more ? h('div', {class: 'more'}, h('button', {type: 'button', class: 'secondary',
          onclick: () => this.#loadMore()}, 'Load more')) : null);
  }

  #failure(error) {
    if (error.notFound) {
      return notice('warn', 'The dead-letter queue is not available.',
          'The dlq plugin is not running on this hub (see Plugins & catalog).');
    }
    if (error.forbidden) {
      return notice('warn', 'Your token may not read the dead-letter queue.',
          `The hub said: ${error.message}. It needs subscribe:dlq (and publish:dlq to resubmit or resolve).`);
    }
    return notice('error', 'The dead-letter queue could not be read.', error.message);
  }

  #stats() {
    const c = this.#counts;
    if (!c) return null;
    const stat = (label, value, kind) => h('div', {class: `stat ${kind ?? ''}`},
        h('span', {class: 'stat-value', text: value}), h('span', {class: 'stat-label', text: label}));
    return h('div', {class: 'stats', id: 'dlq-counts'},
        stat('parked', c.parked, c.parked ? 'warn' : 'ok'),
        stat('resolved', c.resolved, ''),
        stat('total', c.total, ''),
        stat('capacity', c.maxEntries?.toLocaleString() ?? '—', ''));
  }

  #table() {
    if (this.#entries.length === 0) {
      return h('div', {class: 'card empty-card'}, h('strong', {text: this.#state === 'parked'
          ? 'Nothing is parked.' : 'No entries.'}),
          h('span', {class: 'muted', text: ' Items that plugins or clients could not deliver show up here.'}));
    }
    return h('div', {class: 'card table-wrap'}, h('table', {class: 'table', id: 'dlq-table'},
        h('thead', null, h('tr', null, ['Entry', 'Origin', 'Reason', 'Attempts', 'Parked', 'State', ''].map(t =>
          h('th', {text: t})))),
        h('tbody', null, this.#entries.flatMap(e => this.#rows(e)))));
  }

  #rows(e) {
    const open = this.#open.has(e.id);
    const busy = this.#busy.has(e.id);
    const parked = e.state === 'parked';
    const resubmittable = parked && e.origin?.address;
    const row = h('tr', {class: `entry ${open ? 'open' : ''}`, dataset: {entry: e.id, state: e.state}},
        h('td', null, h('button', {type: 'button', class: 'link mono', 'aria-expanded': String(open),
          onclick: () => this.#toggle(e.id)}, e.id)),
        h('td', null, h('strong', {text: e.origin?.plugin ?? '—'}),
            e.origin?.target ? h('div', {class: 'muted small mono truncate', title: e.origin.target, text: e.origin.target}) : null),
        h('td', {class: 'reason'}, h('span', {class: 'clamp', title: e.reason, text: e.reason})),
        h('td', {class: 'num', text: e.attempts}),
        h('td', {class: 'nowrap', title: dateTime(e.parkedAt), text: ago(e.parkedAt)}),
        h('td', null, statePill(e.state),
            e.resolution ? h('div', {class: 'muted small', text: e.resolution}) : null),
        h('td', {class: 'actions'},
            parked ? h('button', {type: 'button', class: 'primary small', disabled: !resubmittable || busy,
              title: resubmittable ? `Send the payload back to ${e.origin.address}`
                  : 'No origin address: resolve it by hand once dealt with',
              onclick: () => this.#resubmit(e)}, busy ? 'Working…' : 'Resubmit') : null,
            parked ? h('button', {type: 'button', class: 'secondary small', disabled: busy,
              onclick: () => this.#resolve(e)}, 'Resolve') : null));
    return open ? [row, h('tr', {class: 'entry-detail'}, h('td', {colspan: 7}, this.#detail(e)))] : [row];
  }

  #detail(e) {
    const resubmissions = e.resubmissions ?? [];
    return h('div', {class: 'detail-grid'},
        h('div', null,
            h('h3', {text: 'Payload'}),
            'payload' in e ? h('pre', {class: 'json', text: pretty(e.payload)}) : h('p', {class: 'muted', text: 'Loading…'})),
        h('div', null,
            h('h3', {text: 'Details'}),
            h('dl', {class: 'facts'},
                fact('Reason', e.reason),
                fact('Origin address', e.origin?.address ?? 'none (cannot be resubmitted)'),
                fact('First failure', dateTime(e.firstFailureAt)),
                fact('Last failure', dateTime(e.lastFailureAt)),
                fact('Parked', `${dateTime(e.parkedAt)} via ${e.parkedVia ?? '?'}`),
                e.resolvedAt ? fact('Resolved', `${dateTime(e.resolvedAt)} (${e.resolution})`) : null,
                e.note ? fact('Note', e.note) : null),
            resubmissions.length ? h('h3', {text: 'Resubmissions'}) : null,
            resubmissions.length ? h('ul', {class: 'resubmissions'}, resubmissions.map(r => h('li', null,
                statePill(r.success ? 'succeeded' : 'failed'), ' ', dateTime(r.at), ` · ${duration(r.durationMs)}`,
                r.error ? h('div', {class: 'error small', text: r.error}) : null))) : null));
  }

  async #toggle(id) {
    if (this.#open.has(id)) {
      this.#open.delete(id);
      this.#render();
      return;
    }
    this.#open.add(id);
    this.#render();
    try {
      this.#replaceEntry(await api(`api/dlq/entries/${seg(id)}`));
    } catch (e) {
      toast(`Could not read entry ${id}: ${e.message}`, 'error');
    }
    this.#render();
  }

  #replaceEntry(entry, handled = false) {
    const i = this.#entries.findIndex(x => x.id === entry.id);
    if (i >= 0) this.#entries[i] = entry;
    if (handled) this.#handled.set(entry.id, entry);
  }

  async #resubmit(e) {
    this.#busy.add(e.id);
    this.#render();
    try {
      const outcome = await api(`api/dlq/entries/${seg(e.id)}/resubmit`, {method: 'POST'});
      if (outcome.entry) this.#replaceEntry(outcome.entry, true);
      if (outcome.success) toast(`Entry ${e.id} resubmitted: ${e.origin.plugin} accepted it and it is resolved.`, 'ok');
      else toast(`Resubmission of ${e.id} failed: ${outcome.error ?? 'no reason given'}. It stays parked.`, 'error');
    } catch (error) {
      toast(`Could not resubmit ${e.id}: ${error.message}`, 'error');
    }
    this.#busy.delete(e.id);
    this.#render();
    this.#refreshSoon();
  }

  async #resolve(e) {
    const note = await askNote(e.id);
    if (note === null) return;
    this.#busy.add(e.id);
    this.#render();
    try {
      this.#replaceEntry(await api(`api/dlq/entries/${seg(e.id)}/resolve`, {method: 'POST',
        body: note ? {note} : {}}), true);
      toast(`Entry ${e.id} resolved.`, 'ok');
    } catch (error) {
      toast(`Could not resolve ${e.id}: ${error.message}`, 'error');
    }
    this.#busy.delete(e.id);
    this.#render();
    this.#refreshSoon();
  }
}

// Entry ids are <epoch millis>-<sequence>: compare them as numbers, part by part.
function compareIds(a, b) {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs || a.localeCompare(b);
}

function fact(label, value) {
  return [h('dt', {text: label}), h('dd', {text: value ?? '—'})];
}

// The resolve dialog of index.html: resolves with the note ('' for none), or null when cancelled.
function askNote(id) {
  const dialog = document.getElementById('resolve-dialog');
  const input = document.getElementById('resolve-note');
  document.getElementById('resolve-title').textContent = `Resolve entry ${id}`;
  input.value = '';
  return new Promise((resolve) => {
    const cancel = document.getElementById('resolve-cancel');
    const onCancel = () => dialog.close('cancel');
    cancel.addEventListener('click', onCancel, {once: true});
    dialog.addEventListener('close', () => {
      cancel.removeEventListener('click', onCancel);
      resolve(dialog.returnValue === 'cancel' || dialog.returnValue === '' ? null : input.value.trim());
    }, {once: true});
    dialog.returnValue = '';
    dialog.showModal();
    input.focus();
  });
}
