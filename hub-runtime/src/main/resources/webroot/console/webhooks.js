// Outbound webhook subscriptions (the webhook plugin's API, docs/sources/webhook.md): each with its
// delivery state, and its last delivery attempts (status, duration, the answer's first bytes),
// refreshed live from the `webhook` category while the view is shown.

import {api, seg} from './api.js';
import {ago, dateTime, debounce, duration, h, notice, replace, statePill} from './dom.js';

export class WebhooksView {
  #root;
  #subscriptions = [];
  #error = null;
  #open = new Map();
  #stream;
  #sub = null;
  #visible = false;
  #refreshSoon = debounce(() => this.load(), 250);

  constructor(root, stream) {
    this.#root = root;
    this.#stream = stream;
  }

  /** Watches the webhook category (registrations, deliveries) so that the view follows them. */
  start(maySubscribe) {
    this.#sub?.close();
    this.#sub = maySubscribe ? this.#stream.subscribe({categories: ['webhook']}, null, {
      event: () => { if (this.#visible) this.#refreshSoon(); },
      subscribed: (frame, {resumed}) => { if (resumed && this.#visible) this.#refreshSoon(); },
    }, 'live') : null;
  }

  show() {
    this.#visible = true;
    this.load();
  }

  hide() {
    this.#visible = false;
  }

  async load() {
    try {
      this.#subscriptions = (await api('api/webhook/subscriptions')).subscriptions ?? [];
      this.#error = null;
      await Promise.all([...this.#open.keys()].map(id => this.#loadAttempts(id)));
    } catch (e) {
      this.#error = e;
    }
    this.#render();
  }

  async #loadAttempts(id) {
    try {
      this.#open.set(id, (await api(`api/webhook/subscriptions/${seg(id)}/attempts`)).attempts ?? []);
    } catch (e) {
      this.#open.set(id, e);
    }
  }

  async #toggle(id) {
    if (this.#open.has(id)) {
      this.#open.delete(id);
    } else {
      this.#open.set(id, null);
      await this.#loadAttempts(id);
    }
    this.#render();
  }

  #render() {
    const head = h('div', {class: 'toolbar'},
      h('h2', {text: 'Webhook subscriptions'}),
      h('button', {type: 'button', class: 'ghost', onclick: () => this.load()}, 'Refresh'));
    if (this.#error) {
      replace(this.#root, head, notice('error', 'Could not load the subscriptions', this.#error.message));
      return;
    }
    if (!this.#subscriptions.length) {
      replace(this.#root, head, h('p', {class: 'muted', text: 'No webhook subscriptions.'}));
      return;
    }
    replace(this.#root, head, h('ul', {class: 'webhook-list'}, this.#subscriptions.map(s => this.#row(s))));
  }

  #row(s) {
    const d = s.delivery ?? {};
    const open = this.#open.has(s.id);
    return h('li', {class: 'webhook', dataset: {subscription: s.id}},
      h('div', {class: 'webhook-head'},
        h('strong', {text: s.id}), ' ',
        h('span', {class: 'muted', text: s.url}), ' ',
        statePill(d.mode ?? 'unknown', d.mode === 'live' ? 'ok' : d.mode === 'paused' ? 'parked' : 'running'), ' ',
        statePill(`breaker ${s.circuitBreaker}`, s.circuitBreaker === 'closed' ? 'ok' : 'failed'), ' ',
        h('span', {class: 'muted small', text: `${d.delivered ?? 0} delivered · ${d.failed ?? 0} failed · `
          + `${d.parked ?? 0} parked · ${d.inFlight ?? 0} in flight`}),
        d.lastError ? h('div', {class: 'small error-text', text: d.lastError}) : null,
        h('button', {type: 'button', class: 'ghost', 'aria-expanded': open ? 'true' : 'false',
          onclick: () => this.#toggle(s.id)}, open ? 'Hide attempts' : 'Attempts')),
      open ? this.#attempts(this.#open.get(s.id)) : null);
  }

  #attempts(attempts) {
    if (attempts == null) return h('p', {class: 'muted', text: 'Loading…'});
    if (attempts instanceof Error) return notice('error', 'Could not load the attempts', attempts.message);
    if (!attempts.length) return h('p', {class: 'muted attempts-empty', text: 'No attempts yet.'});
    return h('table', {class: 'attempts'},
      h('thead', null, h('tr', null, ['When', 'Event', 'Key', 'Attempt', 'Status', 'Duration', 'Answer']
        .map(t => h('th', {text: t})))),
      h('tbody', null, attempts.map(a => h('tr', {class: a.success ? 'ok' : 'failed'},
        h('td', {title: dateTime(a.at), text: ago(a.at)}),
        h('td', {class: 'mono', text: a.eventId}),
        h('td', {text: a.key ?? ''}),
        h('td', {text: `${a.attempt}${a.resubmitted ? ' (resubmitted)' : ''}`}),
        h('td', {class: 'attempt-status', text: a.status ?? (a.error ? 'no answer' : '')}),
        h('td', {text: duration(a.durationMs)}),
        h('td', {class: 'mono small', text: a.response ?? a.error ?? ''})))));
  }
}
