// The review page in a real browser: polyalign writes the pages (an index
// and a page per bundle) for the seed corpus, for the planted-error corpus
// (tests/data/qa), for both together (two bundles: the index, its keys and
// the links between pages), and report.html for a pair with a number
// changed by this test and for a generated pair of 10,000 beads; headless
// Chromium (Debian's, through playwright-core) opens each page from file://
// and the test checks what a translator would see.
//
//   POLYALIGN=build/polyalign node tests/browser/report_test.mjs   (from the repository root)
//
// Environment: POLYALIGN (the binary, required), CHROMIUM (default
// /usr/bin/chromium), POLYALIGN_ARTIFACTS (screenshots and timings.json;
// default: a temporary directory), POLYALIGN_CORPUS_OUT (optional: the
// output directory of a `polyalign corpus` run, e.g. a crawl-sized one,
// whose index and one bundle page are opened and timed). Timings are
// written down, not asserted (beyond a generous bound that only a hang
// would cross).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.POLYALIGN;
if (!bin || !fs.existsSync(bin)) {
  console.error('browser test: FAILED: set POLYALIGN to the polyalign binary');
  process.exit(1);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = process.env.POLYALIGN_ARTIFACTS ||
  fs.mkdtempSync(path.join(os.tmpdir(), 'polyalign-browser-artifacts-'));
fs.mkdirSync(artifacts, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'polyalign-browser-'));
const seeds = 'corpora/vietnam-news';

let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; return; }
  failed++;
  console.log(`FAIL: ${what}${detail === undefined ? '' : ': ' + JSON.stringify(detail)}`);
}
function run(args) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const timings = {};

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless=new'] });
try {
  // Opens a report; every request that is not the file itself fails the test
  // (the page must be self-contained), and so does any script error.
  // `allowed`: other URLs the page may navigate to (links between pages).
  async function open(file, allowed = () => false) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('request', (r) => {
      if (r.url() !== 'file://' + file && !allowed(r.url())) problems.push('request: ' + r.url());
    });
    const start = Date.now();
    await page.goto('file://' + file);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    const loadMs = Date.now() - start;
    return { page, problems, loadMs };
  }
  const rowCount = (page, sel = '.row') => page.$$eval(sel, (els) => els.length);
  const selectedTuple = (page) =>
    page.$eval('.row.sel', (r) => Number(r.dataset.tuple)).catch(() => -1);

  // ---- 0. the command line: --checks, --no-report, --findings/--report.
  {
    const fails = (args, pattern, what) => {
      try {
        run(args);
        check(false, what + ': succeeded');
      } catch (e) {
        const err = String(e.stderr);
        check(e.status !== 0 && pattern.test(err) && err.trim().split('\n').length === 1, what, err);
      }
    };
    const id = `${seeds}/000_ce7c1f1e563d1f0d.txt`, hi = `${seeds}/001_6df23d5c9a213664.txt`;
    fails(['align', id, hi, '--checks', 'numbers'], /--checks needs --findings FILE or --report FILE/,
      'align --checks alone is an error');
    fails(['corpus', seeds, '-o', path.join(tmp, 'bad'), '--checks', 'numbers,bogus'],
      /unknown check 'bogus'/, 'corpus --checks with an unknown name');
    check(!fs.existsSync(path.join(tmp, 'bad')), 'a rejected --checks writes nothing');
    const none = path.join(tmp, 'none');
    run(['corpus', seeds, '-o', none, '--checks', 'none', '--no-report', '-q']);
    check(fs.existsSync(path.join(none, 'bundles.json')) && !fs.existsSync(path.join(none, 'findings.jsonl')) &&
      !fs.existsSync(path.join(none, 'report.html')), 'corpus --checks none --no-report: neither file');
    const numbers = path.join(tmp, 'numbers');
    run(['corpus', seeds, '-o', numbers, '--checks', 'numbers', '-q']);
    check(fs.readFileSync(path.join(numbers, 'findings.jsonl'), 'utf8') === '', 'corpus --checks numbers: no finding on the seeds');
    const { page, problems } = await open(path.join(numbers, 'report.html'));
    const filters = await page.$$eval('input[data-filter]', (els) => els.map((e) => e.dataset.filter));
    check(JSON.stringify(filters) === '["low","numbers"]', 'index of --checks numbers: its filters', filters);
    check(problems.length === 0, 'numbers-only index: no script error, no request', problems);
    await page.close();
    const bundle = await open(path.join(numbers, 'bundle-0001', 'report.html'));
    const bundleFilters = await bundle.page.$$eval('input[data-filter]', (els) => els.map((e) => e.dataset.filter));
    check(JSON.stringify(bundleFilters) === '["low","numbers"]', 'bundle page of --checks numbers: its filters', bundleFilters);
    check(bundle.problems.length === 0, 'numbers-only bundle page: no script error, no request', bundle.problems);
    await bundle.page.close();
  }

  // ---- 1. the seed corpus: the id-hi bundle, its 21 tuples, the repeated
  // last sentence, no number alarm from locale formats.
  {
    const out = path.join(tmp, 'seed');
    const stdout = run(['corpus', seeds, '-o', out, '-q']);
    check(/checks: 1 finding \(repeated 1\)/.test(stdout), 'corpus: one finding on the seeds', stdout);
    const findings = fs.readFileSync(path.join(out, 'findings.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
    check(findings.length === 1 && findings[0].kind === 'repeated' && findings[0].tuple === 18,
      'findings.jsonl: the repeated last sentence', findings);
    {
      // The index: the corpus's figures, one bundle.
      const { page, problems } = await open(path.join(out, 'report.html'));
      const figures = await page.$$eval('#summary .figures span', (els) => els.map((e) => e.textContent));
      check(figures.includes('5 documents') && figures.includes('1 bundle') && figures.includes('21 tuples') &&
        figures.includes('3 unmatched') && figures.includes('1 finding'), 'seed index: summary figures', figures);
      check(await rowCount(page, '.brow') === 1, 'seed index: one bundle row');
      check(problems.length === 0, 'seed index: no script error, no request', problems);
      await page.close();
    }
    const { page, problems, loadMs } = await open(path.join(out, 'bundle-0001', 'report.html'));
    timings.seed_load_ms = loadMs;
    check(await rowCount(page, '.row[data-bundle="bundle-0001"]') === 21, 'seed: 21 rows in bundle-0001');
    const cols = await page.$$eval('.bhead[data-bundle="bundle-0001"] .col b', (els) => els.map((e) => e.textContent));
    // The source language first (a tie between the two: the first alphabetically).
    check(JSON.stringify(cols) === '["hi","id"]', 'seed: columns hi and id', cols);
    const figures = await page.$$eval('#summary .figures span', (els) => els.map((e) => e.textContent));
    check(figures.includes('2 documents') && figures.includes('1 bundle') && figures.includes('21 tuples') &&
      !figures.some((f) => f.includes('unmatched')), 'seed: the bundle page\'s figures', figures);
    check(await page.$eval('#by-kind [data-kind="numbers"] b', (e) => e.textContent) === '0', 'seed: no number finding');
    check(await rowCount(page, 'mark.k-numbers') === 0, 'seed: no number highlighted (2.645 = 2,645, 31,82% = 31.82%)');
    // The repeated sentence: row #19 (tuple 18) with its message, row #18 related.
    const msg = await page.$eval('.row[data-tuple="18"] .msgs li.k-repeated', (e) => e.textContent).catch(() => '');
    check(msg.includes('repeats an earlier sentence') && msg.includes('#18'), 'seed: repeated sentence flagged', msg);
    check(await rowCount(page, '.row[data-tuple="17"] li.k-repeated') === 1, 'seed: the first occurrence shows it too');
    check(await rowCount(page, '.row[data-tuple="18"] .sent.concerned') === 2, 'seed: both repeated sentences outlined');
    // Confidence as a colour.
    const bg = await page.$eval('.row[data-tuple="0"] .conf', (e) => getComputedStyle(e).backgroundColor);
    check(/^rgb/.test(bg) && bg !== 'rgba(0, 0, 0, 0)', 'seed: confidence cell coloured', bg);

    // Filters hide and show rows.
    await page.click('input[data-filter="repeated"]');
    check(await rowCount(page) === 2, 'filter repeated: 2 rows shown', await rowCount(page));
    check(await page.$eval('#count', (e) => e.textContent) === '2 of 21 tuples shown', 'filter: count line');
    await page.click('input[data-filter="repeated"]');
    check(await rowCount(page) === 21, 'filter off: 21 rows again', await rowCount(page));
    // Low confidence below 0.95, against the confidences of alignment.jsonl.
    const confidences = fs.readFileSync(path.join(out, 'bundle-0001', 'alignment.jsonl'), 'utf8')
      .trim().split('\n').map((l) => JSON.parse(l).confidence);
    const low = confidences.filter((c) => c < 0.95).length;
    await page.fill('#threshold', '0.95');
    await page.click('input[data-filter="low"]');
    check(await rowCount(page) === low, 'filter low confidence < 0.95', { shown: await rowCount(page), low });
    await page.click('input[data-filter="low"]');
    check(await rowCount(page) === 21, 'low confidence off: 21 rows');

    // Keyboard: n/p between findings, j/k between rows, f cycles filters, Esc clears.
    await page.keyboard.press('n');
    check(await selectedTuple(page) === 17, 'key n: first row with a finding', await selectedTuple(page));
    await page.keyboard.press('n');
    check(await selectedTuple(page) === 18, 'key n again: next finding', await selectedTuple(page));
    await page.keyboard.press('j');
    check(await selectedTuple(page) === 19, 'key j: next row', await selectedTuple(page));
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    check(await selectedTuple(page) === 17, 'key k: previous row', await selectedTuple(page));
    await page.keyboard.press('p');
    check(await selectedTuple(page) === 17, 'key p: no earlier finding, selection stays', await selectedTuple(page));
    await page.keyboard.press('f');
    check(await page.isChecked('input[data-filter="low"]'), 'key f: first filter (low confidence) on');
    await page.keyboard.press('f');
    check(await page.isChecked('input[data-filter="repeated"]') && !(await page.isChecked('input[data-filter="low"]')),
      'key f again: next filter (the only kind with findings)');
    check(await rowCount(page) === 2, 'key f: rows filtered');
    await page.keyboard.press('Escape');
    check(await rowCount(page) === 21, 'Esc: filters cleared');
    await page.click('.row[data-tuple="18"]');
    await page.screenshot({ path: path.join(artifacts, 'seed.png') });
    check(problems.length === 0, 'seed page: no script error, no request', problems);
    await page.close();
  }

  // ---- 2. the planted-error corpus (tests/data/qa): the changed number, the
  // dropped sentence, the dropped name, the untranslated sentence.
  {
    const out = path.join(tmp, 'planted');
    run(['corpus', 'tests/data/qa', '-o', out, '-q']);
    const { page, problems } = await open(path.join(out, 'bundle-0001', 'report.html'));
    const numberRow = '.row[data-tuple="3"]';
    const marks = await page.$$eval(`${numberRow} mark.k-numbers`, (els) => els.map((e) => e.textContent));
    check(marks.includes('2,654') && marks.includes('2.645'), 'planted: the changed number highlighted on both sides', marks);
    check(await page.$eval(numberRow, (r) => r.classList.contains('sev-error')), 'planted: the number row is an error');
    const title = await page.$eval(`${numberRow} mark.k-numbers`, (e) => e.title);
    check(title.includes('numbers: numbers differ'), 'planted: the highlight explains itself', title);
    const names = await page.$$eval('mark.k-names', (els) => els.map((e) => e.textContent));
    check(names.includes('त्रिन्ह झुआन त्रुओंग'), 'planted: the dropped name highlighted in Hindi', names);
    check(await rowCount(page, '.row li.k-omissions') === 1, 'planted: one omission');
    check(await rowCount(page, '.row:has(li.k-omissions) .cell.empty') === 1, 'planted: the omission row has an empty cell');
    check(await rowCount(page, '.row li.k-untranslated') === 1, 'planted: one untranslated sentence');
    await page.click('input[data-filter="numbers"]');
    check(await rowCount(page) === 1, 'planted: numbers filter shows one row');
    await page.click('input[data-filter="numbers"]');
    await page.click(numberRow);
    await page.screenshot({ path: path.join(artifacts, 'planted.png') });
    check(problems.length === 0, 'planted page: no script error, no request', problems);
    await page.close();
  }

  // ---- 2b. two bundles (the seeds and tests/data/qa): the index lists them
  // with their findings, no sentence; it sorts and filters; Enter opens a
  // bundle's page, whose links and keys lead to the next bundle and back to
  // the index, at that bundle.
  {
    const out = path.join(tmp, 'two');
    run(['corpus', seeds, 'tests/data/qa', '-o', out, '-q']);
    const findings = fs.readFileSync(path.join(out, 'findings.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
    const index = path.join(out, 'report.html');
    const html = fs.readFileSync(index, 'utf8');
    const sentence = fs.readFileSync(path.join(out, 'corpus.tsv'), 'utf8').split('\n')[1].split('\t')[2];
    check(sentence.length > 20 && !html.includes(sentence) && !html.includes('"rows":'), 'index: no sentence in it');
    const { page, problems, loadMs } = await open(index, (u) => u.startsWith('file://' + out + '/'));
    timings.two_index_load_ms = loadMs;
    const ids = () => page.$$eval('.brow', (els) => els.map((e) => e.dataset.bundle));
    const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
    check(same(await ids(), ['bundle-0001', 'bundle-0002']), 'index: a row per bundle, in order', await ids());
    // Each row's findings by kind and by severity, as findings.jsonl counts them.
    for (const b of ['bundle-0001', 'bundle-0002']) {
      const chips = await page.$$eval(`.brow[data-bundle="${b}"] .fk`,
        (els) => els.map((e) => [e.dataset.kind, Number(e.querySelector('b').textContent)]));
      const want = {};
      findings.filter((f) => f.bundle === b).forEach((f) => { want[f.kind] = (want[f.kind] || 0) + 1; });
      check(same(Object.fromEntries(chips.sort()), Object.fromEntries(Object.entries(want).sort())),
        `index: ${b}'s findings by kind`, { chips, want });
      const errors = findings.filter((f) => f.bundle === b && f.severity === 'error').length;
      const sevs = await page.$eval(`.brow[data-bundle="${b}"] .sevs`, (e) => e.textContent);
      check(errors === 0 ? !sevs.includes('error') : sevs.includes(`${errors} error`), `index: ${b}'s errors`, sevs);
    }
    const n1 = findings.filter((f) => f.bundle === 'bundle-0001').length;
    const n2 = findings.filter((f) => f.bundle === 'bundle-0002').length;
    check(n2 > n1 && n1 > 0, 'two: bundle-0002 has more findings, bundle-0001 the errors', [n1, n2]);
    // s: most findings first, then most errors first, ... back to bundle order.
    await page.keyboard.press('s');
    check(same(await ids(), ['bundle-0002', 'bundle-0001']), 'index: s orders by findings', await ids());
    await page.keyboard.press('s');
    check(same(await ids(), ['bundle-0001', 'bundle-0002']), 'index: s again orders by errors', await ids());
    await page.click('#ihead button[data-order="findings"]');
    check(same(await ids(), ['bundle-0002', 'bundle-0001']), 'index: a click on "findings" orders by it', await ids());
    await page.click('#ihead button[data-order="bundle"]');
    // Filters: a kind only one bundle has; Esc clears.
    await page.click('input[data-filter="names"]');
    check(same(await ids(), ['bundle-0002']), 'index: the names filter', await ids());
    check(await page.$eval('#count', (e) => e.textContent) === '1 of 2 bundles shown', 'index: count line');
    await page.keyboard.press('Escape');
    check(same(await ids(), ['bundle-0001', 'bundle-0002']), 'index: Esc clears the filter');
    // Keys: j / k move, Enter opens the selected bundle's page.
    const selected = () => page.evaluate(() => window.polyalignReport.selected());
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    check(await selected() === 'bundle-0002', 'index: j twice selects the second bundle', await selected());
    await page.keyboard.press('k');
    check(await selected() === 'bundle-0001', 'index: k goes back', await selected());
    await page.screenshot({ path: path.join(artifacts, 'index.png') });
    const arrive = async (key, tail) => {
      const t = Date.now();
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith(tail)), page.keyboard.press(key)]);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
      return Date.now() - t;
    };
    timings.two_enter_to_rows_ms = await arrive('Enter', '/bundle-0001/report.html');
    check(await rowCount(page) === 21, 'Enter: bundle-0001\'s page, 21 rows', await rowCount(page));
    check(await rowCount(page, '.row[data-tuple="3"] li.k-numbers') === 1, 'bundle page: its own finding (numbers)');
    // bundle-0002's inconsistent translations, shown at the bundle-0001 tuples they refer to.
    const inconsistent = findings.filter((f) => f.kind === 'inconsistent' && f.bundle === 'bundle-0002' &&
      (f.related || []).some((r) => r.bundle === 'bundle-0001'));
    check(inconsistent.length > 0 && await rowCount(page, 'li.k-inconsistent') === inconsistent.length,
      'bundle page: findings of the other bundle about its tuples', inconsistent.length);
    const nav = await page.$eval('nav#nav', (e) => e.textContent);
    check(nav.includes('bundle 1 of 2') && nav.includes('bundle-0002') && await rowCount(page, 'nav a[rel=prev]') === 0,
      'bundle page: its links', nav);
    await arrive(']', '/bundle-0002/report.html');
    check(await rowCount(page) === 21 && await rowCount(page, 'li.k-names') === 1, ']: the next bundle\'s page, its names finding');
    await page.keyboard.press('n');
    await page.screenshot({ path: path.join(artifacts, 'bundle.png') });
    await arrive('[', '/bundle-0001/report.html');
    check(await page.$eval('nav#nav .at', (e) => e.textContent) === 'bundle 1 of 2', '[: the previous bundle\'s page');
    await arrive(']', '/bundle-0002/report.html');
    await arrive('i', '/report.html');
    check(page.url().endsWith('/two/report.html#bundle-0002') && await selected() === 'bundle-0002',
      'i: back to the index, at the bundle', [page.url(), await selected()]);
    await page.keyboard.press('k');
    await arrive('Enter', '/bundle-0001/report.html');
    await arrive('Backspace', '/report.html');
    check(await selected() === 'bundle-0001', 'Backspace: back to the index, at the bundle', await selected());
    check(problems.length === 0, 'index and bundle pages: no script error, no other request', problems);
    await page.close();
  }

  // ---- 6. (POLYALIGN_CORPUS_OUT) a large corpus's pages, timed.
  if (process.env.POLYALIGN_CORPUS_OUT) {
    const out = path.resolve(process.env.POLYALIGN_CORPUS_OUT);
    const index = path.join(out, 'report.html');
    let pages = 0, bytes = 0;
    for (const d of fs.readdirSync(out, { withFileTypes: true })) {
      const f = path.join(out, d.name, 'report.html');
      if (d.isDirectory() && fs.existsSync(f)) { pages++; bytes += fs.statSync(f).size; }
    }
    timings.corpus_bundle_pages = pages;
    timings.corpus_bundle_pages_bytes = bytes;
    timings.corpus_index_bytes = fs.statSync(index).size;
    const { page, problems, loadMs } = await open(index, (u) => u.startsWith('file://' + out + '/'));
    timings.corpus_index_load_ms = loadMs;
    timings.corpus_index_ready_in_page_ms = Math.round(await page.evaluate(() => window.polyalignReport.readyMs));
    check(await page.evaluate(() => window.polyalignReport.rows) === pages, 'corpus: a row per bundle page');
    // The bundle with the most findings: s, j, Enter.
    await page.keyboard.press('s');
    await page.keyboard.press('j');
    const id = await page.evaluate(() => window.polyalignReport.selected());
    const t = Date.now();
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${id}/report.html`)), page.keyboard.press('Enter')]);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    timings.corpus_enter_to_bundle_rows_ms = Date.now() - t;
    timings.corpus_bundle_ready_in_page_ms = Math.round(await page.evaluate(() => window.polyalignReport.readyMs));
    timings.corpus_bundle_bytes = fs.statSync(path.join(out, id, 'report.html')).size;
    check(await rowCount(page) > 0, 'corpus: the bundle page shows rows');
    check(problems.length === 0, 'corpus pages: no script error, no other request', problems);
    await page.close();
    const direct = await open(path.join(out, id, 'report.html'));
    timings.corpus_bundle_load_ms = direct.loadMs;
    await direct.page.close();
  }

  // ---- 3. `align --report --findings`: a number changed by this test.
  {
    const dir = path.join(tmp, 'pair');
    fs.mkdirSync(dir);
    const hi = fs.readFileSync(`${seeds}/001_6df23d5c9a213664.txt`, 'utf8');
    check(hi.includes('31.82%'), 'the Hindi seed holds 31.82%');
    fs.writeFileSync(path.join(dir, 'hi.txt'), hi.replace('31.82%', '31.28%'));
    fs.copyFileSync(`${seeds}/000_ce7c1f1e563d1f0d.txt`, path.join(dir, 'id.txt'));
    const report = path.join(dir, 'report.html'), findings = path.join(dir, 'findings.jsonl');
    run(['align', path.join(dir, 'id.txt'), path.join(dir, 'hi.txt'), '-o', path.join(dir, 'out.txt'),
      '--report', report, '--findings', findings, '-q']);
    const f = fs.readFileSync(findings, 'utf8').trim().split('\n').map(JSON.parse);
    const number = f.find((x) => x.kind === 'numbers');
    check(number && number.bead === 3 && number.severity === 'error', 'align: the changed percentage found', f);
    const { page, problems } = await open(report);
    const marks = await page.$$eval('.row[data-tuple="3"] mark.k-numbers', (els) => els.map((e) => e.textContent));
    check(marks.includes('31.28') && marks.includes('31,82'), 'align: the changed percentage highlighted', marks);
    check(await rowCount(page) === 21, 'align: 21 bead rows');
    check(problems.length === 0, 'pair page: no script error, no request', problems);
    await page.close();
  }

  // ---- 4. 10,000 beads: the page opens and filters fast (measured).
  {
    const dir = path.join(tmp, 'big');
    fs.mkdirSync(dir);
    const en = [], de = [];
    const words = [['council', 'Rat'], ['approved', 'genehmigte'], ['new', 'neue'], ['houses', 'Häuser'],
      ['the', 'die'], ['river', 'Fluss'], ['school', 'Schule'], ['bridge', 'Brücke'], ['market', 'Markt'],
      ['yesterday', 'gestern'], ['north', 'Norden'], ['station', 'Bahnhof'], ['road', 'Straße']];
    // mulberry32: a small generator good enough that no two lines repeat.
    let seed = 12345;
    const random = (n) => {
      seed = (seed + 0x6D2B79F5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    for (let i = 0; i < 10000; i++) {
      const k = 4 + random(8), a = [], b = [];
      for (let w = 0; w < k; w++) { const [x, y] = words[random(words.length)]; a.push(x); b.push(y); }
      const n = 100 + random(90000);
      // One line in a hundred: a number changed in the German.
      en.push(`Report ${i + 1}: the ${a.join(' ')} counted ${n} people.`);
      de.push(`Bericht ${i + 1}: die ${b.join(' ')} zählte ${i % 100 === 7 ? n + 1 : n} Menschen.`);
    }
    fs.writeFileSync(path.join(dir, 'en.txt'), en.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'de.txt'), de.join('\n') + '\n');
    const report = path.join(dir, 'report.html');
    const t0 = Date.now();
    run(['align', path.join(dir, 'en.txt'), path.join(dir, 'de.txt'), '--presegmented', '--lang-a', 'en',
      '--lang-b', 'de', '-o', path.join(dir, 'out.txt'), '--report', report, '-q']);
    timings.big_align_and_report_ms = Date.now() - t0;
    timings.big_report_bytes = fs.statSync(report).size;
    const { page, problems, loadMs } = await open(report);
    timings.big_load_ms = loadMs;
    timings.big_ready_in_page_ms = Math.round(await page.evaluate(() => window.polyalignReport.readyMs));
    const total = await page.evaluate(() => window.polyalignReport.rows);
    check(total === 10000, 'big: 10,000 bead rows in the data', total);
    const rendered = await page.evaluate(() => window.polyalignReport.rendered());
    check(rendered > 0 && rendered < 10000, 'big: rows rendered lazily', rendered);
    // Filter: numbers only, then back to all; timed inside the page.
    const filterMs = await page.evaluate(() => {
      const t = performance.now();
      document.querySelector('input[data-filter="numbers"]').click();
      return performance.now() - t;
    });
    const shown = await page.evaluate(() => window.polyalignReport.visible());
    check(shown === 100, 'big: numbers filter shows the 100 changed numbers', shown);
    const unfilterMs = await page.evaluate(() => {
      const t = performance.now();
      document.querySelector('input[data-filter="numbers"]').click();
      return performance.now() - t;
    });
    check(await page.evaluate(() => window.polyalignReport.visible()) === 10000, 'big: filter off, all rows back');
    timings.big_filter_ms = Math.round(filterMs);
    timings.big_unfilter_ms = Math.round(unfilterMs);
    // Scrolling near the end renders more rows.
    const before = await page.evaluate(() => window.polyalignReport.rendered());
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction((n) => window.polyalignReport.rendered() > n, before, { timeout: 10000 })
      .catch(() => {});
    check(await page.evaluate(() => window.polyalignReport.rendered()) > before, 'big: scrolling renders more rows');
    // Keys, timed in the page (a key press through the test harness costs
    // more than the page's work): n to each of the 100 findings, rows
    // rendered on the way, then End to the last row.
    const keys = (key, times) => page.evaluate(([k, n]) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
        document.body.getBoundingClientRect();  // the layout each press causes
      }
      return performance.now() - t;
    }, [key, times]);
    await page.evaluate(() => window.scrollTo(0, 0));
    timings.big_100_findings_by_key_ms = Math.round(await keys('n', 100));
    check(await selectedTuple(page) === 9907, 'big: n reaches the last finding', await selectedTuple(page));
    await page.keyboard.press('p');
    check(await selectedTuple(page) === 9807, 'big: p goes back one finding', await selectedTuple(page));
    await keys('Home', 1);
    check(await selectedTuple(page) === 0, 'big: Home selects the first row', await selectedTuple(page));
    // From a fresh list (a filter on and off again: 200 rows), End renders
    // all 10,000 at once.
    await page.click('input[data-filter="numbers"]');
    await page.click('input[data-filter="numbers"]');
    check(await page.evaluate(() => window.polyalignReport.rendered()) < 10000, 'big: a filter resets the list');
    timings.big_end_key_ms = Math.round(await keys('End', 1));
    check(await page.evaluate(() => window.polyalignReport.rendered()) === 10000, 'big: End renders every row');
    check(await selectedTuple(page) === 9999, 'big: End selects the last row', await selectedTuple(page));
    check(timings.big_load_ms < 30000 && filterMs < 10000, 'big: opens and filters (no hang)', timings);
    await page.screenshot({ path: path.join(artifacts, 'big.png') });
    check(problems.length === 0, 'big page: no script error, no request', problems);
    await page.close();
  }

  // ---- 5. editing a pair page: merge, split, move, accept, undo, save;
  // the saved JSONL read back by `polyalign convert` into TMX, and both
  // TMX files (the page's and convert's) loaded by translate-toolkit.
  {
    const dir = path.join(tmp, 'edit');
    fs.mkdirSync(dir);
    const hi = fs.readFileSync(`${seeds}/001_6df23d5c9a213664.txt`, 'utf8');
    fs.writeFileSync(path.join(dir, 'hi.txt'), hi.replace('31.82%', '31.28%'));
    fs.copyFileSync(`${seeds}/000_ce7c1f1e563d1f0d.txt`, path.join(dir, 'id.txt'));
    const [idFile, hiFile] = [path.join(dir, 'id.txt'), path.join(dir, 'hi.txt')];
    const report = path.join(dir, 'report.html');
    run(['align', idFile, hiFile, '--format', 'jsonl', '-o', path.join(dir, 'out.jsonl'), '--report', report, '-q']);
    const { page, problems } = await open(report);
    check(await page.evaluate(() => window.polyalignReport.editable), 'edit: the pair page is editable');
    // Row t's sentence indices per side, as the page shows them.
    const cells = (t) => page.$$eval(`.row[data-tuple="${t}"] .cell`,
      (cs) => cs.map((c) => [...c.querySelectorAll('.sent')].map((s) => Number(s.dataset.s))));
    const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
    await page.keyboard.press('j');
    await page.keyboard.press('m');
    check(same(await cells(0), [[0, 1], [0, 1]]) && await rowCount(page) === 20, 'edit: m merges row 1 with row 2', await cells(0));
    check(await page.$eval('.row[data-tuple="0"]', (r) => r.classList.contains('edited')), 'edit: the merged row is marked edited');
    await page.keyboard.press('s');
    check(same(await cells(0), [[0], [0]]) && same(await cells(1), [[1], [1]]) && await rowCount(page) === 21,
      'edit: s splits after the first sentence of each side', [await cells(0), await cells(1)]);
    await page.keyboard.press('j');
    await page.keyboard.press('l');
    await page.keyboard.press('Shift+K');
    check(same(await cells(0), [[0], [0, 1]]) && same(await cells(1), [[1], []]),
      'edit: K moves side B\'s first sentence up a row', [await cells(0), await cells(1)]);
    await page.keyboard.press('u');
    check(same(await cells(0), [[0], [0]]) && same(await cells(1), [[1], [1]]), 'edit: u undoes the move');
    await page.keyboard.press('Shift+ArrowUp');
    check(same(await cells(1), [[1], []]), 'edit: Shift+Up moves it up again');
    await page.keyboard.press('k');
    await page.keyboard.press('Shift+J');
    check(same(await cells(0), [[0], [0]]) && same(await cells(1), [[1], [1]]), 'edit: J moves it down again');
    await page.keyboard.press('Control+z');
    check(same(await cells(1), [[1], []]), 'edit: Ctrl+Z undoes that');
    // The changed percentage (bead 3): accept its finding, undo, accept again.
    await page.keyboard.press('n');
    check(await selectedTuple(page) === 3, 'edit: n reaches the number finding', await selectedTuple(page));
    await page.keyboard.press('a');
    check(await rowCount(page, '.row[data-tuple="3"] li.accepted') === 1 &&
      !(await page.$eval('.row[data-tuple="3"]', (r) => r.classList.contains('has-f'))), 'edit: a accepts the finding');
    await page.keyboard.press('u');
    check(await rowCount(page, '.row[data-tuple="3"] li.accepted') === 0, 'edit: u un-accepts it');
    await page.keyboard.press('a');
    const downloads = [];
    page.on('download', (d) => downloads.push(d));
    await page.keyboard.press('w');
    for (let i = 0; i < 100 && downloads.length < 2; i++) await page.waitForTimeout(50);
    const saved = {};
    for (const d of downloads) {
      saved[d.suggestedFilename()] = path.join(dir, d.suggestedFilename());
      await d.saveAs(saved[d.suggestedFilename()]);
    }
    check(same(Object.keys(saved).sort(), ['alignment.corrected.jsonl', 'alignment.corrected.tmx']),
      'edit: w downloads the JSONL and the TMX', Object.keys(saved));
    const lines = fs.readFileSync(saved['alignment.corrected.jsonl'], 'utf8').trim().split('\n').map(JSON.parse);
    const original = fs.readFileSync(path.join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map(JSON.parse);
    check(lines.length === 21 && same(lines[0].b, [0, 1]) && same(lines[1].b, []) && lines[0].edited === true,
      'edit: the saved JSONL holds the edits', lines.slice(0, 2));
    check(same(lines[3].accepted, ['numbers']) && same(lines[5], original[5]),
      'edit: an accepted finding is saved, an untouched row as align wrote it', [lines[3], lines[5], original[5]]);
    const tmx = path.join(dir, 'rebuilt.tmx');
    run(['convert', saved['alignment.corrected.jsonl'], idFile, hiFile, '--format', 'tmx', '-o', tmx]);
    // Both TMX files in translate-toolkit: the same units, the edits in them.
    const py = `
import json, sys
from translate.storage import tmx
a, b = (tmx.tmxfile.parsefile(p).units for p in sys.argv[1:3])
print(json.dumps([[u.source, u.target] for u in a] == [[u.source, u.target] for u in b]))
print(json.dumps([[u.source, u.target] for u in a[:2]]))`;
    const [agree, firstTwo] = execFileSync('/usr/bin/python3', ['-c', py, tmx, saved['alignment.corrected.tmx']],
      { encoding: 'utf8' }).trim().split('\n').map(JSON.parse);
    check(agree === true, 'edit: the rebuilt TMX and the page\'s TMX agree in translate-toolkit');
    const hiSent = (i) => Buffer.from(fs.readFileSync(hiFile)).subarray(...original[i].b_spans[0]).toString('utf8');
    check(firstTwo[0][1] === hiSent(0) + ' ' + hiSent(1) && !firstTwo[1][1],
      'edit: the rebuilt TMX has the moved sentence', firstTwo);
    await page.screenshot({ path: path.join(artifacts, 'edit.png') });
    check(problems.filter((p) => !p.startsWith('request: blob:')).length === 0,
      'edit page: no script error, no request', problems);
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

fs.writeFileSync(path.join(artifacts, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
console.log(`browser (${executablePath}): ${JSON.stringify(timings)}`);
console.log(`screenshots and timings in ${artifacts}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
