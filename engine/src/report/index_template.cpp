// The index page's fixed text (report/page_template.h): the bundles of a
// corpus, one row each, linking to their pages. The script reads the index
// data (report/index_data.h); what it draws and the keys it takes are
// described in polyalign/report.h. Rows are rendered as they scroll into
// view, as on a bundle page, so that thousands of bundles open at once.
#include "report/page_template.h"

namespace polyalign::report {

const std::string_view kIndexStyle = R"css(.ihead, .brow { display: grid; grid-template-columns: 8.5em minmax(7em, 1fr) 4.5em 5.6em minmax(0, 2.6fr) 12em; gap: 0 .9em; padding: .3em 1em; align-items: baseline; }
.ihead { margin: .4em -1em -.4em; background: #eef1f5; border-top: 1px solid #c5ccd6; font-size: .9em; }
.ihead button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; color: inherit; }
.ihead button.on::after { content: " \25BE"; color: var(--sel); }
.ihead .num, .brow .num { text-align: right; }
.brow { border-bottom: 1px solid var(--line); content-visibility: auto; contain-intrinsic-size: auto 2.2em; }
.brow.sel { outline: 2px solid var(--sel); outline-offset: -2px; background: #f4f7ff; }
.brow a { color: var(--sel); font-weight: 600; text-decoration: none; }
.brow a:hover { text-decoration: underline; }
.brow .langs { overflow-wrap: anywhere; }
.brow .conf { margin-top: 0; }
.fk { display: inline-block; margin-right: .8em; white-space: nowrap; font-size: .9em; }
.fk .swatch { display: inline-block; width: .7em; height: .7em; border-radius: 2px; margin-right: .25em; }
.none { color: #b0b0b0; }
.sevs b { font-variant-numeric: tabular-nums; }
.sevs .error { color: var(--numbers); }
)css";

const std::string_view kIndexHead = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="polyalign">
<title>@TITLE@</title>
<style>
@STYLE@</style>
</head>
<body>
<header id="top">
<h1>@TITLE@</h1>
<div id="summary"></div>
<div id="controls"></div>
<p id="keys">Keys: <kbd>j</kbd>/<kbd>&darr;</kbd> next bundle &middot; <kbd>k</kbd>/<kbd>&uarr;</kbd> previous bundle &middot; <kbd>n</kbd>/<kbd>p</kbd> next/previous bundle with findings &middot; <kbd>Home</kbd>/<kbd>End</kbd> first/last &middot; <kbd>Enter</kbd> open the bundle's page &middot; <kbd>s</kbd> next order &middot; <kbd>f</kbd> next filter &middot; <kbd>Esc</kbd> clear filters &middot; <kbd>?</kbd> hide/show this line</p>
<div class="ihead" id="ihead"></div>
</header>
<main id="rows"></main>
<div id="more"></div>
<script type="application/json" id="report-data">)html";

const std::string_view kIndexScript = R"html(</script>
<script>
(function () {
'use strict';
const D = JSON.parse(document.getElementById('report-data').textContent);
const KINDS = D.kinds, SEV = D.severities;
const CHUNK = 100;  // rows rendered at a time (a screen shows ~25), more as the end of the list comes into view
const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function plural(n, name) { return `${n} ${name}${n === 1 || name === 'info' ? '' : 's'}`; }

// A bundle of the data: [id, href, langs, tuples, confidence, per kind, per severity].
const bundles = D.bundles.map((x, i) => ({
  i: i, id: x[0], href: x[1], langs: x[2], tuples: x[3], conf: x[4], k: x[5], s: x[6],
  n: x[6][0] + x[6][1] + x[6][2],
}));
const perKind = KINDS.map((_, k) => bundles.reduce((a, b) => a + (b.k[k] || 0), 0));
const bySev = [0, 1, 2].map((s) => bundles.reduce((a, b) => a + b.s[s], 0));
const withKind = KINDS.map((_, k) => bundles.filter((b) => b.k[k] > 0).length);

// ---- summary
function summary() {
  const s = $('summary');
  const fig = el('div', 'figures');
  const n = D.summary;
  [['document', n.documents], ['bundle', n.bundles], ['unmatched', n.unmatched],
   ['skipped', n.skipped], ['tuple', n.tuples], ['finding', n.findings]].forEach(([name, v]) => {
    const sp = el('span');
    const label = name === 'unmatched' || name === 'skipped' ? name : plural(v, name).replace(/^\d+ /, '');
    sp.append(el('b', null, String(v)), document.createTextNode(' ' + label));
    sp.dataset.figure = name;
    fig.appendChild(sp);
  });
  s.appendChild(fig);
  const kinds = el('div', 'kinds');
  kinds.id = 'by-kind';
  kinds.appendChild(el('span', 'label', 'findings by kind:'));
  D.checks.forEach((k) => {
    const sp = el('span', 'k-' + KINDS[k]);
    sp.dataset.kind = KINDS[k];
    sp.title = `in ${plural(withKind[k], 'bundle')}`;
    sp.append(el('span', 'swatch k-' + KINDS[k]), document.createTextNode(KINDS[k] + ' '), el('b', null, String(perKind[k])));
    kinds.appendChild(sp);
  });
  const sevs = el('span', 'sevs');
  sevs.textContent = '(' + SEV.map((name, i) => plural(bySev[i], name)).join(', ') + ')';
  kinds.appendChild(sevs);
  if (!D.checks.length) kinds.textContent = 'no checks were run';
  s.appendChild(kinds);
  if (D.unmatched.length || D.skipped.length) {
    const det = el('details');
    det.appendChild(el('summary', null, `${D.unmatched.length} unmatched, ${D.skipped.length} skipped files`));
    const ul = el('ul');
    D.unmatched.forEach((u) => ul.appendChild(el('li', null, `${u.path} (${u.lang}): ${u.reason}`)));
    D.skipped.forEach((u) => ul.appendChild(el('li', null, `${u.path}: ${u.reason}`)));
    det.appendChild(ul);
    s.appendChild(det);
  }
}

// ---- order and filters
const byIndex = (a, b) => a.i - b.i;
const ORDERS = [
  ['bundle', 'bundle order', byIndex],
  ['findings', 'most findings', (a, b) => b.n - a.n || byIndex(a, b)],
  ['errors', 'most errors', (a, b) => b.s[0] - a.s[0] || b.n - a.n || byIndex(a, b)],
  ['confidence', 'lowest confidence', (a, b) => (a.conf === null ? 2 : a.conf) - (b.conf === null ? 2 : b.conf) || byIndex(a, b)],
  ['tuples', 'most tuples', (a, b) => b.tuples - a.tuples || byIndex(a, b)],
];
let order = 0;
const on = new Set();  // 'low' and kind names
let threshold = D.low;
const boxes = new Map();
function controls() {
  const c = $('controls');
  const label = el('label', null, 'order: ');
  const sel = el('select');
  sel.id = 'order';
  ORDERS.forEach(([name, text], i) => sel.appendChild(new Option(text, String(i))));
  sel.addEventListener('change', () => setOrder(Number(sel.value)));
  label.appendChild(sel);
  c.appendChild(label);
  const box = (name, text, cls) => {
    const l = el('label');
    const i = el('input');
    i.type = 'checkbox';
    i.dataset.filter = name;
    i.addEventListener('change', () => { if (i.checked) on.add(name); else on.delete(name); refresh(); });
    boxes.set(name, i);
    l.append(i, el('span', 'swatch ' + cls), document.createTextNode(text));
    c.appendChild(l);
    return l;
  };
  const low = box('low', 'bundle confidence < ', 'low');
  const th = el('input');
  th.type = 'number'; th.id = 'threshold'; th.min = '0'; th.max = '1'; th.step = '0.05';
  th.value = String(threshold);
  th.addEventListener('input', () => {
    const v = Number(th.value);
    if (v >= 0 && v <= 1) { threshold = v; if (on.has('low')) refresh(); }
  });
  low.appendChild(th);
  D.checks.forEach((k) => box(KINDS[k], `${KINDS[k]} (${withKind[k]})`, 'k-' + KINDS[k]));
  c.appendChild(el('span', null, '')).id = 'count';
  // Column heads; a click orders by the column.
  const head = $('ihead');
  [['bundle', 0], ['languages', -1], ['tuples', 4], ['confidence', 3], ['findings', 1], ['severity', 2]].forEach(([text, o]) => {
    const d = el('div', text === 'tuples' ? 'num' : null);
    if (o < 0) { d.textContent = text; head.appendChild(d); return; }
    const b = el('button', null, text);
    b.type = 'button';
    b.dataset.order = ORDERS[o][0];
    b.title = 'order: ' + ORDERS[o][1];
    b.addEventListener('click', () => setOrder(o));
    d.appendChild(b);
    head.appendChild(d);
  });
}
function shown(b) {
  if (!on.size) return true;
  if (on.has('low') && b.conf !== null && b.conf < threshold) return true;
  for (let k = 0; k < KINDS.length; k++) if (b.k[k] && on.has(KINDS[k])) return true;
  return false;
}
function setFilters(names) {
  on.clear();
  names.forEach((n) => on.add(n));
  boxes.forEach((i, n) => { i.checked = on.has(n); });
  refresh();
}
function cycleFilter() {
  const list = ['low'].concat(D.checks.filter((k) => perKind[k]).map((k) => KINDS[k]));
  const at = on.size === 1 ? list.indexOf([...on][0]) : -1;
  setFilters(at + 1 < list.length ? [list[at + 1]] : []);
}
function setOrder(o) {
  order = o;
  $('order').value = String(o);
  document.querySelectorAll('#ihead button').forEach((b) => b.classList.toggle('on', b.dataset.order === ORDERS[o][0]));
  refresh();
}

// ---- rows
const list = $('rows');
let visible = [], rendered = 0, selected = -1;
function confColour(c) { return `hsl(${Math.round(120 * c)}, 70%, 80%)`; }
function rowNode(pos) {
  const b = visible[pos];
  const row = el('div', 'brow');
  row.dataset.bundle = b.id;
  row.dataset.pos = String(pos);
  const a = el('a', null, b.id);
  a.href = b.href;
  a.addEventListener('click', () => remember(b));
  const id = el('div');
  id.appendChild(a);
  row.appendChild(id);
  row.appendChild(el('div', 'langs', b.langs.join(' + ')));
  row.appendChild(el('div', 'num', String(b.tuples)));
  const conf = el('div', 'conf', b.conf === null ? '' : b.conf.toFixed(2));
  if (b.conf !== null) { conf.style.background = confColour(b.conf); conf.title = 'bundle confidence'; }
  row.appendChild(conf);
  const fs = el('div', 'fs');
  D.checks.forEach((k) => {
    if (!b.k[k]) return;
    const sp = el('span', 'fk k-' + KINDS[k]);
    sp.dataset.kind = KINDS[k];
    sp.append(el('span', 'swatch k-' + KINDS[k]), document.createTextNode(KINDS[k] + ' '), el('b', null, String(b.k[k])));
    fs.appendChild(sp);
  });
  if (!b.n) fs.appendChild(el('span', 'none', 'no finding'));
  row.appendChild(fs);
  const sev = el('div', 'sevs');
  SEV.forEach((name, i) => {
    if (!b.s[i]) return;
    if (sev.childNodes.length) sev.appendChild(document.createTextNode(', '));
    const sp = el('span', name);
    sp.append(el('b', null, String(b.s[i])), document.createTextNode(' ' + plural(b.s[i], name).replace(/^\d+ /, '')));
    sev.appendChild(sp);
  });
  row.appendChild(sev);
  return row;
}
function renderMore(n) {
  const frag = document.createDocumentFragment();
  const end = Math.min(visible.length, rendered + n);
  for (; rendered < end; rendered++) frag.appendChild(rowNode(rendered));
  list.appendChild(frag);
}
function refresh() {
  const keep = selected >= 0 ? visible[selected] : null;
  visible = bundles.filter(shown).sort(ORDERS[order][2]);
  list.textContent = '';
  rendered = 0; selected = -1;
  renderMore(CHUNK);
  if (!visible.length) list.appendChild(el('div', null, 'No bundle matches the filters.')).id = 'empty';
  $('count').textContent = `${visible.length} of ${bundles.length} bundles shown`;
  if (keep) { const p = visible.indexOf(keep); if (p >= 0) select(p, false); }
}
new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting) && rendered < visible.length) renderMore(CHUNK);
}, { rootMargin: '1200px 0px' }).observe($('more'));

// ---- keyboard
function select(pos, scroll) {
  if (pos < 0 || pos >= visible.length) return;
  if (pos >= rendered) renderMore(pos - rendered + CHUNK);
  const old = list.querySelector('.brow.sel');
  if (old) old.classList.remove('sel');
  const node = list.querySelector(`.brow[data-pos="${pos}"]`);
  node.classList.add('sel');
  selected = pos;
  if (scroll !== false) {
    const top = $('top').getBoundingClientRect().bottom;
    const box = node.getBoundingClientRect();
    if (box.top < top || box.bottom > window.innerHeight) window.scrollBy(0, box.top - top - 8);
  }
}
function step(dir, withFinding) {
  for (let p = selected + dir; p >= 0 && p < visible.length; p += dir) {
    if (!withFinding || visible[p].n) { select(p); return; }
  }
}
// The bundle opened last, in the address (#id): coming back to the index
// (its link on the bundle page, or the browser's Back) selects it again.
function remember(b) { history.replaceState(null, '', '#' + b.href.split('/')[0]); }
function open() {
  if (selected < 0) return;
  const b = visible[selected];
  remember(b);
  window.location.href = b.href;
}
document.addEventListener('keydown', (e) => {
  if (e.target.closest && e.target.closest('input:not([type=checkbox]), select, textarea')) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  switch (e.key) {
    case 'j': case 'ArrowDown': step(1, false); break;
    case 'k': case 'ArrowUp': step(-1, false); break;
    case 'n': step(1, true); break;
    case 'p': step(-1, true); break;
    case 'Home': select(0); break;
    case 'End': select(visible.length - 1); break;
    case 'Enter': if (e.target.closest && e.target.closest('a, button')) return; open(); break;
    case 's': setOrder((order + 1) % ORDERS.length); break;
    case 'f': cycleFilter(); break;
    case 'Escape': setFilters([]); break;
    case '?': $('keys').classList.toggle('hidden'); break;
    default: return;
  }
  e.preventDefault();
});
list.addEventListener('click', (e) => {
  const row = e.target.closest('.brow');
  if (row) select(Number(row.dataset.pos), false);
});
function fromAddress() {
  const at = window.location.hash.slice(1);
  if (!at) return;
  const p = visible.findIndex((b) => b.href.split('/')[0] === at);
  if (p >= 0) select(p);
}
window.addEventListener('hashchange', fromAddress);
window.addEventListener('pageshow', (e) => { if (e.persisted) fromAddress(); });

summary();
controls();
setOrder(0);
fromAddress();
window.polyalignReport = {
  rows: bundles.length,
  visible: () => visible.length,
  rendered: () => rendered,
  selected: () => (selected >= 0 ? visible[selected].id : null),
  readyMs: performance.now(),
};
document.body.dataset.ready = '1';
})();
</script>
</body>
</html>
)html";

}  // namespace polyalign::report
