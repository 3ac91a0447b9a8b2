// Drives the web console of a running `fakewatch demo --serve` in Debian's headless Chromium.
// Env: CONSOLE_URL (http://127.0.0.1:PORT/console/), VIDEO_URI (a shared video's file: URI), OUT_DIR
// (screenshots), CHROMIUM (default /usr/bin/chromium), WAIT_MS (how long a verdict may take).
// Prints one line "RESULT {json}" and exits 0, or prints "FAILED: why" and exits 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.env.CONSOLE_URL;
const videoUri = process.env.VIDEO_URI;
const outDir = process.env.OUT_DIR || 'target/console-it';
const waitMs = Number(process.env.WAIT_MS || 300000);
if (!url || !videoUri) {
  console.error('FAILED: set CONSOLE_URL and VIDEO_URI');
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), 'fakewatch-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', e => problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error' && !m.text().includes('404')) problems.push('console: ' + m.text()); });
  await page.goto(url);
  await page.locator('#verdicts').waitFor();

  // submit through the form, by its label and button name (what a keyboard or screen-reader user finds)
  await page.evaluate(() => { window.__notReloaded = true; });
  await page.getByLabel('Video URI').fill(videoUri);
  await page.getByRole('button', { name: 'Submit' }).click();
  const link = page.locator('#submit-result a');
  await link.waitFor({ timeout: 30000 });
  const videoId = (await link.textContent()).trim();
  check(/^[A-Za-z0-9._-]+$/.test(videoId), 'odd video id ' + videoId);

  // its row appears by polling, without a reload
  const row = page.locator(`#verdict-rows tr[data-video-id="${videoId}"]`);
  await row.waitFor({ timeout: waitMs });
  check(await page.evaluate(() => window.__notReloaded === true), 'the list page reloaded');
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, 'console-list.png'), fullPage: true });

  // open it from the row's link
  await row.getByRole('link', { name: videoId }).click();
  await page.waitForURL(u => u.hash === '#/video/' + encodeURIComponent(videoId));
  await page.locator('section.track').first().waitFor({ timeout: waitMs });
  const verdict = await page.evaluate(async id => (await fetch('/api/videos/' + encodeURIComponent(id))).json(), videoId);
  const frames = verdict.tracks.reduce((n, t) => n + (t.timeline || []).length, 0);
  const thumbnails = await page.locator('.thumbs img').count();
  check(thumbnails > 0, 'no thumbnails');
  check(thumbnails === frames, `thumbnails ${thumbnails} != timeline entries ${frames}`);
  const series = await page.locator('svg.score-chart g.series path').count();
  check(series > 0, 'the chart has no series path');
  const segmentsShown = await page.locator('section.track div.segments').count();
  check(segmentsShown === verdict.tracks.length, 'a track without its segments region');
  const segmentItems = await page.locator('.segments-list li').count();
  check(segmentItems === (verdict.segments || []).length, `segments listed ${segmentItems} != ${(verdict.segments || []).length}`);
  const shades = await page.locator('svg.score-chart rect.segment-shade').count();
  check(shades === (verdict.segments || []).length, `segments shaded ${shades} != ${(verdict.segments || []).length}`);
  const label = (await page.locator('.facts .label').first().textContent()).trim();
  check(label.endsWith(verdict.label), `label shown "${label}" but verdict says ${verdict.label}`);

  // the thumbnails are lazy: scroll them in and see real images arrive from the thumbnail route
  await page.locator('.thumbs').first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('.thumbs img')].some(i => i.complete && i.naturalWidth > 0),
    null, { timeout: 30000 });
  const loaded = await page.evaluate(() => [...document.querySelectorAll('.thumbs img')].filter(i => i.naturalWidth > 0).length);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, 'console-video.png'), fullPage: true });
  check(problems.length === 0, problems.join('; '));
  console.log('RESULT ' + JSON.stringify({ videoId, label: verdict.label, status: verdict.status, tracks: verdict.tracks.length,
    frames, thumbnails, thumbnailsLoaded: loaded, series, segments: segmentItems }));
} catch (e) {
  console.log('FAILED: ' + e.message + (problems.length ? ' (' + problems.join('; ') + ')' : ''));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
