// The review page's fixed text (report/page_template.h): styles and script
// inline. The script reads the page data (report/page_data.h) from the
// <script type="application/json" id="report-data"> element the head ends
// with; what it draws and the keys it takes are described in
// polyalign/report.h.
#include "report/page_template.h"

namespace polyalign::report {

const std::string_view kPageStyle = R"css(:root { --line: #e3e3e3; --muted: #6a6a6a; --sel: #2a6df4;
  --numbers: #d93025; --names: #8e24aa; --omissions: #e37400; --length: #1e88e5;
  --untranslated: #c2185b; --inconsistent: #00897b; --repeated: #757575; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Devanagari", sans-serif; color: #1b1b1b; background: #fff; }
header#top { position: sticky; top: 0; z-index: 2; background: #f6f6f4; border-bottom: 1px solid #d6d6d2; padding: .5em 1em .4em; }
h1 { font-size: 1.15em; margin: 0 0 .3em; }
#summary { display: flex; flex-wrap: wrap; gap: .3em 1.6em; align-items: flex-start; font-size: .92em; }
#summary .figures span { margin-right: 1.1em; white-space: nowrap; }
#summary .figures b { font-variant-numeric: tabular-nums; }
#by-kind > span { margin-right: .9em; white-space: nowrap; }
#by-kind .label, #by-kind .sevs { color: var(--muted); }
#summary .swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin: 0 .3em 0 0; vertical-align: -.05em; }
#summary details { max-width: 60em; }
#summary details li { color: var(--muted); }
#controls { display: flex; flex-wrap: wrap; gap: .2em 1.1em; align-items: center; margin-top: .35em; font-size: .92em; }
#controls label { white-space: nowrap; cursor: pointer; }
#controls input[type=number] { width: 4.2em; }
#controls .swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin: 0 .25em 0 .1em; vertical-align: -.05em; }
#count { color: var(--muted); }
#keys { color: var(--muted); font-size: .85em; margin: .3em 0 0; }
#keys kbd { font: .85em ui-monospace, monospace; border: 1px solid #bbb; border-bottom-width: 2px; border-radius: 3px; padding: 0 .3em; background: #fff; }
#keys.hidden { display: none; }
main { padding: 0 0 40vh; }
.bhead, .row { display: grid; grid-template-columns: 3.6em 3.4em repeat(var(--n), minmax(0, 1fr)); gap: 0 .9em; padding: .3em 1em; }
.bhead { background: #eef1f5; border-top: 2px solid #c5ccd6; border-bottom: 1px solid #c5ccd6; font-size: .9em; margin-top: .6em; }
.bhead .col b { font-size: 1.05em; }
.bhead .col small { display: block; color: var(--muted); overflow-wrap: anywhere; }
.row { border-bottom: 1px solid var(--line); content-visibility: auto; contain-intrinsic-size: auto 3.2em; }
.row.sel { outline: 2px solid var(--sel); outline-offset: -2px; background: #f4f7ff; }
.num { color: var(--muted); font-size: .85em; font-variant-numeric: tabular-nums; padding-top: .15em; }
.row.has-f .num { font-weight: 600; color: #1b1b1b; }
.row.sev-error .num::after { content: " \25CF"; color: var(--numbers); }
.conf { font-size: .8em; font-variant-numeric: tabular-nums; text-align: center; border-radius: 3px; align-self: start; padding: .1em 0; margin-top: .15em; }
.cell { overflow-wrap: anywhere; }
.cell.empty { color: #b0b0b0; text-align: center; }
.sent { border-radius: 2px; }
.sent.concerned { background: #fff7e0; box-shadow: inset 0 -2px 0 #f2c94c; }
mark.hl { background: #ffe38a; color: inherit; border-radius: 2px; padding: 0 1px; box-shadow: inset 0 -2px 0 rgba(0,0,0,.35); }
mark.hl.k-numbers { background: #ffc9c4; box-shadow: inset 0 -2px 0 var(--numbers); }
mark.hl.k-names { background: #ecd3f3; box-shadow: inset 0 -2px 0 var(--names); }
mark.hl.k-inconsistent { background: #c8ece7; box-shadow: inset 0 -2px 0 var(--inconsistent); }
.msgs { grid-column: 3 / -1; margin: .15em 0 .1em; padding: 0; list-style: none; font-size: .88em; }
.msgs li { margin: .05em 0; }
.tag { display: inline-block; min-width: 6.6em; padding: 0 .4em; margin-right: .4em; border-radius: 3px; color: #fff; font-size: .85em; text-align: center; }
.sevtag { display: inline-block; min-width: 4.4em; margin-right: .4em; font-size: .85em; color: var(--muted); }
.sev-error > .sevtag { color: var(--numbers); font-weight: 600; }
.k-numbers > .tag, .swatch.k-numbers { background: var(--numbers); }
.k-names > .tag, .swatch.k-names { background: var(--names); }
.k-omissions > .tag, .swatch.k-omissions { background: var(--omissions); }
.k-length > .tag, .swatch.k-length { background: var(--length); }
.k-untranslated > .tag, .swatch.k-untranslated { background: var(--untranslated); }
.k-inconsistent > .tag, .swatch.k-inconsistent { background: var(--inconsistent); }
.k-repeated > .tag, .swatch.k-repeated { background: var(--repeated); }
.swatch.low { background: linear-gradient(90deg, hsl(0,75%,78%), hsl(60,75%,78%)); }
#more { height: 1px; }
.row.edited .num::before { content: "\270E "; color: var(--sel); }
.msgs li.accepted { opacity: .55; }
.msgs li.accepted .sevtag { color: #2e7d32; font-weight: 600; }
#rows[data-side="0"] .row.sel .cell.c0, #rows[data-side="1"] .row.sel .cell.c1 { outline: 1px dashed var(--sel); outline-offset: 3px; }
#status { color: var(--sel); }
#controls button { font: inherit; font-size: .9em; }
#empty { padding: 2em 1em; color: var(--muted); }
)css";

const std::string_view kNavStyle = R"css(nav#nav { font-size: .9em; margin: 0 0 .25em; color: var(--muted); }
nav#nav a { color: var(--sel); text-decoration: none; margin-right: 1.2em; }
nav#nav a:hover, nav#nav a:focus { text-decoration: underline; }
nav#nav .at { margin-right: 1.2em; }
)css";

const std::string_view kPageKeys = R"html(<p id="keys">Keys: <kbd>j</kbd>/<kbd>&darr;</kbd> next row &middot; <kbd>k</kbd>/<kbd>&uarr;</kbd> previous row &middot; <kbd>n</kbd>/<kbd>p</kbd> next/previous finding &middot; <kbd>Home</kbd>/<kbd>End</kbd> first/last row &middot; <kbd>f</kbd> next filter &middot; <kbd>Esc</kbd> clear filters &middot; <kbd>?</kbd> hide/show this line</p>
)html";

const std::string_view kPageScript = R"html(const UNIT = D.unit;
const CHUNK = 200;  // rows rendered at a time
const ROW = '.row';

// The findings each row of the data shows (its own and those that refer to
// it) go with the row: R.fs, of which R.acc were accepted on this page;
// R.ed marks a row edited here. Edits replace rows, never change one, so
// an undo step is a copy of the list of rows.
D.bundles.forEach((B) => B.rows.forEach((R) => { R.fs = []; R.acc = []; R.ed = false; }));
const perKind = KINDS.map(() => 0), perSev = KINDS.map(() => [0, 0, 0]);
D.findings.forEach((F, i) => {
  perKind[F.k]++;
  perSev[F.k][F.s]++;
  const add = (b, t) => {
    const R = D.bundles[b] && D.bundles[b].rows[t];
    if (R && R.fs[R.fs.length - 1] !== i) R.fs.push(i);
  };
  add(F.b, F.t);
  (F.r || []).forEach((x) => add(x[0], x[1]));
});
// Every row of every bundle, in order, with its findings not yet accepted.
const rows = [];
function buildRows() {
  rows.length = 0;
  D.bundles.forEach((B, b) => B.rows.forEach((R, t) => {
    const f = R.fs.filter((i) => !R.acc.includes(i));
    rows.push({ b: b, t: t, c: R[0], f: f, worst: f.reduce((w, i) => Math.min(w, D.findings[i].s), 3) });
  }));
}
buildRows();

// ---- summary
function pageSummary() {
  const n = D.summary;
  const items = [['document', n.documents], [D.mode === 'pair' ? 'pair' : 'bundle', n.bundles],
                 [UNIT, n.tuples], ['finding', D.findings.length]];
  if (D.mode === 'corpus') items.splice(2, 0, ['unmatched', n.unmatched], ['skipped', n.skipped]);
  const bySev = [0, 0, 0];
  D.findings.forEach((F) => bySev[F.s]++);
  summary(items, perKind, (k) => SEV.map((name, s) => plural(perSev[k][s], name)).join(', '), bySev);
}

// ---- filters
let bundleChoice = -1;
function controls() {
  const c = $('controls');
  if (D.bundles.length > 1) {
    const sel = el('select');
    sel.id = 'bundle';
    sel.appendChild(new Option(`all ${D.bundles.length} bundles`, '-1'));
    D.bundles.forEach((B, b) => sel.appendChild(new Option(
      `${B.id}: ${B.cols.map((x) => x.lang).join('+')}, ${B.rows.length} ${UNIT}s`, String(b))));
    sel.addEventListener('change', () => { bundleChoice = Number(sel.value); refresh(); });
    c.appendChild(sel);
  }
  filters(c, 'low confidence < ', (k) => `${KINDS[k]} (${perKind[k]})`);
}
function shown(r) {
  if (bundleChoice >= 0 && r.b !== bundleChoice) return false;
  if (!on.size) return true;
  if (on.has('low') && r.c < threshold) return true;
  for (const i of r.f) if (on.has(KINDS[D.findings[i].k])) return true;
  return false;
}

// ---- rows
let lastBundle = -1;
function bundleHead(b) {
  const B = D.bundles[b];
  const h = el('div', 'bhead');
  h.style.setProperty('--n', B.cols.length);
  h.dataset.bundle = B.id;
  h.appendChild(el('div', 'num', B.id));
  const conf = el('div', 'conf', B.conf === null ? '' : B.conf.toFixed(2));
  if (B.conf !== null) { conf.style.background = confColour(B.conf); conf.title = 'bundle confidence'; }
  h.appendChild(conf);
  B.cols.forEach((col) => {
    const d = el('div', 'col');
    d.append(el('b', null, col.lang), el('small', null, col.path));
    h.appendChild(d);
  });
  return h;
}
function sentenceNode(S) {
  const s = el('span', 'sent');
  s.dataset.s = String(S[0]);
  if (S[2]) {
    s.classList.add('concerned');
    s.title = S[2].map((i) => `${KINDS[D.findings[i].k]}: ${D.findings[i].m}`).join('\n');
  }
  for (const p of S[1]) {
    if (typeof p === 'string') { s.appendChild(document.createTextNode(p)); continue; }
    const m = el('mark', 'hl', p[0]);
    const notes = [];
    for (let j = 1; j < p.length; j++) {
      const F = D.findings[p[j]];
      m.classList.add('k-' + KINDS[F.k]);
      notes.push(`${KINDS[F.k]}: ${F.m}`);
    }
    m.title = notes.join('\n');
    s.appendChild(m);
  }
  return s;
}
function rowNode(pos) {
  const r = rows[visible[pos]];
  const B = D.bundles[r.b], R = B.rows[r.t];
  const row = el('div', 'row');
  row.style.setProperty('--n', B.cols.length);
  row.dataset.bundle = B.id;
  row.dataset.tuple = String(r.t);
  row.dataset.pos = String(pos);
  if (r.f.length) row.classList.add('has-f', 'sev-' + SEV[r.worst]);
  if (R.ed) row.classList.add('edited');
  row.appendChild(el('div', 'num', '#' + (r.t + 1)));
  const conf = el('div', 'conf', R[0].toFixed(2));
  conf.style.background = confColour(R[0]);
  conf.title = R.ed ? 'edited by hand' : 'confidence ' + R[0];
  row.appendChild(conf);
  R[1].forEach((cell, k) => {
    const c = el('div', 'cell c' + k);
    c.lang = B.cols[k].lang;
    if (!cell) { c.classList.add('empty'); c.textContent = '\u2014'; }
    else cell.forEach((S, q) => { if (q) c.appendChild(document.createTextNode(' ')); c.appendChild(sentenceNode(S)); });
    row.appendChild(c);
  });
  if (R.fs.length) {
    const ul = el('ul', 'msgs');
    r.f.concat(R.acc).forEach((i) => {
      const F = D.findings[i], accepted = R.acc.includes(i);
      const li = el('li', `k-${KINDS[F.k]} sev-${SEV[F.s]}${accepted ? ' accepted' : ''}`);
      li.append(el('span', 'tag', KINDS[F.k]), el('span', 'sevtag', accepted ? 'accepted' : SEV[F.s]), document.createTextNode(F.m));
      ul.appendChild(li);
    });
    row.appendChild(ul);
  }
  return row;
}
function renderMore(n) {
  const frag = document.createDocumentFragment();
  const end = Math.min(visible.length, rendered + n);
  for (; rendered < end; rendered++) {
    const b = rows[visible[rendered]].b;
    if (b !== lastBundle) { frag.appendChild(bundleHead(b)); lastBundle = b; }
    frag.appendChild(rowNode(rendered));
  }
  list.appendChild(frag);
}
function refresh() {
  const keep = selected >= 0 ? visible[selected] : -1;
  visible = [];
  for (let i = 0; i < rows.length; i++) if (shown(rows[i])) visible.push(i);
  list.textContent = '';
  rendered = 0; lastBundle = -1; selected = -1;
  renderMore(CHUNK);
  if (!visible.length) list.appendChild(el('div', null, 'No row matches the filters.')).id = 'empty';
  const of = bundleChoice >= 0 ? D.bundles[bundleChoice].rows.length : rows.length;
  $('count').textContent = `${visible.length} of ${of} ${UNIT}s shown`;
  if (keep >= 0) { const p = visible.indexOf(keep); if (p >= 0) select(p, false); }
}
function hasFinding(pos) { return rows[visible[pos]].f.length > 0; }

// ---- editing (pair pages): rows are beads, column 0 the sentences of A,
// column 1 those of B. Merge, split, move a sentence across adjacent rows,
// accept findings; each edit pushes the rows before it on the undo stack.
// Save downloads the alignment as pair JSONL (polyalign align --format
// jsonl, read back by polyalign convert) and as TMX, built here.
const EDIT = D.mode === 'pair' && D.bundles.length === 1 && !!D.bundles[0].spans;
const undo = [];
let side = 0;
function say(text) { const s = $('status'); if (s) s.textContent = text; }
function cellOf(R, k) { return R[1][k] ? R[1][k] : []; }
function mkRow(cells, old, ed) {
  const R = [ed ? 1 : old[0][0], cells.map((c) => (c.length ? c : 0)), ed ? 0 : old[0][2], ed ? 1 : old[0][3]];
  R.fs = [...new Set(old.flatMap((o) => o.fs))];
  R.acc = [...new Set(old.flatMap((o) => o.acc))];
  R.ed = ed || old.some((o) => o.ed);
  return R;
}
const empty = (cells) => cells.every((c) => !c.length);
// Each edit: (rows, t) => the row to select after it, or a string saying
// why it cannot be done (nothing is changed then).
const EDITS = {
  merge(L, t) {
    if (t + 1 >= L.length) return 'no next row to merge with';
    L.splice(t, 2, mkRow([0, 1].map((k) => cellOf(L[t], k).concat(cellOf(L[t + 1], k))), [L[t], L[t + 1]], true));
    return t;
  },
  split(L, t) {
    const R = L[t], a = cellOf(R, 0), b = cellOf(R, 1);
    if (a.length + b.length < 2) return 'a row of one sentence cannot be split';
    // The first sentence of each side stays, the others go to a new row
    // below; a 1-1 row becomes 1-0 and 0-1.
    let up = [a.slice(0, 1), b.slice(0, 1)], down = [a.slice(1), b.slice(1)];
    if (empty(down)) { up = [a, []]; down = [[], b]; }
    L.splice(t, 1, mkRow(up, [R], true), mkRow(down, [R], true));
    return t;
  },
  up(L, t) {
    const from = cellOf(L[t], side);
    if (t === 0) return 'no previous row';
    if (!from.length) return 'no sentence on this side to move';
    const cells = (R, k, c) => [0, 1].map((j) => (j === k ? c : cellOf(R, j)));
    const prev = mkRow(cells(L[t - 1], side, cellOf(L[t - 1], side).concat([from[0]])), [L[t - 1]], true);
    const rest = cells(L[t], side, from.slice(1));
    if (empty(rest)) { L.splice(t - 1, 2, prev); return t - 1; }
    L.splice(t - 1, 2, prev, mkRow(rest, [L[t]], true));
    return t;
  },
  down(L, t) {
    const from = cellOf(L[t], side);
    if (t + 1 >= L.length) return 'no next row';
    if (!from.length) return 'no sentence on this side to move';
    const cells = (R, k, c) => [0, 1].map((j) => (j === k ? c : cellOf(R, j)));
    const next = mkRow(cells(L[t + 1], side, [from[from.length - 1]].concat(cellOf(L[t + 1], side))), [L[t + 1]], true);
    const rest = cells(L[t], side, from.slice(0, -1));
    if (empty(rest)) { L.splice(t, 2, next); return t; }
    L.splice(t, 2, mkRow(rest, [L[t]], true), next);
    return t;
  },
  accept(L, t) {
    const R = L[t];
    if (!R.fs.some((i) => !R.acc.includes(i))) return 'no finding to accept on this row';
    const A = mkRow([cellOf(R, 0), cellOf(R, 1)], [R], false);
    A.acc = R.fs.slice();
    L.splice(t, 1, A);
    return t;
  },
};
function show(t) {
  buildRows();
  refresh();
  const p = visible.indexOf(Math.min(t, rows.length - 1));
  if (p >= 0) select(p);
}
function doEdit(name) {
  if (!EDIT) return;
  if (selected < 0) { say('select a row first (j/k)'); return; }
  const L = D.bundles[0].rows, t = rows[visible[selected]].t, before = L.slice();
  const to = EDITS[name](L, t);
  if (typeof to === 'string') { say(`${name}: ${to}`); return; }
  undo.push({ rows: before, t: t });
  say(`${name} #${t + 1} (u: undo; ${undo.length} edit${undo.length === 1 ? '' : 's'})`);
  show(to);
}
function undoEdit() {
  if (!EDIT) return;
  const u = undo.pop();
  if (!u) { say('nothing to undo'); return; }
  D.bundles[0].rows = u.rows;
  say(`undone (${undo.length} edit${undo.length === 1 ? '' : 's'} left)`);
  show(u.t);
}
function chooseSide(k) {
  if (!EDIT) return;
  side = k;
  list.dataset.side = String(k);
  say(`moves take ${D.bundles[0].cols[k].lang} sentences (side ${'AB'[k]})`);
}
// ---- save
function textOf(S) { return S[1].map((p) => (typeof p === 'string' ? p : p[0])).join(''); }
function xmlText(s) {
  // What XML 1.0 cannot hold (and line breaks: a segment is one line)
  // becomes a space, as in polyalign's own TMX.
  return s.replace(/[\u0000-\u0008\u000a-\u001f\ufffe\uffff]/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function attr(s) { return xmlText(s).replace(/"/g, '&quot;'); }
function jsonl() {
  const B = D.bundles[0];
  return B.rows.map((R) => {
    const line = {};
    [0, 1].forEach((k) => {
      const ids = cellOf(R, k).map((S) => S[0]);
      line['ab'[k]] = ids;
      line['ab'[k] + '_spans'] = ids.map((i) => [B.spans[k][2 * i], B.spans[k][2 * i + 1]]);
    });
    line.confidence = R[3] === undefined ? R[0] : R[3];
    line.cost = R[2] === undefined ? 0 : R[2];
    if (R.ed) line.edited = true;
    if (R.acc.length) line.accepted = R.acc.map((i) => KINDS[D.findings[i].k]);
    return JSON.stringify(line) + '\n';
  }).join('');
}
function tmx() {
  const B = D.bundles[0];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n',
    `  <header creationtool="polyalign review page" creationtoolversion="${attr(D.generator)}" segtype="sentence" o-tmf="polyalign" adminlang="en" srclang="${attr(B.cols[0].lang)}" datatype="plaintext" />\n  <body>\n`];
  B.rows.forEach((R, t) => {
    out.push(`    <tu tuid="${t + 1}">\n      <prop type="x-confidence">${(R[3] === undefined ? R[0] : R[3]).toFixed(4)}</prop>\n`);
    [0, 1].forEach((k) => {
      const c = cellOf(R, k);
      if (c.length) out.push(`      <tuv xml:lang="${attr(B.cols[k].lang)}">\n        <seg>${xmlText(c.map(textOf).join(' '))}</seg>\n      </tuv>\n`);
    });
    out.push('    </tu>\n');
  });
  out.push('  </body>\n</tmx>\n');
  return out.join('');
}
function download(name, text, type) {
  const a = el('a');
  a.href = URL.createObjectURL(new Blob([text], { type: type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
function save(which) {
  if (!EDIT) return;
  if (which !== 'tmx') download('alignment.corrected.jsonl', jsonl(), 'application/jsonl');
  if (which !== 'jsonl') download('alignment.corrected.tmx', tmx(), 'application/xml');
  say(`saved ${which === 'both' ? 'alignment.corrected.jsonl and .tmx' : 'alignment.corrected.' + which}`);
}
function editControls() {
  if (!EDIT) return;
  const c = $('controls');
  [['jsonl', 'Save JSONL'], ['tmx', 'Save TMX']].forEach(([w, label]) => {
    const b = el('button', null, label);
    b.type = 'button';
    b.dataset.save = w;
    b.addEventListener('click', () => save(w));
    c.appendChild(b);
  });
  c.appendChild(el('span', null, '')).id = 'status';
  $('keys').appendChild(el('span', 'edit-keys'));
  $('keys').lastChild.innerHTML = '<br>Edit: <kbd>h</kbd>/<kbd>&larr;</kbd> <kbd>l</kbd>/<kbd>&rarr;</kbd> side A/B &middot; <kbd>m</kbd> merge with next row &middot; <kbd>s</kbd> split (first sentences stay) &middot; <kbd>K</kbd>/<kbd>Shift+&uarr;</kbd> move the side\'s first sentence up &middot; <kbd>J</kbd>/<kbd>Shift+&darr;</kbd> move its last sentence down &middot; <kbd>a</kbd> accept the row\'s findings &middot; <kbd>u</kbd>/<kbd>Ctrl+Z</kbd> undo &middot; <kbd>w</kbd> save JSONL and TMX';
  list.dataset.side = '0';
}

// ---- a bundle page's links: the index (at this bundle), the previous and
// next bundle.
function go(href) { if (href) window.location.href = href; }
function navigation() {
  if (!D.nav) return;
  const N = D.nav, nav = el('nav');
  nav.id = 'nav';
  const link = (href, text, key, rel) => {
    const a = el('a', null, text);
    a.href = href;
    a.dataset.key = key;
    if (rel) a.rel = rel;
    nav.appendChild(a);
  };
  link(N.index, '\u2190 all bundles', 'i', 'index');
  if (N.prev) link(N.prev.href, '\u2039 ' + N.prev.id, '[', 'prev');
  nav.appendChild(el('span', 'at', `bundle ${N.at} of ${N.of}`));
  if (N.next) link(N.next.href, N.next.id + ' \u203a', ']', 'next');
  $('top').insertBefore(nav, $('top').firstChild);
  $('keys').appendChild(el('span', 'nav-keys'));
  $('keys').lastChild.innerHTML = ' &middot; <kbd>i</kbd>/<kbd>Backspace</kbd> all bundles &middot; <kbd>[</kbd>/<kbd>]</kbd> previous/next bundle';
}

// ---- keys
document.addEventListener('keydown', (e) => {
  if (typing(e)) return;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === 'z' && EDIT) { undoEdit(); e.preventDefault(); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const key = e.shiftKey && e.key.startsWith('Arrow') ? 'Shift' + e.key : e.key;
  switch (key) {
    case 'h': case 'ArrowLeft': chooseSide(0); break;
    case 'l': case 'ArrowRight': chooseSide(1); break;
    case 'm': doEdit('merge'); break;
    case 's': doEdit('split'); break;
    case 'K': case 'ShiftArrowUp': doEdit('up'); break;
    case 'J': case 'ShiftArrowDown': doEdit('down'); break;
    case 'a': doEdit('accept'); break;
    case 'u': undoEdit(); break;
    case 'w': save('both'); break;
    case 'i': case 'Backspace': if (!D.nav) return; go(D.nav.index); break;
    case '[': if (!D.nav) return; go(D.nav.prev && D.nav.prev.href); break;
    case ']': if (!D.nav) return; go(D.nav.next && D.nav.next.href); break;
    default: if (!commonKey(key)) return;
  }
  e.preventDefault();
});

pageSummary();
controls();
editControls();
navigation();
refresh();
window.polyalignReport = {
  rows: rows.length,
  visible: () => visible.length,
  rendered: () => rendered,
  readyMs: performance.now(),
  editable: EDIT,
  jsonl: () => (EDIT ? jsonl() : ''),
};
)html";

}  // namespace polyalign::report
