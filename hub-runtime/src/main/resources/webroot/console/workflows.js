// Workflow jobs (the workflow plugin's API, docs/sources/workflow.md): the recent jobs, each with its
// progress as a bar of its steps, refreshed live from the `workflow` category.

import {api, seg} from './api.js';
import {ago, dateTime, duration, h, notice, replace, statePill} from './dom.js';

const LIMIT = 20;

export class WorkflowsView {
  #root;
  #stream;
  #jobs = [];
  #error = null;
  #open = new Set();
  #sub = null;
  #visible = false;
  #stale = new Set();
  #timer = null;
  #listStale = false;
  #ticker = null;

  constructor(root, stream) {
    this.#root = root;
    this.#stream = stream;
  }

  /** Watches the workflow category so that jobs move live. */
  start(maySubscribe) {
    this.#sub?.close();
    this.#sub = maySubscribe ? this.#stream.subscribe({categories: ['workflow']}, null, {
      event: (e) => this.#changed(e),
      subscribed: (frame, {resumed}) => { if (resumed) this.#changed(null); },
    }, 'live') : null;
  }

  show() {
    this.#visible = true;
    this.load();
    // Running jobs' elapsed times move on their own.
    this.#ticker ??= setInterval(() => {
      if (this.#visible && !this.#error && this.#jobs.some(j => j.state === 'running')) this.#render();
    }, 5000);
  }

  hide() {
    this.#visible = false;
  }

  // One job changed (or, with null, anything may have): refetch just that, shortly, once per burst.
  #changed(event) {
    if (!this.#visible) return;
    const id = event?.key;
    if (id && this.#jobs.some(j => j.job_id === id) && event.event !== 'job-started') this.#stale.add(id);
    else this.#listStale = true;
    this.#timer ??= setTimeout(() => this.#refreshStale(), 150);
  }

  async #refreshStale() {
    this.#timer = null;
    if (this.#listStale) {
      this.#listStale = false;
      this.#stale.clear();
      await this.load();
      return;
    }
    const ids = [...this.#stale];
    this.#stale.clear();
    const jobs = await Promise.allSettled(ids.map(id => api(`api/workflow/jobs/${seg(id)}`)));
    for (const r of jobs) {
      if (r.status !== 'fulfilled') continue;
      const i = this.#jobs.findIndex(j => j.job_id === r.value.job_id);
      if (i >= 0) this.#jobs[i] = r.value;
    }
    this.#render();
  }

  async load() {
    try {
      const list = await api(`api/workflow/jobs?limit=${LIMIT}`);
      // The list leaves steps out: the bars need them, so read each job (a handful, all local).
      const jobs = await Promise.allSettled((list.jobs ?? []).map(j => api(`api/workflow/jobs/${seg(j.job_id)}`)));
      this.#jobs = jobs.map((r, i) => r.status === 'fulfilled' ? r.value : list.jobs[i]);
      this.#error = null;
    } catch (e) {
      this.#error = e;
    }
    this.#render();
  }

  #render() {
    const head = h('div', {class: 'view-head'},
        h('h1', {text: 'Workflows'}),
        h('span', {class: 'muted small', text: `the ${LIMIT} most recent jobs, newest first`}),
        h('button', {type: 'button', class: 'secondary', onclick: () => this.load()}, 'Refresh'));
    if (this.#error) {
      replace(this.#root, head, this.#failure(this.#error));
      return;
    }
    if (this.#jobs.length === 0) {
      replace(this.#root, head, h('div', {class: 'card empty-card'}, h('strong', {text: 'No jobs yet.'}),
          h('span', {class: 'muted'}, ' Report one with ', h('code', {text: 'POST /api/workflow/jobs'}),
              ' and its steps move here live.')));
      return;
    }
    replace(this.#root, head, h('div', {class: 'jobs', id: 'jobs'}, this.#jobs.map(j => this.#job(j))));
  }

  #failure(error) {
    if (error.notFound) {
      return notice('warn', 'Workflows are not available.', 'The workflow plugin is not running on this hub.');
    }
    if (error.forbidden) {
      return notice('warn', 'Your token may not read workflows.', `The hub said: ${error.message}. It needs subscribe:workflow.`);
    }
    return notice('error', 'The workflow jobs could not be read.', error.message);
  }

  #job(job) {
    const open = this.#open.has(job.job_id);
    const total = job.total_steps ?? job.steps?.length ?? 0;
    const finished = job.finished_steps ?? 0;
    const elapsed = job.state === 'running' && job.started_at ? Date.now() - Date.parse(job.started_at) : job.duration_ms ?? job.elapsed_ms;
    return h('article', {class: `card job job-${job.state}`, dataset: {job: job.job_id, state: job.state}},
        h('header', {class: 'job-head'},
            h('button', {type: 'button', class: 'link job-name', title: 'Show the steps', 'aria-expanded': String(open),
              onclick: () => this.#toggle(job.job_id)}, job.name ?? job.job_id),
            h('span', {class: 'mono muted small', text: job.job_id}),
            h('span', {class: 'spacer'}),
            statePill(job.state)),
        stepBar(job),
        job.steps?.length && job.steps.length <= 12
            ? h('div', {class: 'steplabels', 'aria-hidden': 'true'}, job.steps.map(st => h('span', {title: st.step, text: st.step})))
            : null,
        h('div', {class: 'job-meta muted small'},
            h('span', {class: 'progress-text', text: `${finished} of ${total} step${total === 1 ? '' : 's'} finished · ${job.percent_done ?? 0}%`}),
            h('span', {text: `${job.state === 'running' ? 'running for' : 'took'} ${duration(elapsed)}`}),
            h('span', {title: dateTime(job.started_at), text: `started ${ago(job.started_at)}`}),
            job.error ? h('span', {class: 'error', text: job.error}) : null,
            job.output ? h('span', {text: job.output}) : null),
        open ? stepTable(job) : null);
  }

  #toggle(id) {
    if (this.#open.has(id)) this.#open.delete(id);
    else this.#open.add(id);
    this.#render();
  }
}

/** The job's progress: one segment per step, in step order, coloured by the step's state. */
function stepBar(job) {
  const steps = job.steps;
  const bar = h('div', {class: 'stepbar', role: 'img'});
  if (!steps) {
    // A job read from the list only: segments by state, from its counts.
    const counts = job.counts ?? {};
    for (const state of ['succeeded', 'failed', 'cancelled', 'skipped', 'running', 'pending']) {
      for (let i = 0; i < (counts[state] ?? 0); i++) bar.append(h('span', {class: `seg step-${state}`, title: state}));
    }
  } else {
    for (const s of steps) {
      const took = s.duration_ms != null ? ` in ${duration(s.duration_ms)}` : '';
      bar.append(h('span', {class: `seg step-${s.state}`, dataset: {step: s.step, state: s.state},
        title: `${s.step}: ${s.state}${took}${s.attempts > 1 ? ` (attempt ${s.attempts})` : ''}`}));
    }
  }
  if (!bar.childElementCount) bar.append(h('span', {class: 'seg seg-empty', title: 'no steps yet'}));
  bar.setAttribute('aria-label', `${job.finished_steps ?? 0} of ${job.total_steps ?? 0} steps finished`);
  return bar;
}

function stepTable(job) {
  if (!job.steps?.length) return h('p', {class: 'muted small', text: 'No steps reported yet.'});
  return h('div', {class: 'table-wrap'}, h('table', {class: 'table steps'},
      h('thead', null, h('tr', null, ['Step', 'State', 'Attempts', 'Started', 'Duration', 'Output / error'].map(t => h('th', {text: t})))),
      h('tbody', null, job.steps.map(s => h('tr', {dataset: {step: s.step}},
          h('td', {class: 'mono', text: s.step}),
          h('td', null, statePill(s.state)),
          h('td', {class: 'num', text: s.attempts}),
          h('td', {text: s.started_at ? dateTime(s.started_at) : '—'}),
          h('td', {text: duration(s.duration_ms)}),
          h('td', {class: s.error ? 'error' : 'muted', text: s.error ?? s.output ?? ''}))))));
}
