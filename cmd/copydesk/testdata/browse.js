// Drives headless Chromium through copydesk serve: search, article, story
// timeline, explain and run pages, then a hostile record and the static
// report. Usage: node browse.js BASE_URL SHOT_DIR REPORT_FILE
// (SHOT_DIR "" for no screenshots). Exits 1 with a message on the first
// assertion that fails. NODE_PATH must reach playwright-core; CHROMIUM is
// the browser's executable.
const { chromium } = require('playwright-core');
const path = require('path');

const [base, shots, reportFile] = process.argv.slice(2);

function assert(cond, msg) {
  if (!cond) throw new Error('assertion failed: ' + msg);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  const dialogs = [];
  const pageErrors = [];
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', e => pageErrors.push(String(e)));
  // Runs before any script of the page could: records CSP violations.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', e =>
      window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  });
  const shot = async name => {
    if (shots) await page.screenshot({ path: path.join(shots, name) });
  };
  const text = async sel => (await page.locator(sel).first().innerText()).trim();
  const noScriptRan = async where => {
    const pwned = await page.evaluate(() => window.__pwned);
    assert(pwned === undefined, `${where}: a payload ran (window.__pwned = ${pwned})`);
    assert(dialogs.length === 0, `${where}: a dialog opened: ${dialogs}`);
  };
  const step = (name, detail) => console.log(JSON.stringify({ step: name, ok: true, ...detail }));

  // 1. The control page holds an inline script under the server's CSP: the
  // detector must see it blocked, or the checks below prove nothing.
  await page.goto(base + '/control');
  await page.waitForTimeout(200);
  const controlViolations = await page.evaluate(() => window.__violations);
  assert(controlViolations.length > 0, 'control: the inline script was not reported as blocked');
  await noScriptRan('control');
  step('control', { violations: controlViolations });

  // 2. Search.
  await page.goto(base + '/search?q=flood+barrier');
  const count = await text('#count');
  assert(/of [0-9]+ articles/.test(count), 'search: no count: ' + count);
  const hits = await page.locator('li.hit').count();
  assert(hits >= 4, 'search: want 4 or more hits, got ' + hits);
  assert(await page.locator('li.hit mark').count() > 0, 'search: no highlighted term');
  await shot('serve-search.png');
  step('search', { count, hits });

  // 3. Article: the hit of the first publisher.
  await page.locator('li.hit a.title', { hasText: 'flood barrier' }).first().click();
  await page.waitForSelector('#title');
  const title = await text('#title');
  assert(/flood barrier/i.test(title), 'article: title ' + title);
  const date = await text('#date');
  assert(/signal: json-ld/.test(date), 'article: no date signal: ' + date);
  assert((await text('#summary-how')).startsWith('Made from'), 'article: no summary method');
  assert((await text('#source')).includes('offset'), 'article: no source location');
  await shot('serve-article.png');
  step('article', { title, date });
  const articleURL = page.url();

  // 4. Story timeline.
  await page.click('#story-link');
  await page.waitForSelector('#members');
  const rows = await page.locator('#members tbody tr').count();
  assert(rows === 4, 'story: want 4 members, got ' + rows);
  const first = await text('#first-site');
  assert(first === 'harbourtimes.example', 'story: first publisher ' + first);
  const kinds = await page.locator('#members td.kind').allInnerTexts();
  assert(kinds.includes('first') && kinds.includes('copy') && kinds.includes('rewrite'), 'story: kinds ' + kinds);
  assert(await page.locator('figure.timeline svg circle').count() === 4, 'story: want 4 dots on the timeline');
  await shot('serve-story.png');
  step('story', { rows, first, kinds });

  // 5. Explain.
  await page.goto(articleURL);
  await page.click('#explain-link');
  await page.waitForSelector('#blocks');
  const kept = await page.locator('#blocks li.kept').count();
  const dropped = await page.locator('#blocks li.dropped del').count();
  assert(kept > 0 && dropped > 0, `explain: kept ${kept}, dropped ${dropped}`);
  const reasons = await page.locator('#blocks .reason').allInnerTexts();
  assert(reasons.every(r => r.length > 0), 'explain: a dropped block without reason');
  assert(await page.locator('#not-same').count() === 0, 'explain: the blocks kept are not the record');
  await shot('serve-explain.png');
  step('explain', { kept, dropped, reasons: [...new Set(reasons)] });

  // 6. Run page.
  await page.click('nav a[href="/run"]');
  await page.waitForSelector('#manifest');
  assert((await text('#manifest')).includes('records'), 'run: no manifest');
  const charts = await page.locator('section.figure svg').count();
  assert(charts >= 6, 'run: want 6 or more charts, got ' + charts);
  await shot('serve-run.png');
  step('run', { charts });

  // 7. The hostile record: every payload shows as text, nothing runs,
  // and nothing even tries (no violation).
  await page.goto(base + '/search?q=hostile');
  assert(await page.locator('li.hit').count() === 1, 'hostile: want one hit');
  const hitTitle = await text('li.hit a.title');
  assert(hitTitle.includes('<script>window.__pwned=1</script>'), 'hostile: title not shown as text: ' + hitTitle);
  await page.locator('li.hit a.title').click();
  await page.waitForSelector('#title');
  assert((await text('#title')).includes('<script>'), 'hostile: article title');
  assert((await text('#authors')).includes('onerror'), 'hostile: authors not shown as text');
  assert((await text('#text')).includes('<script>window.__pwned=6</script>'), 'hostile: text not shown as text');
  const badLinks = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => !/^(\/|https?:)/.test(h)));
  assert(badLinks.length === 0, 'hostile: links that are not http or the server: ' + badLinks);
  assert(await page.locator('img, iframe, object, embed, style').count() === 0, 'hostile: markup from the record was rendered');
  await noScriptRan('hostile article');
  await shot('serve-hostile.png');
  await page.click('#explain-link');
  await page.waitForSelector('#blocks, #no-source');
  await noScriptRan('hostile explain');
  const violations = await page.evaluate(() => window.__violations);
  assert(violations.length === 0, 'hostile: CSP violations: ' + violations);
  step('hostile', { title: hitTitle });

  // 8. The static report: no script, the charts drawn.
  await page.goto('file://' + reportFile);
  assert(await page.locator('script').count() === 0, 'report: has a script');
  const reportCharts = await page.locator('svg.chart').count();
  assert(reportCharts >= 6, 'report: want 6 or more charts, got ' + reportCharts);
  step('report', { charts: reportCharts });

  assert(pageErrors.length === 0, 'page errors: ' + pageErrors);
  await browser.close();
})().catch(e => {
  console.error(String(e && e.stack || e));
  process.exit(1);
});
