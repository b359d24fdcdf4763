#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The search page in a real browser: builds an index of articles.jsonl with the real vnsearch,
// starts the real `vnsearch serve` on a free loopback port, drives the system's Chromium through
// puppeteer-core (which downloads no browser) and checks what a reader does: type "ha noi", see
// highlighted hits, filter by a facet, page, follow the did-you-mean link, use Back, read the
// document whose title is an HTML tag, sort, use the keyboard, and use the page 375 px wide.
// Screenshots go to OUT/screenshots. Every process it starts is stopped; every wait is bounded.
//
// usage: node search_page_test.js --vnsearch BIN --out DIR [--fixture FILE] [--chromium PATH]
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const WAIT_MS = 10000;      // any one thing the page should do
const SERVER_START_MS = 20000;
const WHOLE_RUN_MS = 240000;
const SLOW_MS = 1500;        // how long a held-back answer is held

function parseArgs(argv) {
  const args = { fixture: path.join(__dirname, 'articles.jsonl'), chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['vnsearch', 'out', 'fixture', 'chromium'].includes(key) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete option ${argv[i]}\nusage: search_page_test.js --vnsearch BIN --out DIR [--fixture FILE] [--chromium PATH]`);
    }
    args[key] = argv[i + 1];
  }
  if (!args.vnsearch || !args.out) throw new Error('--vnsearch and --out are required');
  return args;
}

function loadPuppeteer() {
  try {
    return require('puppeteer-core');
  } catch {
    throw new Error(`puppeteer-core is not installed: run \`PUPPETEER_SKIP_DOWNLOAD=1 npm ci\` in ${__dirname}`);
  }
}

// --- the server ----------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(base, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`vnsearch serve did not answer /healthz within ${SERVER_START_MS} ms`);
}

// Starts `vnsearch serve` on a free port; another process may take the port between the probe
// and the bind, so a server that exits at once is tried again on a new port.
async function startServer(vnsearch, db, logFile) {
  for (let attempt = 1; attempt <= 3; ++attempt) {
    const port = await freePort();
    const log = fs.openSync(logFile, 'a');
    const child = spawn(vnsearch, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
      { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const base = `http://127.0.0.1:${port}`;
    if (await waitForHealth(base, child, Date.now() + SERVER_START_MS)) return { child, base };
    console.error(`vnsearch serve exited (${child.exitCode ?? child.signalCode}) on port ${port}; see ${logFile}`);
  }
  throw new Error(`vnsearch serve would not start; see ${logFile}`);
}

async function stopProcess(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) return;
  console.error(`${name} ignored SIGTERM for 5 s: killing it`);
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
}

// --- checks --------------------------------------------------------------------------------------

let checks = 0;
function check(condition, what, detail) {
  if (!condition) throw new Error(`FAILED: ${what}${detail === undefined ? '' : `\n  got: ${JSON.stringify(detail)}`}`);
  ++checks;
  console.log(`ok ${checks} - ${what}`);
}

// What the page shows, read from the DOM in one go.
function readPage(page) {
  return page.evaluate(() => {
    const q = (sel) => document.querySelector(sel);
    const visible = (node) => !!node && !node.hidden && node.getClientRects().length > 0;
    return {
      search: location.search,
      input: q('#q').value,
      status: q('#status').textContent,
      hits: [...document.querySelectorAll('#results .hit')].map((hit) => ({
        title: hit.querySelector('.hit-title').textContent,
        titleMarks: [...hit.querySelectorAll('.hit-title mark')].map((m) => m.textContent),
        snippetMarks: [...hit.querySelectorAll('.hit-snippet mark')].map((m) => m.textContent),
        source: hit.querySelector('.hit-source')?.textContent ?? '',
        date: hit.querySelector('.hit-date')?.getAttribute('datetime') ?? '',
        href: hit.querySelector('.hit-link').href,
      })),
      suggestion: visible(q('#suggestion')) ? q('#suggestion a')?.textContent ?? '' : '',
      interpreted: visible(q('#interpreted')) ? q('#interpreted strong')?.textContent ?? '' : '',
      chips: [...document.querySelectorAll('#chips .chip')].map((c) => [c.dataset.field, c.dataset.value]),
      message: visible(q('#message')) ? q('#message').textContent : '',
      errorShown: visible(q('#message.message-error')),
      currentPage: q('#pager [aria-current="page"]')?.textContent ?? '',
      resultImages: document.querySelectorAll('#results img, #results script').length,
      busy: q('#results').getAttribute('aria-busy'),
    };
  });
}

// Waits until the page has settled (no request in flight) and `ok(state)` holds; returns the state.
async function waitForState(page, ok, what) {
  const deadline = Date.now() + WAIT_MS;
  let state;
  while (Date.now() < deadline) {
    state = await readPage(page);
    if (state.busy !== 'true' && ok(state)) return state;
    await sleep(50);
  }
  throw new Error(`FAILED: timed out after ${WAIT_MS} ms waiting for ${what}\n  last state: ${JSON.stringify(state)}`);
}

async function api(base, params) {
  const response = await fetch(`${base}/api/search?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(WAIT_MS) });
  const body = await response.json();
  if (!response.ok) throw new Error(`/api/search ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

const titles = (state) => state.hits.map((h) => h.title);
const paramOf = (state, name) => new URLSearchParams(state.search).getAll(name);

async function historyBack(page) { await page.evaluate(() => history.back()); }

// The reader's session, step by step, on the page at `base`.
// `traffic.external`: the URLs the page asked for outside `base` (each blocked);
// `traffic.slow`: queries whose /api/search requests are held back for SLOW_MS.
async function runPageChecks(page, base, shots, traffic) {
  const { external } = traffic;
  const shot = async (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: WAIT_MS });
  let state = await waitForState(page, (s) => s.hits.length === 0, 'the empty start page');
  check(await page.$eval('#welcome', (n) => !n.hidden), 'the start page shows the welcome text');
  await shot('01-start');

  // "/" focuses the box from anywhere.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement?.id === 'q'), '"/" focuses the search box');

  // Results as you type, highlighted.
  const expected = await api(base, { q: 'ha noi', limit: 10, facets: 'source' });
  check(expected.total > 10, 'the fixture has more than one page of "ha noi" hits', expected.total);
  await page.keyboard.type('ha noi', { delay: 40 });
  state = await waitForState(page, (s) => s.hits.length > 0 && s.input === 'ha noi' && paramOf(s, 'q')[0] === 'ha noi',
    'hits for "ha noi" typed in the box');
  const page1 = state;
  check(state.hits.length === 10, 'typing "ha noi" shows a page of ten hits, without pressing Enter', state.hits.length);
  check(JSON.stringify(titles(state)) === JSON.stringify(expected.hits.map((h) => h.title)),
    'the page shows the hits of /api/search in its order', titles(state));
  check(state.hits.every((h) => h.titleMarks.concat(h.snippetMarks).some((m) => /hà nội/i.test(m))),
    'every hit marks "Hà Nội" in its title or snippet', state.hits.map((h) => [h.titleMarks, h.snippetMarks]));
  check(state.hits.filter((h) => h.titleMarks.includes('Hà Nội')).length >= 5,
    'titles have "Hà Nội" marked as one piece (byte offsets mapped onto the accented text)', state.hits.map((h) => h.titleMarks));
  const flower = state.hits.find((h) => h.title.includes('🍜'));
  check(flower?.titleMarks.includes('Hà Nội'), 'after a four-byte character (an emoji) the marks still fall on "Hà Nội"', flower);
  check(/10/.test(state.status) && /kết quả/.test(state.status), 'the live status tells the count', state.status);
  check(await page.$eval('#status', (n) => n.getAttribute('aria-live')) === 'polite', 'the count is announced (aria-live)');
  check(state.suggestion === 'hà nội', 'the did-you-mean link proposes "hà nội"', state.suggestion);
  await shot('02-results-ha-noi');

  // Arrow keys move from the box through the hits and back.
  await page.focus('#q');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.closest('.hit')?.querySelector('.hit-title')?.textContent);
  check(focused === page1.hits[1].title, 'ArrowDown twice from the box focuses the second hit', focused);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  check(await page.evaluate(() => document.activeElement?.id === 'q'), 'ArrowUp from the first hit returns to the box');

  // Page 2, then Back to page 1.
  await page.click('#pager a[aria-label="Trang 2"]');
  state = await waitForState(page, (s) => paramOf(s, 'page')[0] === '2' && s.currentPage === '2' && s.hits.length > 0, 'page 2');
  const expected2 = await api(base, { q: 'ha noi', limit: 10, offset: 10 });
  check(JSON.stringify(titles(state)) === JSON.stringify(expected2.hits.map((h) => h.title)),
    'page 2 shows hits 11 and on', titles(state));
  check(titles(state).every((t) => !titles(page1).includes(t)), 'page 2 repeats no hit of page 1');
  check(/^11–/.test(state.status), 'the status counts from 11 on page 2', state.status);
  await shot('03-page-2');
  await historyBack(page);
  state = await waitForState(page, (s) => paramOf(s, 'page').length === 0 && s.currentPage === '1', 'Back to page 1');
  check(JSON.stringify(titles(state)) === JSON.stringify(titles(page1)), 'Back restores page 1 with its hits');

  // A facet filters, shows as a chip, and the chip removes it.
  const facetButton = await page.$('#facets .facet-value[data-field="source"]');
  check(facetButton !== null, 'the page lists the "source" facet');
  const [source, facetCount] = await facetButton.evaluate((b) => [b.dataset.value, Number(b.querySelector('.facet-count').textContent)]);
  check(source === Object.entries(expected.facets?.source ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0],
    'the first source listed is the most frequent one', [source, expected.facets]);
  await facetButton.click();
  state = await waitForState(page, (s) => s.chips.some(([f, v]) => f === 'source' && v === source) && s.hits.every((h) => h.source === source),
    `the filter source:"${source}"`);
  check(paramOf(state, 'source')[0] === source, 'the filter is in the URL', state.search);
  check(state.hits.length === Math.min(facetCount, 10), `the filter keeps the ${facetCount} hits its facet counted`, state.hits.length);
  check(await page.$eval(`#facets .facet-value[data-field="source"][aria-pressed="true"]`, (b) => b.dataset.value) === source,
    'the chosen facet value is marked pressed');
  await shot('04-facet-source');
  // A tag narrows further (the tag list counts within the source's hits).
  const tagButton = await page.$('#facets .facet-value[data-field="tag"][data-value="giao thông"]');
  check(tagButton !== null, 'the tag facet lists "giao thông" among the filtered hits');
  const tagCount = await tagButton.evaluate((b) => Number(b.querySelector('.facet-count').textContent));
  await tagButton.click();
  state = await waitForState(page, (s) => s.chips.length === 2 && s.hits.length === tagCount, 'the source and tag filters together');
  check(paramOf(state, 'tag')[0] === 'giao thông' && paramOf(state, 'source')[0] === source, 'both filters are in the URL', state.search);
  await historyBack(page);
  state = await waitForState(page, (s) => s.chips.length === 1 && s.hits.length === Math.min(facetCount, 10), 'Back to the source filter alone');
  await page.click('#chips .chip[data-field="source"]');
  state = await waitForState(page, (s) => s.chips.length === 0 && s.hits.length === 10, 'the filter removed by its chip');
  check(paramOf(state, 'source').length === 0, 'removing the chip takes the filter out of the URL');
  await historyBack(page);
  state = await waitForState(page, (s) => s.chips.length === 1 && s.hits.every((h) => h.source === source), 'Back to the filtered list');
  check(state.hits.length === Math.min(facetCount, 10), 'Back restores the filter');
  await historyBack(page);
  state = await waitForState(page, (s) => s.chips.length === 0 && s.hits.length === 10, 'Back to the unfiltered list');

  // Months: listed as 10/2020, filtering by date:2020-10; a year then replaces the month.
  const months = await api(base, { q: 'ha noi', limit: 1, facets: 'month' });
  const [month, monthCount] = Object.entries(months.facets?.month ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
  const monthButton = await page.$(`#facets .facet-value[data-field="month"][data-value="${month}"]`);
  check(monthButton !== null, 'the page lists the month facet', months.facets);
  const monthText = await monthButton.evaluate((b) => [b.querySelector('.facet-name').textContent, Number(b.querySelector('.facet-count').textContent)]);
  check(monthText[0] === `${month.slice(5)}/${month.slice(0, 4)}` && monthText[1] === monthCount,
    'a month shows as MM/YYYY with its count', [month, monthText]);
  await monthButton.click();
  state = await waitForState(page, (s) => s.chips.some(([f, v]) => f === 'month' && v === month) && s.hits.length === Math.min(monthCount, 10),
    `the filter date:${month}`);
  check(state.hits.every((h) => h.date.startsWith(month)), 'every hit is of that month', state.hits.map((h) => h.date));
  check(paramOf(state, 'month')[0] === month, 'the month is in the URL', state.search);
  await shot('04b-facet-month');
  await page.click(`#facets .facet-value[data-field="year"][data-value="${month.slice(0, 4)}"]`);
  state = await waitForState(page, (s) => s.chips.length === 1 && s.chips[0][0] === 'year', 'the year in place of the month');
  check(paramOf(state, 'month').length === 0 && paramOf(state, 'year')[0] === month.slice(0, 4), 'the URL has the year alone', state.search);
  await page.click('#chips .chip[data-field="year"]');
  state = await waitForState(page, (s) => s.chips.length === 0 && s.hits.length === 10, 'the year filter removed');

  // The did-you-mean link.
  await page.click('#suggestion a');
  state = await waitForState(page, (s) => paramOf(s, 'q')[0] === 'hà nội' && s.hits.length > 0, 'the search for the suggestion');
  check(state.input === 'hà nội', 'following the suggestion puts "hà nội" in the box', state.input);
  check(state.suggestion === '', 'an accented query gets no suggestion', state.suggestion);
  await shot('05-suggestion-followed');
  await historyBack(page);
  state = await waitForState(page, (s) => paramOf(s, 'q')[0] === 'ha noi' && s.hits.length > 0, 'Back to "ha noi"');
  check(state.input === 'ha noi' && state.suggestion === 'hà nội', 'Back restores the typed query and its suggestion', state.input);

  // Sort by date: newest first.
  await page.select('#sort', 'date');
  state = await waitForState(page, (s) => paramOf(s, 'sort')[0] === 'date' && s.hits.length === 10, 'hits sorted by date');
  const dates = state.hits.map((h) => h.date);
  check(dates.every((d, i) => i === 0 || dates[i - 1] >= d) && dates[0] === '2023-03-12', 'sorting by date puts the newest first', dates);
  await historyBack(page);
  await waitForState(page, (s) => paramOf(s, 'sort').length === 0 && s.hits.length === 10, 'Back to relevance order');

  // An answer that arrives after a newer one is never shown.
  traffic.slow.add('kinh tế');
  await replaceQuery(page, 'kinh tế');
  await sleep(200);  // its request is on its way, held back
  await replaceQuery(page, 'ha noi');
  state = await waitForState(page, (s) => paramOf(s, 'q')[0] === 'ha noi' && s.hits.length === 10, 'the newer search');
  await sleep(SLOW_MS + 300);
  state = await readPage(page);
  check(JSON.stringify(titles(state)) === JSON.stringify(titles(page1)) && state.input === 'ha noi',
    'a slow answer to an older query does not replace the newer hits', titles(state));
  traffic.slow.clear();

  // Keystrokes typed with the input method off are searched as what they spell, and the page says so.
  await replaceQuery(page, 'Haf Nooij');
  state = await waitForState(page, (s) => paramOf(s, 'q')[0] === 'Haf Nooij' && s.hits.length > 0, 'hits for Telex keystrokes');
  check(state.interpreted === 'Hà Nội', 'Telex keystrokes "Haf Nooij" are shown as searched for "Hà Nội"', state.interpreted);
  check(state.hits.some((h) => h.titleMarks.includes('Hà Nội')), 'and the hits mark "Hà Nội"', state.hits.map((h) => h.titleMarks));

  // Empty and error states.
  await replaceQuery(page, 'xylophon');
  state = await waitForState(page, (s) => s.message !== '' && paramOf(s, 'q')[0] === 'xylophon', 'the no-results message');
  check(state.hits.length === 0 && /Không tìm thấy/.test(state.message), 'a query without hits says so', state.message);
  await replaceQuery(page, 'date:2020-13');
  state = await waitForState(page, (s) => s.errorShown, 'the error message for a bad date');
  check(state.hits.length === 0, 'a query the server rejects shows an error, not stale hits', state.message);
  await shot('06-error');

  // The document titled with an HTML tag shows the tag's characters and runs nothing.
  const xssTitle = '<img src=x onerror=alert(1)>';
  await replaceQuery(page, 'onerror');
  state = await waitForState(page, (s) => s.hits.length > 0 && paramOf(s, 'q')[0] === 'onerror', 'the HTML-titled document');
  check(state.hits[0].title === xssTitle, 'the title shows the literal characters', state.hits[0].title);
  check(state.resultImages === 0, 'no <img> or <script> element came out of index text');
  await sleep(300);  // an onerror handler would have fired by now
  await shot('07-html-title');

  // Enter on a hit opens its article (the fixture's urls are outside: the request is blocked).
  check(external.length === 0, 'the page loads nothing from outside its server (no CDN)', external);
  await page.focus('#q');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const deadline = Date.now() + WAIT_MS;
  while (!external.includes(state.hits[0].href) && Date.now() < deadline) await sleep(50);
  check(external.includes(state.hits[0].href), 'Enter on the focused hit opens its article', [external, state.hits[0].href]);
}

async function replaceQuery(page, text) {
  await page.click('#q', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press('Enter');
}

// A phone-sized window: no horizontal scrolling, the filters behind their button still work.
async function runPhoneChecks(page, base, shots) {
  await page.setViewport({ width: 375, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(`${base}/?q=ha+noi`, { waitUntil: 'load', timeout: WAIT_MS });
  let state = await waitForState(page, (s) => s.hits.length === 10, 'hits at 375 px');
  const width = () => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  let [scroll, client] = await width();
  check(client === 375 && scroll <= client, 'at 375 px the results page has no horizontal scroll', [scroll, client]);
  await page.screenshot({ path: path.join(shots, '08-phone-results.png'), fullPage: true });
  check(await page.$eval('#facets', (n) => n.getClientRects().length === 0), 'at 375 px the facets wait behind the "Bộ lọc" button');
  await page.tap('#filters-toggle');
  check(await page.$eval('#facets', (n) => n.getClientRects().length > 0), 'the "Bộ lọc" button opens the facets');
  await page.tap('#facets .facet-value[data-field="year"]');
  state = await waitForState(page, (s) => s.chips.some(([f]) => f === 'year'), 'a year filter at 375 px');
  const year = state.chips.find(([f]) => f === 'year')[1];
  check(state.hits.length > 0 && state.hits.every((h) => h.date.startsWith(year)), `the year facet keeps only ${year}`, state.hits.map((h) => h.date));
  check(await page.$eval('#facets', (n) => n.getClientRects().length === 0), 'choosing a value closes the facets to show the hits');
  await page.tap('#filters-toggle');
  [scroll, client] = await width();
  check(scroll <= client, 'with the facets and a chip open there is still no horizontal scroll', [scroll, client]);
  await page.screenshot({ path: path.join(shots, '09-phone-filters.png'), fullPage: true });
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: WAIT_MS });
  [scroll, client] = await width();
  check(scroll <= client, 'the start page fits 375 px', [scroll, client]);
  await page.screenshot({ path: path.join(shots, '10-phone-start.png') });
}

// --- main ----------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const puppeteer = loadPuppeteer();
  if (!fs.existsSync(args.chromium)) throw new Error(`no browser at ${args.chromium} (apt install chromium, or --chromium PATH)`);
  const out = path.resolve(args.out);
  const shots = path.join(out, 'screenshots');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });

  const db = path.join(out, 'index');
  const indexed = spawnSync(args.vnsearch, ['index', '--db', db, '-q', args.fixture], { encoding: 'utf8', timeout: 60000 });
  if (indexed.status !== 0) throw new Error(`vnsearch index failed (${indexed.status ?? indexed.signal}): ${indexed.stderr}`);

  let server = null;
  let browser = null;
  const problems = [];
  const watchdog = setTimeout(() => {
    console.error(`FAILED: the whole run took over ${WHOLE_RUN_MS} ms`);
    browser?.process()?.kill('SIGKILL');
    server?.child.kill('SIGKILL');
    process.exit(1);
  }, WHOLE_RUN_MS);
  try {
    server = await startServer(args.vnsearch, db, path.join(out, 'server.log'));
    console.log(`# vnsearch serve at ${server.base}`);
    browser = await puppeteer.launch({
      executablePath: args.chromium, headless: true, timeout: 30000, protocolTimeout: 30000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--lang=vi'],
    });
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    // Any dialog is a script run from index text (the page itself never opens one).
    page.on('dialog', async (dialog) => {
      problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      const url = msg.location()?.url ?? '';
      const expected = (/\/favicon\.ico$/.test(url) && /404/.test(text))  // the server has no favicon
        || (/\/api\/search\?q=date%3A2020-13/.test(url) && /400/.test(text))  // the error-state check
        || /ERR_BLOCKED_BY_CLIENT/.test(text);  // the article opened by Enter, blocked above
      if (msg.type() === 'error' && !expected) {
        problems.push(`console error: ${text} ${msg.location()?.url ?? ''}`);
      }
    });
    const traffic = { external: [], slow: new Set() };
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === server.base) {
        const held = url.pathname === '/api/search' && traffic.slow.has(url.searchParams.get('q'));
        setTimeout(() => request.continue().catch(() => {}), held ? SLOW_MS : 0);
      } else {
        traffic.external.push(request.url());
        request.abort('blockedbyclient').catch(() => {});
      }
    });
    await runPageChecks(page, server.base, shots, traffic);
    await runPhoneChecks(page, server.base, shots);
    check(problems.length === 0, 'no dialog, script error, console error or CSP violation', problems);
    console.log(`# ${checks} checks passed; screenshots in ${shots}`);
  } finally {
    clearTimeout(watchdog);
    if (browser) {
      const closed = await Promise.race([browser.close().then(() => true, () => false), sleep(5000).then(() => false)]);
      if (!closed) browser.process()?.kill('SIGKILL');
    }
    if (server) await stopProcess(server.child, 'vnsearch serve');
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message || err);
    process.exitCode = 1;
  });
} else {
  module.exports = { runPageChecks, runPhoneChecks };
}
