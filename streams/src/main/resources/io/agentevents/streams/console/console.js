// The eventbus web console: plain JavaScript, no build step. Every view reads the query API's JSON;
// the live stream (/console/events, Server-Sent Events) says when to read again. Text from events is
// always set as text (never as HTML).
'use strict';

const DOMAINS = ['plan', 'decision', 'actor', 'tool', 'resource', 'sandbox', 'validation', 'session', 'budget',
  'invariant', 'context'];
const PAGE_SIZE = 50;
const STATUSES = ['created', 'running', 'paused', 'completed', 'failed', 'cancelled', 'unknown'];
const state = { view: null, params: {}, health: null, rates: null, events: null, inFlight: false, again: false };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } },
    options || {}));
  let body = null;
  try { body = await response.json(); } catch (e) { body = { error: 'not JSON (' + response.status + ')' }; }
  // the health messages say more (state, missing topics): a 503 only fills a banner they have not
  if (response.status === 503 && document.getElementById('banner').hidden) showCatchingUp(body && body.error);
  return { status: response.status, body };
}

function when(time) {
  if (!time) return '';
  const at = new Date(time);
  const seconds = Math.round((Date.now() - at.getTime()) / 1000);
  const ago = seconds < 60 ? seconds + ' s ago' : seconds < 3600 ? Math.round(seconds / 60) + ' min ago'
    : Math.round(seconds / 3600) + ' h ago';
  return at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') + ' (' + ago + ')';
}

function statusBadge(status) {
  return el('span', { class: 'status ' + (status || 'unknown'), 'data-testid': 'status' }, status || 'unknown');
}

function bar(used, allocated, label) {
  const share = allocated > 0 ? Math.min(1, used / allocated) : 0;
  const fill = el('span', {});
  fill.style.width = Math.round(share * 100) + '%'; // set through the DOM: the page's CSP allows no inline style
  return el('div', { class: 'bar' + (allocated > 0 && used > allocated ? ' over' : ''), role: 'img',
    'aria-label': label + ': ' + Math.round(share * 100) + '%' }, fill);
}

function number(value) {
  return typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : '';
}

function main() { return document.getElementById('main'); }

function show(...children) {
  const target = main();
  target.replaceChildren(...children);
}

function message(text, testId) {
  return el('div', { class: 'empty card', 'data-testid': testId || 'message' }, text);
}

// ---- health and the catching-up banner ------------------------------------------------------------

function showCatchingUp(reason) {
  const banner = document.getElementById('banner');
  banner.className = 'banner';
  banner.replaceChildren(el('strong', { 'data-testid': 'catching-up' }, 'Catching up. '),
    reason || 'The projections are restoring their state; the views fill in as soon as they are running.');
  banner.hidden = false;
}

function onHealth(health) {
  const wasCatchingUp = state.health !== null && state.health.status !== 'RUNNING';
  state.health = health;
  const banner = document.getElementById('banner');
  if (health.status !== 'RUNNING') {
    showCatchingUp('The projections are ' + health.status + ' (Kafka Streams ' + health.streamsState + ')'
      + (health.waitingForTopics ? ', waiting for the topics ' + health.waitingForTopics.join(', ') : '')
      + '; the views fill in as soon as they are running.');
  } else {
    banner.hidden = true;
    if (wasCatchingUp) scheduleRefresh(); // the views read while catching up are empty: read them again
  }
  if (state.view === 'health') renderHealth();
}

function renderHealth() {
  const health = state.health;
  if (!health) { show(message('Waiting for the first health report…')); return; }
  const skipped = health.skipped || {};
  show(el('section', { class: 'card', 'aria-labelledby': 'health-title' },
    el('h2', { id: 'health-title' }, 'Health'),
    el('dl', { class: 'facts', 'data-testid': 'health' },
      el('dt', {}, 'status'), el('dd', { 'data-testid': 'health-status' }, health.status),
      el('dt', {}, 'Kafka Streams'), el('dd', {}, health.streamsState),
      el('dt', {}, 'instance'), el('dd', {}, health.instance),
      el('dt', {}, 'input lag (records)'), el('dd', { 'data-testid': 'lag' }, number(health.lag)),
      el('dt', {}, 'internal lag (records)'), el('dd', {}, number(health.internalLag)),
      ...Object.entries(skipped).flatMap(([reason, count]) => [el('dt', {}, 'skipped: ' + reason),
        el('dd', { 'data-testid': 'skipped-' + reason }, number(count))]))));
}

// ---- plans ----------------------------------------------------------------------------------------

async function renderPlans() {
  const params = state.params;
  const offset = Number(params.offset || 0);
  const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE) });
  if (params.status) query.set('status', params.status);
  if (params.q) query.set('q', params.q);
  const { status, body } = await api('/console/api/roots?' + query);
  if (state.view !== 'plans') return;
  if (status === 503) { show(message('Catching up: the plans appear when the projections are running.', 'catching-up-view')); return; }
  if (status !== 200) { show(message('The plans cannot be read: ' + body.error, 'error')); return; }
  // the heading and the filter are made once per view, so a live update never takes what the user is typing
  const key = JSON.stringify([params.status || '', params.q || '']);
  let results = document.getElementById('plans-results');
  if (!results || results.dataset.key !== key) {
    const filter = el('form', { class: 'row card', role: 'search', onsubmit: event => {
      event.preventDefault();
      const form = event.target;
      go('#/?' + new URLSearchParams({ status: form.status.value, q: form.q.value.trim() }));
    } },
    el('label', {}, 'Status ', el('select', { name: 'status', 'data-testid': 'status-filter' },
      el('option', { value: '' }, 'any'),
      ...STATUSES.map(name => el('option', { value: name, selected: name === params.status }, name)))),
    el('label', {}, 'Text ', el('input', { name: 'q', type: 'search', value: params.q || '', placeholder: 'plan id, phase, event type',
      'data-testid': 'text-filter' })),
    el('button', { type: 'submit' }, 'Filter'));
    results = el('div', { id: 'plans-results', 'data-key': key });
    show(el('h2', {}, 'Plans'), filter, results);
  }
  const counts = el('p', { class: 'muted', 'data-testid': 'plan-counts' }, body.total + ' plan trees: '
    + Object.entries(body.byStatus).map(([name, count]) => count + ' ' + name).join(', '));
  const rows = body.roots.map(root => el('tr', { 'data-testid': 'plan-row', 'data-plan-id': root.planId },
    el('td', {}, el('a', { href: '#/plan/' + encodeURIComponent(root.planId), class: 'mono' }, root.planId)),
    el('td', {}, statusBadge(root.status)),
    el('td', {}, root.phase || ''),
    el('td', {}, subPlans(root)),
    el('td', {}, bar(root.budgetConsumed, root.budgetAllocated, 'budget used'),
      el('span', { class: 'muted' }, number(root.budgetConsumed) + ' / ' + number(root.budgetAllocated))),
    el('td', { class: 'num' }, number(root.decisions)),
    el('td', { class: 'num' }, number(root.toolCalls) + (root.toolFailures ? ' (' + root.toolFailures + ' failed)' : '')),
    el('td', {}, root.lastEventType || '', el('br'), el('span', { class: 'muted' }, when(root.lastEventAt)))));
  const table = rows.length === 0
    ? message(body.total === 0 ? 'No plans yet. Emit a plan.created event (or run eventbus demo) and it appears here at once.'
      : 'No plan matches this filter.', 'empty')
    : el('table', { 'data-testid': 'plans' },
      el('caption', { class: 'muted' }, 'Root plans, newest first'),
      el('thead', {}, el('tr', {}, ...['Plan', 'Status', 'Phase', 'Sub-plans', 'Budget used / allocated', 'Decisions',
        'Tool calls', 'Last event'].map(name => el('th', { scope: 'col' }, name)))),
      el('tbody', {}, rows));
  const last = Math.min(offset + PAGE_SIZE, body.matching);
  const pager = el('div', { class: 'row', 'data-testid': 'pager' },
    el('button', { type: 'button', disabled: offset === 0, onclick: () => page(Math.max(0, offset - PAGE_SIZE)) }, '← Newer'),
    el('span', { 'data-testid': 'page-info' }, body.matching === 0 ? '0 plans' : (offset + 1) + '–' + last + ' of ' + body.matching),
    el('button', { type: 'button', disabled: last >= body.matching, onclick: () => page(offset + PAGE_SIZE) }, 'Older →'));
  results.replaceChildren(counts, table, pager);
}

function subPlans(root) {
  const done = (root.subPlansByStatus.completed || 0);
  const failed = (root.subPlansByStatus.failed || 0) + (root.subPlansByStatus.cancelled || 0);
  return el('div', {}, bar(done, root.subPlans, 'sub-plans completed'),
    el('span', { class: 'muted' }, root.subPlans === 0 ? 'none' : done + ' of ' + root.subPlans + ' done'
      + (failed ? ', ' + failed + ' failed' : '')));
}

function page(offset) {
  const params = Object.assign({}, state.params, { offset: String(offset) });
  go('#/?' + new URLSearchParams(params));
}

// ---- one plan -------------------------------------------------------------------------------------

async function renderPlan() {
  const planId = state.params.planId;
  const one = await api('/plans/' + encodeURIComponent(planId));
  if (state.view !== 'plan' || state.params.planId !== planId) return;
  if (one.status === 503) { show(message('Catching up: this plan appears when the projections are running.', 'catching-up-view')); return; }
  if (one.status !== 200) { show(message('No such plan: ' + one.body.error, 'error')); return; }
  const plan = one.body.plan;
  const root = plan.rootPlanId || plan.planId;
  const [tree, trail] = await Promise.all([
    api('/plans?rootPlanId=' + encodeURIComponent(root)),
    api('/console/api/audit?planId=' + encodeURIComponent(planId))]);
  if (state.view !== 'plan' || state.params.planId !== planId) return;
  state.tree = new Set((tree.status === 200 ? tree.body.plans : [plan]).map(p => p.planId));
  state.tree.add(planId);
  const decisions = Object.entries(plan.decisionsByOutcome || {});
  show(
    el('p', {}, el('a', { href: '#/' }, '← All plans')),
    el('section', { class: 'card', 'aria-labelledby': 'plan-title' },
      el('h2', { id: 'plan-title' }, 'Plan ', el('span', { class: 'mono', 'data-testid': 'plan-id' }, plan.planId)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'status'), el('dd', {}, statusBadge(plan.status)),
        el('dt', {}, 'phase'), el('dd', { 'data-testid': 'phase' }, plan.phase || '—'),
        el('dt', {}, 'root plan'), el('dd', {}, el('a', { href: '#/plan/' + encodeURIComponent(root), class: 'mono' }, root)),
        el('dt', {}, 'created'), el('dd', {}, when(plan.createdAt)),
        el('dt', {}, 'last event'), el('dd', {}, plan.lastEvent ? plan.lastEvent.eventType + ', ' + when(plan.lastEvent.timestamp) : '—'),
        el('dt', {}, 'budget'), el('dd', {}, bar(plan.budgetConsumed, plan.budgetAllocated, 'budget used'),
          number(plan.budgetConsumed) + ' of ' + number(plan.budgetAllocated) + ' used'),
        el('dt', {}, 'decisions'), el('dd', { 'data-testid': 'decisions' },
          decisions.length === 0 ? 'none' : decisions.map(([outcome, count]) => outcome + ' ' + count).join(', ')),
        el('dt', {}, 'tool calls'), el('dd', { 'data-testid': 'tool-calls' }, plan.toolCalls + ' (' + plan.toolFailures + ' failed)'),
        el('dt', {}, 'freshness'), el('dd', { class: 'mono', 'data-testid': 'freshness' },
          Object.entries(one.body.offsets || {}).map(([position, offset]) => position + ' @ ' + offset).join(', ')
          + (one.body.servedBy ? ' (served by ' + one.body.servedBy + ')' : '')))),
    el('section', { class: 'card', 'aria-labelledby': 'tree-title' },
      el('h3', { id: 'tree-title' }, 'Plan tree'),
      tree.status === 200 ? planTree(tree.body.plans, root, planId)
        : tree.status === 404 ? planTree([plan], plan.planId, planId) // a plan no tree index names yet: itself alone
          : message('The tree cannot be read: ' + tree.body.error)),
    el('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
      el('h3', { id: 'timeline-title' }, 'Timeline (audit trail)'),
      trail.status === 200 ? timeline(trail.body) : message('The audit trail cannot be read: ' + trail.body.error)));
}

function planTree(plans, root, current) {
  const byId = new Map(plans.map(p => [p.planId, p]));
  const seen = new Set();
  const node = id => {
    if (seen.has(id)) return null;
    seen.add(id);
    const plan = byId.get(id);
    const children = plan ? plan.childPlanIds : [];
    return el('li', { 'data-testid': 'tree-node' },
      el('a', { href: '#/plan/' + encodeURIComponent(id), class: 'mono', 'aria-current': id === current ? 'page' : null },
        id === current ? el('strong', {}, id) : id), ' ',
      plan ? statusBadge(plan.status) : el('span', { class: 'muted' }, '(not folded yet)'),
      plan && plan.phase ? el('span', { class: 'muted' }, ' · ' + plan.phase) : null,
      children.length ? el('ul', { class: 'tree' }, children.map(node)) : null);
  };
  return el('ul', { class: 'tree' }, node(root));
}

function timeline(body) {
  if (body.entries.length === 0) return message('No events yet.');
  return el('table', { 'data-testid': 'timeline' },
    el('thead', {}, el('tr', {}, ...['Time', 'Type', 'Source', 'Plan', 'Details', 'Trace'].map(name => el('th', { scope: 'col' }, name)))),
    el('tbody', {}, body.entries.map(entry => el('tr', { 'data-testid': 'timeline-entry', 'data-event-id': entry.eventId },
      el('td', { class: 'mono' }, when(entry.timestamp)),
      el('td', { 'data-testid': 'entry-type' }, entry.eventType),
      el('td', {}, entry.source),
      el('td', { class: 'mono' }, entry.planId || ''),
      el('td', {}, el('code', {}, details(entry.event))),
      el('td', { class: 'mono' }, entry.traceId ? entry.traceId.slice(0, 12) + '…' : '')))),
    body.dropped ? el('caption', { class: 'muted' }, body.dropped + ' older entries dropped by retention') : null);
}

function details(event) {
  const details = event && event.details ? event.details : {};
  const text = JSON.stringify(details);
  return text.length > 240 ? text.slice(0, 240) + '…' : text;
}

// ---- live events ---------------------------------------------------------------------------------

async function renderEvents() {
  if (!state.events) {
    const { status, body } = await api('/console/api/events');
    state.events = status === 200 ? body.events : [];
  }
  if (state.view !== 'events') return;
  const newest = state.events.slice().reverse();
  show(el('h2', {}, 'Live events'),
    el('p', { class: 'muted' }, 'The latest ' + newest.length + ' events as they are emitted (type, source, plan; details stay in the plan\'s timeline).'),
    newest.length === 0 ? message('No event seen since the console started; emit one and it shows here at once.', 'empty')
      : el('table', { 'data-testid': 'events' },
        el('thead', {}, el('tr', {}, ...['Time', 'Type', 'Source', 'Plan', 'Correlation', 'Position'].map(name => el('th', { scope: 'col' }, name)))),
        el('tbody', {}, newest.map(event => el('tr', { 'data-testid': 'event', 'data-event-id': event.eventId },
          el('td', { class: 'mono' }, when(event.timestamp)),
          el('td', {}, event.eventType),
          el('td', {}, event.source),
          el('td', {}, event.planId ? el('a', { href: '#/plan/' + encodeURIComponent(event.planId), class: 'mono' }, event.planId) : ''),
          el('td', { class: 'mono' }, event.correlationId),
          el('td', { class: 'mono' }, event.topic + '-' + event.partition + '@' + event.offset))))));
}

function onEvents(message) {
  state.events = (state.events || []).concat(message.events).slice(-200);
  if (state.view === 'events') renderEvents();
}

// ---- rates ----------------------------------------------------------------------------------------

async function renderRates() {
  if (!state.rates) {
    const { status, body } = await api('/console/api/rates');
    if (status === 200) state.rates = body;
  }
  if (state.view !== 'rates') return;
  const rates = state.rates;
  if (!rates) { show(message('Catching up: the rates appear when the projections are running.', 'catching-up-view')); return; }
  const from = Date.parse(rates.from);
  const to = Date.parse(rates.to);
  const charts = rates.types.map(type => {
    const max = Math.max(1, ...type.windows.map(w => w.count));
    const points = type.windows.map(w => {
      const x = 4 + (Date.parse(w.windowStart || w.start) - from) / Math.max(1, to - from) * 292;
      const y = 84 - w.count / max * 76;
      return [Math.round(x * 10) / 10, Math.round(y * 10) / 10, w.count];
    });
    const chart = svg('svg', { viewBox: '0 0 300 90', role: 'img', 'aria-label': type.type + ' events per minute' });
    chart.appendChild(svg('line', { x1: 0, y1: 85, x2: 300, y2: 85, stroke: '#dde1e8' }));
    chart.appendChild(svg('polyline', { points: points.map(p => p[0] + ',' + p[1]).join(' ') }));
    for (const p of points) {
      const dot = svg('circle', { cx: p[0], cy: p[1], r: 2.5, 'data-testid': 'rate-point' });
      const title = svg('title', {});
      title.textContent = p[2] + ' events';
      dot.appendChild(title);
      chart.appendChild(dot);
    }
    const total = type.windows.reduce((sum, w) => sum + w.count, 0);
    return el('figure', { class: 'card chart', 'data-testid': 'rate-chart', 'data-type': type.type },
      el('figcaption', {}, el('strong', {}, type.type), el('span', { class: 'muted' }, ' · ' + total + ' in 15 min, max ' + max + '/min')),
      chart);
  });
  show(el('h2', {}, 'Event rates'), el('p', { class: 'muted' }, 'Events per one-minute window over the last 15 minutes, per type; updated live.'),
    charts.length ? el('div', { class: 'charts' }, charts) : message('No events in the last 15 minutes.', 'empty'));
}

// ---- dead letters ---------------------------------------------------------------------------------

async function renderDeadLetters() {
  const domain = state.params.domain || 'tool';
  const picker = el('form', { class: 'row card', onsubmit: event => { event.preventDefault(); } },
    el('label', {}, 'Domain ', el('select', { 'data-testid': 'domain', onchange: event => go('#/dead-letters?domain=' + event.target.value) },
      DOMAINS.map(name => el('option', { value: name, selected: name === domain }, name)))));
  show(el('h2', {}, 'Dead letters'), picker, message('Reading the ' + domain + ' dead letters…', 'loading'));
  const { status, body } = await api('/console/api/dead-letters?domain=' + encodeURIComponent(domain));
  if (state.view !== 'dead-letters' || (state.params.domain || 'tool') !== domain) return;
  if (status !== 200) { show(el('h2', {}, 'Dead letters'), picker, message(body.error, 'error')); return; }
  const rows = body.letters.map(letter => el('tr', { 'data-testid': 'dead-letter', 'data-position': position(letter) },
    el('td', { class: 'mono' }, when(letter.time)),
    el('td', {}, letter.eventType || '?'),
    el('td', { 'data-testid': 'reason' }, letter.reason),
    el('td', {}, letter.errorClass + (letter.errorMessage ? ': ' + letter.errorMessage : '')),
    el('td', { class: 'num' }, letter.attempts),
    el('td', {}, letter.group),
    el('td', {}, el('div', { class: 'row' },
      el('button', { type: 'button', 'data-testid': 'inspect', onclick: () => inspect(letter) }, 'Inspect'),
      el('button', { type: 'button', class: 'primary', 'data-testid': 'replay', disabled: !letter.source,
        title: letter.source ? 'Re-publish to ' + letter.source : 'Its source is unknown: it cannot be replayed',
        onclick: () => replay(letter, domain) }, 'Replay')))));
  show(el('h2', {}, 'Dead letters'), picker,
    el('p', { class: 'muted', 'data-testid': 'dead-letter-summary' }, body.letters.length + ' in ' + body.topic
      + (body.replayed ? ' (' + body.replayed + ' replayed from here, not shown)' : '')),
    rows.length === 0 ? message('No dead letters in ' + body.topic + '.', 'empty')
      : el('table', { 'data-testid': 'dead-letters' },
        el('thead', {}, el('tr', {}, ...['Dead-lettered', 'Type', 'Reason', 'Error', 'Attempts', 'Group', ''].map(name =>
          el('th', { scope: 'col' }, name)))),
        el('tbody', {}, rows)),
    el('div', { id: 'letter', 'aria-live': 'polite' }));
}

function position(letter) { return letter.topic + '/' + letter.partition + '/' + letter.offset; }

function letterPath(letter) {
  return '/console/api/dead-letters/' + [letter.topic, letter.partition, letter.offset].map(encodeURIComponent).join('/');
}

async function inspect(letter) {
  const { status, body } = await api(letterPath(letter));
  const target = document.getElementById('letter');
  if (!target) return;
  target.replaceChildren(status !== 200 ? message(body.error, 'error') : el('section', { class: 'card', 'data-testid': 'letter' },
    el('h3', {}, 'Dead letter ', el('span', { class: 'mono' }, position(body))),
    el('dl', { class: 'facts' },
      el('dt', {}, 'event id'), el('dd', { class: 'mono' }, body.eventId || '?'),
      el('dt', {}, 'key'), el('dd', { class: 'mono' }, body.key || ''),
      el('dt', {}, 'source'), el('dd', { class: 'mono' }, body.source || 'unknown'),
      el('dt', {}, 'reason'), el('dd', {}, body.reason)),
    el('h4', {}, 'Headers'), el('pre', {}, Object.entries(body.headers).map(([k, v]) => k + ': ' + v).join('\n')),
    el('h4', {}, 'Event'), el('pre', { 'data-testid': 'letter-event' }, body.event ? JSON.stringify(body.event, null, 2) : 'not decodable')));
}

async function replay(letter, domain) {
  if (!window.confirm('Replay ' + (letter.eventType || 'this record') + ' to ' + letter.source
    + '? Every consumer group of that topic sees the event again.')) return;
  const { status, body } = await api(letterPath(letter) + '/replay', { method: 'POST', headers: { Accept: 'application/json', 'X-Eventbus-Confirm': 'replay' } });
  // the result of an action has a place of its own: the health messages manage the catching-up banner
  const notice = document.getElementById('notice');
  if (status === 200) {
    notice.className = 'banner';
    notice.replaceChildren(el('span', { 'data-testid': 'replayed' }, 'Replayed ' + body.replayed + ' to ' + body.landed + '.'));
  } else {
    notice.className = 'banner error';
    notice.replaceChildren(el('span', { 'data-testid': 'replay-error' }, 'Not replayed: ' + body.error));
  }
  notice.hidden = false;
  if (state.view === 'dead-letters') renderDeadLetters();
}

// ---- routing, live stream -------------------------------------------------------------------------

function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }

function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  if (path.startsWith('/plan/')) return { view: 'plan', params: Object.assign(params, { planId: decodeURIComponent(path.slice(6)) }) };
  if (path === '/rates') return { view: 'rates', params };
  if (path === '/events') return { view: 'events', params };
  if (path === '/dead-letters') return { view: 'dead-letters', params };
  if (path === '/health') return { view: 'health', params };
  return { view: 'plans', params };
}

function render() {
  const route = parseRoute();
  if (route.view !== state.view) document.getElementById('notice').hidden = true;
  if (route.view !== state.view) show(message('Loading…', 'loading'));
  state.view = route.view;
  state.params = route.params;
  for (const link of document.querySelectorAll('nav a')) {
    const current = link.dataset.view === route.view || (route.view === 'plan' && link.dataset.view === 'plans');
    if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  return refreshView();
}

async function refreshView() {
  try {
    if (state.view === 'plans') await renderPlans();
    else if (state.view === 'plan') await renderPlan();
    else if (state.view === 'rates') await renderRates();
    else if (state.view === 'events') await renderEvents();
    else if (state.view === 'dead-letters') await renderDeadLetters();
    else renderHealth();
  } catch (error) {
    show(message('The console cannot reach the projections: ' + error.message, 'error'));
  }
}

// one read at a time; changes arriving meanwhile make one more read afterwards
function scheduleRefresh() {
  if (state.inFlight) { state.again = true; return; }
  state.inFlight = true;
  refreshView().finally(() => {
    state.inFlight = false;
    if (state.again) { state.again = false; scheduleRefresh(); }
  });
}

function onPlans(change) {
  if (state.view === 'plans') scheduleRefresh();
  else if (state.view === 'plan' && (change.all || (change.plans || []).some(id => state.tree && state.tree.has(id)))) scheduleRefresh();
}

function connect() {
  const live = document.getElementById('live');
  const stream = new EventSource('/console/events');
  stream.onopen = () => { live.textContent = 'live'; live.className = 'pill live'; };
  stream.onerror = () => { live.textContent = 'reconnecting'; live.className = 'pill down'; };
  stream.addEventListener('plans', event => onPlans(JSON.parse(event.data)));
  stream.addEventListener('health', event => onHealth(JSON.parse(event.data)));
  stream.addEventListener('events', event => onEvents(JSON.parse(event.data)));
  stream.addEventListener('rates', event => {
    state.rates = JSON.parse(event.data);
    if (state.view === 'rates') renderRates();
  });
}

window.addEventListener('hashchange', () => { render(); main().focus({ preventScroll: true }); });
document.addEventListener('DOMContentLoaded', () => { connect(); render(); });
