// lib.mjs — what the browser tests share: a real minqing-server on a free
// loopback port with a freshly seeded district, a kiosk that files opinions
// through the signed sync API (RFC 9421, as the kiosk does), and headless
// Debian chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BIN = process.env.MQ_SERVER;
export const ARTIFACTS = process.env.MQ_ARTIFACTS || join(tmpdir(), 'mq-browser-artifacts');
export const PASSWORD = 'browser-test-pw';
mkdirSync(ARTIFACTS, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function cli(dir, args, input) {
  return execFileSync(BIN, [...args, '--db', `sqlite:${join(dir, 'server.db')}`],
    { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
}

// Starts `minqing-server serve`; resolves when it says it listens.
async function serve(dir) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn(BIN, ['serve', '--db', `sqlite:${join(dir, 'server.db')}`,
      '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    proc.stderr.on('data', (d) => { log += d; if (log.length > 200000) log = log.slice(-100000); });
    const up = await new Promise((resolve) => {
      proc.stdout.on('data', (d) => { if (/listening on/.test(d.toString())) resolve(true); });
      proc.on('exit', () => resolve(false));
    });
    if (up) return { proc, url: `http://127.0.0.1:${port}`, log: () => log };
  }
  throw new Error('minqing-server did not start');
}

// A seeded district with accounts: admin, hubin and xiaoying street groups.
export async function startServer() {
  if (!BIN) throw new Error('set MQ_SERVER to the minqing-server binary');
  const dir = mkdtempSync(join(tmpdir(), 'mq-browser-'));
  cli(dir, ['seed-demo']);
  cli(dir, ['staff-add', 'admin', '--role', 'admin'], `${PASSWORD}\n`);
  cli(dir, ['staff-add', 'hubin', '--role', 'street', '--street', 'hubin'], `${PASSWORD}\n`);
  cli(dir, ['staff-add', 'xiaoying', '--role', 'street', '--street', 'xiaoying'], `${PASSWORD}\n`);
  const code = cli(dir, ['kiosk-code', '--studio', 'hubin']);
  const srv = await serve(dir);
  const r = await fetch(`${srv.url}/api/v1/enroll`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (r.status !== 200) throw new Error(`enroll answered ${r.status}`);
  const device = await r.json();
  return {
    ...srv, dir, device,
    async stop() {
      srv.proc.kill('SIGTERM');
      await new Promise((resolve) => srv.proc.exitCode !== null ? resolve() : srv.proc.on('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// One more console account on @p srv's district: staff-add USER with @p args
// (e.g. ['--role', 'liaison', '--street', 'hubin']), password PASSWORD.
export function addStaff(srv, user, args) {
  cli(srv.dir, ['staff-add', user, ...args], `${PASSWORD}\n`);
}

// A request signed like the kiosk's (DESIGN.md §5).
export async function signed(srv, method, path, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const digest = `sha-256=:${createHash('sha256').update(text).digest('base64')}:`;
  const params = `("@method" "@path" "@query" "content-digest");created=${Math.floor(Date.now() / 1000)}` +
    `;nonce="${randomBytes(16).toString('hex')}";keyid="${srv.device.device_id}";alg="hmac-sha256"`;
  const base = `"@method": ${method}\n"@path": ${path}\n"@query": ?\n"content-digest": ${digest}\n` +
    `"@signature-params": ${params}`;
  const mac = createHmac('sha256', Buffer.from(srv.device.key, 'base64')).update(base).digest('base64');
  return fetch(srv.url + path, {
    method, body: body === undefined ? undefined : text,
    headers: { 'Content-Type': 'application/json', 'Content-Digest': digest,
      'Signature-Input': `sig1=${params}`, Signature: `sig1=:${mac}:` },
  });
}

// Files opinions as the hubin kiosk; returns them with their tokens.
export async function fileOpinions(srv, list) {
  // one minute apart, the first oldest: the inbox lists newest first
  const at = (i) => new Date(Date.now() - (list.length - i) * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
  const records = list.map((o, i) => ({
    id: randomUUID(), kind: 'opinion', created_at: at(i),
    data: { token: randomBytes(16).toString('base64url'), short_code: String(10000000 + Math.floor(Math.random() * 89999999)),
      category: o.category || 'traffic', text: o.text, ...(o.community ? { community: o.community } : {}),
      ...(o.contact ? { contact: { ...o.contact, consent: true } } : {}) },
  }));
  const r = await signed(srv, 'POST', '/api/v1/records', { records });
  const answer = await r.json();
  for (const res of answer.results) if (res.result !== 'stored') throw new Error(JSON.stringify(res));
  return records.map((rec, i) => ({ ...list[i], id: rec.id, token: rec.data.token }));
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Headless chromium with a fresh profile; close() also removes the profile.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'mq-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.MQ_CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
    viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
  });
  return {
    ctx,
    async close() { await ctx.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

const AXE = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// axe-core on the page: the serious and critical violations (none expected).
// Evaluated through the DevTools protocol, which the page's CSP does not govern.
export async function axeSerious(page) {
  await page.evaluate(`${AXE};0`);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
