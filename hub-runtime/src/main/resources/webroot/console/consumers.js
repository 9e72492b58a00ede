// Named consumers (issue 20): GET /api/consumers (needs admin) with their cursors, members and lag;
// DELETE /api/consumers/{name}?subject= removes one.

import {api, seg} from './api.js';
import {ago, categoryPill, h, notice, replace, toast} from './dom.js';

export class ConsumersView {
  #root;
  #loading = null;

  constructor(root) {
    this.#root = root;
    replace(root, h('div', {class: 'muted', text: 'Loading…'}));
  }

  show() {
    this.load();
  }

  load() {
    this.#loading ??= this.#load().finally(() => { this.#loading = null; });
    return this.#loading;
  }

  async #load() {
    let body;
    try {
      body = await api('api/consumers');
    } catch (error) {
      replace(this.#root, this.#head(), failure(error));
      return;
    }
    const consumers = body.consumers ?? [];
    replace(this.#root, this.#head(),
        h('p', {class: 'muted small', text: 'Named consumers remember their committed cursor: a client that comes '
            + 'back with the same name resumes after it, and the members attached to one share its events.'}),
        consumers.length === 0 ? h('p', {class: 'muted', id: 'consumers-empty', text: 'No named consumers.'})
            : this.#table(consumers));
  }

  #head() {
    return h('div', {class: 'view-head'},
        h('h1', {text: 'Consumers'}),
        h('button', {type: 'button', class: 'secondary', onclick: () => this.load()}, 'Refresh'));
  }

  #table(consumers) {
    return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'consumers-table'},
        h('thead', null, h('tr', null, ['Consumer', 'Subject', 'Categories', 'Committed cursor', 'Members', 'Lag',
          'Last attached', ''].map(t => h('th', {text: t})))),
        h('tbody', null, consumers.map(c => h('tr', {dataset: {consumer: c.name, subject: c.subject}},
            h('td', null, h('strong', {text: c.name})),
            h('td', {class: 'mono small', text: c.subject}),
            h('td', null, (c.categories ?? []).map(categoryPill)),
            h('td', {class: 'mono small', text: c.cursor ?? '(start of the log)'}),
            h('td', {class: 'members', title: (c.members ?? []).map(m => `${m.connection} ${m.subscription}: `
                + `${m.inFlight} in flight`).join('\n'), text: String((c.members ?? []).length)}),
            h('td', {class: 'lag', text: lagText(c.lag)}),
            h('td', {class: 'small', title: c.lastAttached, text: ago(c.lastAttached)}),
            h('td', null, h('button', {type: 'button', class: 'link danger', onclick: () => this.#delete(c)},
                'Delete')))))));
  }

  async #delete(c) {
    if (!window.confirm(`Delete consumer '${c.name}' of ${c.subject} and its committed cursor?`)) return;
    try {
      await api(`api/consumers/${seg(c.name)}?subject=${seg(c.subject)}`, {method: 'DELETE'});
      toast(`Consumer '${c.name}' deleted`);
    } catch (error) {
      toast(`The hub refused: ${error.message}`, 'error');
    }
    this.load();
  }
}

function lagText(lag) {
  if (!lag) return '—';
  const events = `${lag.events}${lag.atLeast ? '+' : ''} event${lag.events === 1 ? '' : 's'}`;
  return lag.events === 0 ? 'caught up' : `${events}, ${Math.round(lag.seconds)} s`;
}

function failure(error) {
  if (error?.forbidden) {
    return notice('warn', 'The consumer list needs a token with the admin scope.', `The hub said: ${error.message}. `,
        h('code', {text: 'bin/hub token --console'}), ' makes a token with every scope.');
  }
  if (error?.unauthorized) return notice('error', 'The hub refused the token.', error.message);
  return notice('error', 'The hub did not answer.', error?.message ?? String(error));
}
