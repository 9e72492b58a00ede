// Plugins and the event catalog: GET /api/plugins (needs admin), GET /api/categories, GET /ready.

import {api} from './api.js';
import {categoryPill, h, notice, replace, statePill} from './dom.js';

export class PluginsView {
  #root;
  #onWatch;
  #onCatalog;
  #loading = null;

  /**
   * @param onWatch called with a category name when "Watch in timeline" is clicked
   * @param onCatalog called with the categories each time they are loaded
   */
  constructor(root, {onWatch, onCatalog}) {
    this.#root = root;
    this.#onWatch = onWatch;
    this.#onCatalog = onCatalog;
    replace(root, h('div', {class: 'muted', text: 'Loading…'}));
  }

  show() {
    this.load();
  }

  /** Loads the catalog (also for the timeline's quick filters) and, when shown, the plugin list. */
  load() {
    this.#loading ??= this.#load().finally(() => { this.#loading = null; });
    return this.#loading;
  }

  async #load() {
    const [plugins, categories, ready] = await Promise.allSettled([
      api('api/plugins'), api('api/categories'), readiness()]);
    if (categories.status === 'fulfilled') this.#onCatalog(categories.value.categories ?? []);
    replace(this.#root,
        h('div', {class: 'view-head'},
            h('h1', {text: 'Plugins & catalog'}),
            h('button', {type: 'button', class: 'secondary', onclick: () => this.load()}, 'Refresh')),
        this.#summary(ready, plugins),
        h('section', {class: 'card', 'aria-labelledby': 'plugins-title'},
            h('h2', {id: 'plugins-title', text: 'Plugins'}),
            plugins.status === 'fulfilled' ? this.#pluginTable(plugins.value.plugins ?? []) : failure(plugins.reason,
                'The plugin list needs a token with the admin scope.')),
        h('section', {'aria-labelledby': 'catalog-title'},
            h('h2', {id: 'catalog-title', class: 'section-title', text: 'Event catalog'}),
            h('p', {class: 'muted small', text: 'The categories the running plugins publish, with their event types. '
                + 'Any other well-formed category can be published too, unless the operator restricts it.'}),
            categories.status === 'fulfilled' ? this.#catalog(categories.value.categories ?? [])
                : failure(categories.reason, 'The catalog could not be read.')));
  }

  #summary(ready, plugins) {
    if (ready.status !== 'fulfilled') return null;
    const r = ready.value;
    const states = {};
    for (const p of (plugins.status === 'fulfilled' ? plugins.value.plugins : r.plugins) ?? []) {
      states[p.state] = (states[p.state] ?? 0) + 1;
    }
    const stat = (label, value, kind) => h('div', {class: `stat ${kind ?? ''}`},
        h('span', {class: 'stat-value', text: value}), h('span', {class: 'stat-label', text: label}));
    return h('div', {class: 'stats'},
        stat('hub', r.status, r.status === 'ready' ? 'ok' : 'warn'),
        stat('running', states.running ?? 0, 'ok'),
        stat('failed', states.failed ?? 0, states.failed ? 'error' : ''),
        stat('stopped', states.stopped ?? 0, ''),
        // In a cluster: placed on one node, running on the leader, not here.
        states.standby ? stat('standby', states.standby, '') : null,
        states.starting ? stat('starting', states.starting, 'warn') : null);
  }

  #pluginTable(plugins) {
    if (plugins.length === 0) return h('p', {class: 'muted', text: 'No plugins are loaded.'});
    const sorted = [...plugins].sort((a, b) => (a.kind ?? 'z').localeCompare(b.kind ?? 'z') || a.name.localeCompare(b.name));
    return h('div', {class: 'table-wrap'}, h('table', {class: 'table', id: 'plugins-table'},
        h('thead', null, h('tr', null, ['Plugin', 'Version', 'Kind', 'State', 'Location'].map(t => h('th', {text: t})))),
        h('tbody', null, sorted.map(p => h('tr', {dataset: {plugin: p.name}},
            h('td', null, h('strong', {text: p.name}),
                p.error ? h('div', {class: 'error small', text: p.error}) : null,
                p.errors ? h('div', {class: 'muted small', text: `${p.errors} uncaught error${p.errors === 1 ? '' : 's'}`}) : null),
            h('td', {class: 'mono nowrap', text: p.version ?? '—'}),
            h('td', {text: p.kind ?? '—'}),
            h('td', {title: p.state === 'standby' ? 'Runs on the cluster\'s leader; this node forwards its requests there' : null},
                statePill(p.state, p.state === 'running' ? 'ok' : null)),
            h('td', {class: 'mono small muted location', title: p.location ?? '', text: shortLocation(p.location)}))))));
  }

  #catalog(categories) {
    if (categories.length === 0) return h('p', {class: 'muted', text: 'No running plugin declares a category.'});
    const sorted = [...categories].sort((a, b) => a.name.localeCompare(b.name));
    return h('div', {class: 'catalog', id: 'catalog'}, sorted.map(c => h('article', {class: 'card category-card',
      dataset: {category: c.name}},
        h('header', null, categoryPill(c.name), h('span', {class: 'muted small', text: `from ${c.plugin}`}),
            h('button', {type: 'button', class: 'link', onclick: () => this.#onWatch(c.name)}, 'Watch in timeline')),
        c.description ? h('p', {text: c.description}) : null,
        h('dl', {class: 'event-types'}, (c.events ?? []).map(e => [
          h('dt', {class: 'mono', text: e.name}), h('dd', {text: e.description})])))));
  }
}

// The last two parts of a path (plugins/websocket, lib/hub-runtime.jar); the whole path is the cell's title.
function shortLocation(location) {
  if (!location) return '—';
  const parts = location.split(/[\\/]/).filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : location;
}

async function readiness() {
  const response = await fetch('ready', {cache: 'no-store'});
  return response.json();
}

function failure(error, forbiddenText) {
  if (error?.forbidden) {
    return notice('warn', forbiddenText, `The hub said: ${error.message}. `,
        h('code', {text: 'bin/hub token --console'}), ' makes a token with every scope.');
  }
  if (error?.unauthorized) return notice('error', 'The hub refused the token.', error.message);
  return notice('error', 'The hub did not answer.', error?.message ?? String(error));
}
