// Live connections (issue 20): GET /api/connections lists every open WebSocket connection and SSE
// stream; DELETE /api/connections/{id} closes one (WebSocket close code 4009, SSE closed_by_operator).
// Both need the admin scope. Refreshed every few seconds while the view is shown.

import {api, seg} from './api.js';
import {ago, dateTime, h, notice, replace, toast} from './dom.js';

const REFRESH_MS = 3000;

export class ConnectionsView {
  #root;
  #connections = [];
  #error = null;
  #timer = null;
  #closing = new Set();

  constructor(root) {
    this.#root = root;
  }

  show() {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.load(), REFRESH_MS);
    this.load();
  }

  hide() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  async load() {
    try {
      this.#connections = (await api('api/connections')).connections ?? [];
      this.#error = null;
    } catch (e) {
      this.#error = e;
    }
    this.#render();
  }

  async #close(c) {
    if (!confirm(`Close ${c.transport} connection ${c.id} of ${c.subject}? The client is told an operator closed it.`)) {
      return;
    }
    this.#closing.add(c.id);
    this.#render();
    try {
      await api(`api/connections/${seg(c.id)}`, {method: 'DELETE'});
      toast(`Closed ${c.id}`);
    } catch (e) {
      toast(e.notFound ? `${c.id} was already closed` : `Could not close ${c.id}: ${e.message}`, e.notFound ? 'info' : 'error');
    } finally {
      this.#closing.delete(c.id);
      await this.load();
    }
  }

  #render() {
    replace(this.#root,
        h('div', {class: 'view-head'},
            h('h1', {text: 'Connections'}),
            h('button', {type: 'button', class: 'secondary', onclick: () => this.load()}, 'Refresh')),
        h('p', {class: 'muted small', text: 'Open WebSocket connections and SSE streams, refreshed every '
            + `${REFRESH_MS / 1000} s. Closing one tells its client an operator closed it (WebSocket close code 4009).`}),
        this.#error ? failure(this.#error) : this.#table());
  }

  #table() {
    if (this.#connections.length === 0) return h('p', {class: 'muted', id: 'connections-empty', text: 'No open connections.'});
    const sorted = [...this.#connections].sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
    return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'connections-table'},
        h('thead', null, h('tr', null, ['Subject', 'Remote address', 'Plugin', 'Subscriptions', 'Queued', 'Since', '']
            .map(t => h('th', {text: t})))),
        h('tbody', null, sorted.map(c => h('tr', {dataset: {connection: c.id, subject: c.subject ?? ''}},
            h('td', null, h('strong', {text: c.subject ?? '—'}), h('div', {class: 'muted small mono', text: c.id})),
            h('td', {class: 'mono small', text: c.remoteAddress ?? '—'}),
            h('td', {text: c.transport ?? '—'}),
            h('td', {class: 'small'}, (c.subscriptions ?? []).length === 0 ? h('span', {class: 'muted', text: 'none'})
                : (c.subscriptions ?? []).map(s => h('div', {class: 'mono', text: describe(s)}))),
            h('td', {class: 'nowrap', text: `${c.queuedEvents ?? 0} events`,
              title: c.queuedBytes != null ? `${c.queuedBytes} bytes` : null}),
            h('td', {class: 'nowrap', title: c.since ? dateTime(c.since) : null, text: c.since ? ago(c.since) : '—'}),
            h('td', null, h('button', {type: 'button', class: 'link danger', disabled: this.#closing.has(c.id),
              'aria-label': `Close ${c.id}`, onclick: () => this.#close(c)}, 'Close')))))));
  }
}

// "workflow events step-* keys job-1 (latest-per-key)": a subscription's filter in one line.
function describe(s) {
  const parts = [(s.categories ?? []).join(',')];
  if (s.events?.length) parts.push(`events ${s.events.join(',')}`);
  if (s.keys?.length) parts.push(`keys ${s.keys.join(',')}`);
  if (s.overflow && s.overflow !== 'close') parts.push(`(${s.overflow})`);
  return parts.join(' ');
}

function failure(error) {
  if (error?.forbidden) {
    return notice('warn', 'Connections need a token with the admin scope.', `The hub said: ${error.message}. `,
        h('code', {text: 'bin/hub token --console'}), ' makes a token with every scope.');
  }
  if (error?.unauthorized) return notice('error', 'The hub refused the token.', error.message);
  return notice('error', 'The hub did not answer.', error?.message ?? String(error));
}
