// Small DOM and formatting helpers. Everything that comes from the hub (event data, keys, reasons) is
// untrusted: it only ever reaches the page as text (textContent), never as HTML.

/**
 * Creates an element: h('button', {class: 'primary', onclick: fn}, 'Save').
 * Attributes: class, text, dataset (object), on<event> (listener), anything else as an attribute;
 * null, undefined and false are left out. Children: nodes or text; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of {@code el}. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** 14:03:07.412 in local time. */
export function clockTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso ?? '';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 2026-11-21 14:03:07 in local time. */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 min ago", "2 h ago", "just now". */
export function ago(iso, now = Date.now()) {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** 850 ms, 5.2 s, 3 min 05 s, 2 h 10 min. */
export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(Math.floor(s % 60))} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}

/** Compact one-line JSON, cut to {@code max} characters. */
export function preview(value, max = 160) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text == null) return '';
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Pretty JSON for an expanded view. */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

// Categories get stable colours from their name, so "dlq" looks the same in every view and session.
const HUES = [212, 262, 152, 28, 340, 190, 48, 292, 110, 4];

/** A CSS hue for a category name. */
export function hueOf(name) {
  let hash = 0;
  for (const ch of name ?? '') hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[hash % HUES.length];
}

/** A coloured pill naming a category. */
export function categoryPill(name) {
  const pill = h('span', {class: 'pill category', text: name});
  pill.style.setProperty('--hue', hueOf(name));
  return pill;
}

/**
 * A pill for a state (running, failed, parked...): its colour comes from the stylesheet, or from
 * {@code tone} (ok, warn, error, info) where the same word means something else (a running plugin is
 * healthy, a running job is in progress).
 */
export function statePill(state, tone) {
  return h('span', {class: `pill state state-${tone ?? state}`, text: state});
}

/** Calls {@code fn} once calls have stopped for {@code ms}, with the latest arguments. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Splits "a, b c" into ["a", "b", "c"]. */
export function words(text) {
  return (text ?? '').split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
}

/** A short transient message in the corner. kind: info, ok, error. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const el = h('div', {class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status'}, message);
  box.append(el);
  setTimeout(() => el.classList.add('leaving'), 4500);
  setTimeout(() => el.remove(), 5000);
}

/** A note shown in place of a view's content (forbidden, plugin not running, hub unreachable). */
export function notice(kind, title, ...body) {
  return h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : null},
      h('strong', {text: title}), body.length ? h('div', null, ...body) : null);
}
