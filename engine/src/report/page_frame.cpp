// What every review page shares (report/page_template.h): the HTML head and
// the start and end of the script. The shared script holds the helpers, the
// summary, the filters, the lazy list of rows with its selection and the
// keys both pages take; each page's own script (page_template.cpp,
// index_template.cpp) follows it in the same function scope.
#include "report/page_template.h"

namespace polyalign::report {

const std::string_view kHead = R"html(<!DOCTYPE html>
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
@KEYS@</header>
<main id="rows"></main>
<div id="more"></div>
<script type="application/json" id="report-data">)html";

// The page's own script defines, in the same scope (function declarations
// are hoisted; the constants are read only once the page has run):
//   CHUNK        rows rendered at a time
//   ROW          the selector of a row element (which carries data-pos)
//   perKind[k]   findings of kind k, for the filter cycle
//   refresh()    rebuilds `visible` from the filters and renders its start
//   renderMore(n), hasFinding(pos)
const std::string_view kScriptStart = R"html(</script>
<script>
(function () {
'use strict';
const D = JSON.parse(document.getElementById('report-data').textContent);
const KINDS = D.kinds, SEV = D.severities;
const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function plural(n, name) { return `${n} ${name}${n === 1 || name === 'info' ? '' : 's'}`; }
function confColour(c) { return `hsl(${Math.round(120 * c)}, 70%, 80%)`; }

// ---- summary: the figures ([name, value] pairs), the findings of each
// kind (count[k], title(k) on hover) and severity (bySev[s]), the files
// left out.
function summary(items, count, title, bySev) {
  const s = $('summary');
  const fig = el('div', 'figures');
  items.forEach(([name, v]) => {
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
    sp.title = title(k);
    sp.append(el('span', 'swatch k-' + KINDS[k]), document.createTextNode(KINDS[k] + ' '), el('b', null, String(count[k])));
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

// ---- filters: 'low' (confidence below `threshold`) and one per kind of
// finding; with none on, everything is shown.
const on = new Set();
let threshold = D.low;
const boxes = new Map();
function filterBox(c, name, text, cls) {
  const l = el('label');
  const i = el('input');
  i.type = 'checkbox';
  i.dataset.filter = name;
  i.addEventListener('change', () => { if (i.checked) on.add(name); else on.delete(name); refresh(); });
  boxes.set(name, i);
  l.append(i, el('span', 'swatch ' + cls), document.createTextNode(text));
  c.appendChild(l);
  return l;
}
// The low-confidence box with its threshold, a box per kind (kindText(k)),
// then the count of what is shown.
function filters(c, lowText, kindText) {
  const low = filterBox(c, 'low', lowText, 'low');
  const th = el('input');
  th.type = 'number'; th.id = 'threshold'; th.min = '0'; th.max = '1'; th.step = '0.05';
  th.value = String(threshold);
  th.addEventListener('input', () => {
    const v = Number(th.value);
    if (v >= 0 && v <= 1) { threshold = v; if (on.has('low')) refresh(); }
  });
  low.appendChild(th);
  D.checks.forEach((k) => filterBox(c, KINDS[k], kindText(k), 'k-' + KINDS[k]));
  c.appendChild(el('span', null, '')).id = 'count';
}
function setFilters(names) {
  on.clear();
  names.forEach((n) => on.add(n));
  boxes.forEach((i, n) => { i.checked = on.has(n); });
  refresh();
}
function cycleFilter() {
  const cycle = ['low'].concat(D.checks.filter((k) => perKind[k]).map((k) => KINDS[k]));
  const at = on.size === 1 ? cycle.indexOf([...on][0]) : -1;
  setFilters(at + 1 < cycle.length ? [cycle[at + 1]] : []);
}

// ---- rows: `visible` (what the filters let through, in order) is
// rendered CHUNK rows at a time, more as the end of the list comes into
// view; `selected` is a position in it.
const list = $('rows');
let visible = [], rendered = 0, selected = -1;
new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting) && rendered < visible.length) renderMore(CHUNK);
}, { rootMargin: '1200px 0px' }).observe($('more'));
function select(pos, scroll) {
  if (pos < 0 || pos >= visible.length) return;
  if (pos >= rendered) renderMore(pos - rendered + CHUNK);
  const old = list.querySelector(ROW + '.sel');
  if (old) old.classList.remove('sel');
  const node = list.querySelector(`${ROW}[data-pos="${pos}"]`);
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
    if (!withFinding || hasFinding(p)) { select(p); return; }
  }
}
list.addEventListener('click', (e) => {
  const row = e.target.closest(ROW);
  if (row) select(Number(row.dataset.pos), false);
});

// ---- keys: typed into a field they are the field's (a checkbox lets them
// through); commonKey(key) takes those both pages share, false if `key` is
// not one of them.
function typing(e) { return e.target.closest && e.target.closest('input:not([type=checkbox]), select, textarea'); }
function commonKey(key) {
  switch (key) {
    case 'j': case 'ArrowDown': step(1, false); break;
    case 'k': case 'ArrowUp': step(-1, false); break;
    case 'n': step(1, true); break;
    case 'p': step(-1, true); break;
    case 'Home': select(0); break;
    case 'End': select(visible.length - 1); break;
    case 'f': cycleFilter(); break;
    case 'Escape': setFilters([]); break;
    case '?': $('keys').classList.toggle('hidden'); break;
    default: return false;
  }
  return true;
}
)html";

const std::string_view kScriptEnd = R"html(document.body.dataset.ready = '1';
})();
</script>
</body>
</html>
)html";

}  // namespace polyalign::report
