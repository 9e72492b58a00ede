// The console's entry point: the token, the views behind the tabs, the connection indicator.

import {api, onUnauthorized} from './api.js';
import {claims, clearToken, currentToken, maySubscribe, setToken, takeTokenFromLink} from './auth.js';
import {DlqView} from './dlq.js';
import {WebhooksView} from './webhooks.js';
import {dateTime, h, replace, toast} from './dom.js';
import {PluginsView} from './plugins.js';
import {HubStream} from './stream.js';
import {Timeline} from './timeline.js';
import {WorkflowsView} from './workflows.js';
import {ConsumersView} from './consumers.js';
import {ConnectionsView} from './connections.js'; // issue 20

const $ = (id) => document.getElementById(id);
const VIEWS = ['timeline', 'workflows', 'dlq', 'plugins', 'webhooks', 'consumers', 'connections'];

const stream = new HubStream();

const timeline = new Timeline($('view-timeline'), stream);
const workflows = new WorkflowsView($('view-workflows'), stream);
const dlq = new DlqView($('view-dlq'), stream, $('dlq-badge'));
const plugins = new PluginsView($('view-plugins'), {
  onWatch: (category) => {
    timeline.watch(category);
    location.hash = '#timeline';
  },
  onCatalog: (categories) => timeline.setCatalog(categories),
});
const webhooks = new WebhooksView($('view-webhooks'), stream);
const consumers = new ConsumersView($('view-consumers'));
const connections = new ConnectionsView($('view-connections'));
const views = {timeline, workflows, dlq, plugins, webhooks, consumers, connections};
let current = null;
let started = false;

function route() {
  const name = location.hash.replace(/^#/, '').split('&')[0];
  const view = VIEWS.includes(name) ? name : 'timeline';
  if (view === current) return;
  if (current) views[current].hide?.();
  current = view;
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${{timeline: 'Timeline', workflows: 'Workflows', dlq: 'Dead letters', plugins: 'Plugins',
    webhooks: 'Webhooks', consumers: 'Consumers', connections: 'Connections'}[view]} · Event hub`;
  if (started) views[view].show();
}

/** Everything that depends on the token: called at start and after each new token. */
function begin() {
  started = true;
  renderTokenButton();
  stream.setToken(currentToken());
  timeline.start();
  workflows.start(maySubscribe('workflow'));
  dlq.start(maySubscribe('dlq'));
  webhooks.start(maySubscribe('webhook'));
  plugins.load();
  views[current].show();
}

// ---- the connection indicator -------------------------------------------------------------------

const LABELS = {
  idle: 'Not connected', connecting: 'Connecting…', live: 'Live', unauthorized: 'Token refused',
  expired: 'Token expired',
};
let countdown = null;

function renderConnection() {
  const box = $('connection');
  const state = stream.state;
  box.dataset.state = state;
  clearInterval(countdown);
  const label = box.querySelector('.label');
  if (state === 'waiting') {
    const tick = () => {
      const s = Math.max(0, Math.ceil((stream.retryAt - Date.now()) / 1000));
      label.textContent = `Reconnecting in ${s} s`;
    };
    tick();
    countdown = setInterval(tick, 500);
  } else {
    label.textContent = LABELS[state] ?? state;
  }
  $('reconnect-now').hidden = state !== 'waiting';
  box.title = state === 'live' ? 'Connected: events arrive as they are recorded'
      : state === 'waiting' ? 'The connection dropped; the console reconnects and replays what it missed' : '';
}

stream.addEventListener('state', renderConnection);
stream.addEventListener('auth', (e) => askForToken(e.detail.message));
stream.addEventListener('protocol-error', (e) => toast(`The hub answered: ${e.detail.message} (${e.detail.code})`, 'error'));
$('reconnect-now').addEventListener('click', () => stream.reconnectNow());

// ---- the token ----------------------------------------------------------------------------------

function renderTokenButton() {
  const c = claims();
  const button = $('token-button');
  if (!currentToken()) {
    button.textContent = 'Sign in';
    button.title = 'Enter a token';
    return;
  }
  button.textContent = c?.sub ? c.sub : 'Token';
  button.title = `Signed in${c?.sub ? ` as ${c.sub}` : ''}${c?.exp ? `, token expires ${dateTime(new Date(c.exp * 1000).toISOString())}` : ''}`
      + `${c?.scope ? `; scopes: ${Array.isArray(c.scope) ? c.scope.join(' ') : c.scope}` : ''}. Click to change it.`;
}

function askForToken(message) {
  const dialog = $('token-dialog');
  const error = $('token-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  $('token-input').value = '';
  $('token-cancel').hidden = !started || !currentToken();
  $('token-forget').hidden = !currentToken();
  if (!dialog.open) dialog.showModal();
  $('token-input').focus();
}

$('token-button').addEventListener('click', () => askForToken(null));
$('token-cancel').addEventListener('click', () => $('token-dialog').close('cancel'));
$('token-forget').addEventListener('click', () => {
  clearToken();
  stream.stop();
  renderTokenButton();
  askForToken('Signed out: the token is forgotten.');
});
$('token-dialog').addEventListener('cancel', (e) => {
  // Escape closes the dialog only when there is a working token to go back to.
  if (!started || !currentToken()) e.preventDefault();
});
$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = $('token-input').value.trim().replace(/^Bearer\s+/i, '');
  if (!token) return;
  const submit = $('token-submit');
  submit.disabled = true;
  try {
    await api('api/categories', {token, quiet: true});
    setToken(token);
    $('token-dialog').close('ok');
    begin();
  } catch (error) {
    $('token-error').hidden = false;
    $('token-error').textContent = error.unauthorized ? `The hub refused this token: ${error.message}`
        : `The token could not be checked: ${error.message}`;
  } finally {
    submit.disabled = false;
  }
});

onUnauthorized((error) => {
  stream.stop();
  askForToken(`The hub refused the token: ${error.message}`);
});

// ---- start --------------------------------------------------------------------------------------

async function main() {
  takeTokenFromLink();
  window.addEventListener('hashchange', () => {
    // A #token= link opened in this tab again: take the new token.
    if (takeTokenFromLink()) {
      if ($('token-dialog').open) $('token-dialog').close('ok');
      route();
      begin();
      return;
    }
    route();
  });
  route();
  renderConnection();
  if (currentToken()) {
    begin();
    return;
  }
  // No token: a hub with authentication switched off answers anyway.
  try {
    await api('api/categories', {token: null, quiet: true});
    begin();
  } catch (error) {
    if (error.unauthorized) askForToken(null);
    else replace($('banners'), h('div', {class: 'notice notice-error', role: 'alert'},
        h('strong', {text: 'The hub cannot be reached.'}), ` ${error.message} Reload the page to try again.`));
  }
}

main();
