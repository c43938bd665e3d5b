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

const std::string_view kIndexKeys = R"html(<p id="keys">Keys: <kbd>j</kbd>/<kbd>&darr;</kbd> next bundle &middot; <kbd>k</kbd>/<kbd>&uarr;</kbd> previous bundle &middot; <kbd>n</kbd>/<kbd>p</kbd> next/previous bundle with findings &middot; <kbd>Home</kbd>/<kbd>End</kbd> first/last &middot; <kbd>Enter</kbd> open the bundle's page &middot; <kbd>s</kbd> next order &middot; <kbd>f</kbd> next filter &middot; <kbd>Esc</kbd> clear filters &middot; <kbd>?</kbd> hide/show this line</p>
<div class="ihead" id="ihead"></div>
)html";

const std::string_view kIndexScript = R"html(const CHUNK = 100;  // rows rendered at a time (a screen shows ~25)
const ROW = '.brow';

// A bundle of the data: [id, href, langs, tuples, confidence, per kind, per severity].
const bundles = D.bundles.map((x, i) => ({
  i: i, id: x[0], href: x[1], langs: x[2], tuples: x[3], conf: x[4], k: x[5], s: x[6],
  n: x[6][0] + x[6][1] + x[6][2],
}));
const perKind = KINDS.map((_, k) => bundles.reduce((a, b) => a + (b.k[k] || 0), 0));
const bySev = [0, 1, 2].map((s) => bundles.reduce((a, b) => a + b.s[s], 0));
const withKind = KINDS.map((_, k) => bundles.filter((b) => b.k[k] > 0).length);

function indexSummary() {
  const n = D.summary;
  summary([['document', n.documents], ['bundle', n.bundles], ['unmatched', n.unmatched],
           ['skipped', n.skipped], ['tuple', n.tuples], ['finding', n.findings]],
          perKind, (k) => `in ${plural(withKind[k], 'bundle')}`, bySev);
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
function controls() {
  const c = $('controls');
  const label = el('label', null, 'order: ');
  const sel = el('select');
  sel.id = 'order';
  ORDERS.forEach(([name, text], i) => sel.appendChild(new Option(text, String(i))));
  sel.addEventListener('change', () => setOrder(Number(sel.value)));
  label.appendChild(sel);
  c.appendChild(label);
  filters(c, 'bundle confidence < ', (k) => `${KINDS[k]} (${withKind[k]})`);
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
function setOrder(o) {
  order = o;
  $('order').value = String(o);
  document.querySelectorAll('#ihead button').forEach((b) => b.classList.toggle('on', b.dataset.order === ORDERS[o][0]));
  refresh();
}

// ---- rows
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
function hasFinding(pos) { return visible[pos].n > 0; }
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

// ---- opening a bundle
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
  if (typing(e)) return;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  switch (e.key) {
    case 'Enter': if (e.target.closest && e.target.closest('a, button')) return; open(); break;
    case 's': setOrder((order + 1) % ORDERS.length); break;
    default: if (!commonKey(e.key)) return;
  }
  e.preventDefault();
});
function fromAddress() {
  const at = window.location.hash.slice(1);
  if (!at) return;
  const p = visible.findIndex((b) => b.href.split('/')[0] === at);
  if (p >= 0) select(p);
}
window.addEventListener('hashchange', fromAddress);
window.addEventListener('pageshow', (e) => { if (e.persisted) fromAddress(); });

indexSummary();
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
)html";

}  // namespace polyalign::report
