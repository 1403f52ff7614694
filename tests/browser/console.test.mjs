// console.test.mjs — the staff console and the resident's page in headless
// chromium: a street group signs in, triages two opinions into one topic
// (分析研判), takes it through 协商办理 to 督查反馈; the resident opens the
// tracking page on a 360-px phone, sees the timeline and rates. axe-core
// checks the main pages; XSS payloads in residents' fields stay text. A
// resident's real booking (a signed `booking` record, as the kiosk sends it)
// shows on its phone page and on the console's roster; the street group
// cancels that shift and the phone page says so. A new kiosk enrollment code
// comes with a QR code that zbarimg reads as the server's address and the code.
// Screenshots: $MQ_ARTIFACTS/*.png.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, PASSWORD, axeSerious, fileOpinions, launch, shot, signed, startServer } from './lib.mjs';

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
let srv, browser, page, ops, topicUrl;
const dialogs = [];

before(async () => {
  srv = await startServer();
  ops = await fileOpinions(srv, [
    { text: '东坡路口红绿灯时间太短，老人过马路走不完。', community: 'dongpolu',
      contact: { name: '赵秀梅', phone: '13912345678' } },
    { text: '岳王路口的行人绿灯也很短，希望延长。', community: 'yuewanglu' },
    { text: `楼道灯坏了 ${XSS}`, category: 'property', contact: { name: `王${XSS}`.slice(0, 50), phone: '13800001111' } },
  ]);
  browser = await launch();
  page = await browser.ctx.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(user) {
  await page.goto(`${srv.url}/console/`);
  assert.match(page.url(), /\/console\/login$/);
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  assert.match(page.url(), /\/console\/inbox$/);
}

test('a street group signs in and sees its inbox, newest first', async () => {
  await login('hubin');
  const rows = await page.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 3);
  assert.match(rows[2], /东坡路口/);
  assert.match(rows[0], /待研判/);
  await shot(page, 'console-inbox');
});

test('triage two opinions into one topic, then consultation and feedback', async () => {
  await page.click(`a[href="/console/opinions/${ops[0].id}"]`);
  assert.match(await page.textContent('main'), /13912345678/);   // street groups see the contact
  await page.click('summary:has-text("形成新议题")');
  await page.fill('#title', '东坡路、岳王路口信号灯配时');
  await page.check(`input[name=also][value="${ops[1].id}"]`);
  await page.fill('#topic_new-pub', '已形成协商议题，委员将到路口实地查看。');
  await page.fill('#topic_new-int', '先联系交警中队');
  await shot(page, 'console-opinion-triage');
  await page.click('button:has-text("形成议题")');
  assert.match(page.url(), /\/console\/topics\/[0-9a-f-]{36}\?ok=1$/);
  topicUrl = page.url().replace(/\?ok=1$/, '');
  assert.match(await page.textContent('main'), /岳王路口/);

  await page.fill('#t-visits_planned', '2');
  await page.fill('#t-visits_done', '2');
  await page.check('input[name=members][value="hubin-01"]');
  await page.click('button:has-text("保存调研走访")');
  await page.check('input[name=consult_form][value="meeting"]');
  await page.fill('#t-consult_date', '2026-12-01');
  await page.fill('#t-participants', '区交警大队、社区、居民代表');
  await page.click('button:has-text("保存协商办理")');
  assert.match(await page.textContent('main'), /协商办理/);
  await page.fill('#t-result', '经例会式协商，交警部门已将两个路口的行人绿灯延长至35秒。');
  await page.fill('#t-followup_due', '2027-01-15');
  await page.click('button:has-text("公布办理结果")');
  assert.match(await page.textContent('main'), /督查反馈/);
  assert.match(await page.textContent('main'), /办理结果已于/);
  await shot(page, 'console-topic-feedback');
});

test('the resident follows it on a 360-px phone and rates it', async () => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${srv.url}/t/${ops[1].token}`);
  const main = await page.textContent('main');
  for (const step of ['收集采集', '分析研判', '调研走访', '协商办理', '督查反馈'])
    assert.ok(main.includes(step), step);
  assert.match(main, /东坡路、岳王路口信号灯配时/);
  assert.match(main, /行人绿灯延长至35秒/);
  assert.match(main, /委员将到路口实地查看/);
  assert.doesNotMatch(main, /交警中队/);                          // internal note
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  assert.equal(await page.locator('input[name=stars]').count(), 5);
  await shot(page, 'track-phone-feedback');
  await page.click('a:has-text("大字版")');
  assert.match(page.url(), /size=large/);
  assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize) >= 22));
  await shot(page, 'track-phone-large');
  await page.check('input[name=stars][value="5"]');
  await page.fill('#comment', '很快就解决了，谢谢！');
  await page.click('button:has-text("提交评价")');
  assert.match(page.url(), /rated=1/);
  assert.match(await page.textContent('main'), /评价已收到/);
  assert.equal(await page.locator('input[name=stars]').count(), 0);  // once per opinion
  await shot(page, 'track-phone-rated');
  await page.goto(`${srv.url}/board/hubin`);
  assert.match(await page.textContent('main'), /行人绿灯延长至35秒/);
  await shot(page, 'board-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('XSS payloads in residents\' fields render as text and run nothing', async () => {
  const xssOp = ops[2];
  for (const url of [`${srv.url}/console/inbox`, `${srv.url}/console/opinions/${xssOp.id}`,
    `${srv.url}/t/${xssOp.token}`]) {
    await page.goto(url);
    const injected = await page.evaluate(() =>
      document.querySelectorAll('main script, main img, [onerror]').length);
    assert.equal(injected, 0, `markup injected on ${url}`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `script ran on ${url}`);
  }
  await page.goto(`${srv.url}/console/opinions/${xssOp.id}`);
  assert.ok((await page.textContent('main')).includes(XSS), 'the payload is shown as text');
  assert.deepEqual(dialogs, []);
});

test('a form without the CSRF token is refused', async () => {
  const r = await browser.ctx.request.post(`${srv.url}/console/opinions/${ops[2].id}/triage`,
    { form: { action: 'reject', public_note: 'x' }, maxRedirects: 0 });
  assert.equal(r.status(), 403);
});

test('a real booking: the phone page, the roster, and a cancelled shift', async () => {
  // a free slot of the seeded roster (today and the next 14 days), as the
  // kiosk sees it, at least an hour ahead
  const state = await (await signed(srv, 'GET', '/api/v1/kiosk/state')).json();
  const soon = Date.now() + 3600 * 1000;
  let shift, slot;
  for (const sh of state.shifts) {
    slot = sh.slots.find((sl) => sl.free > 0 && Date.parse(sl.start) > soon);
    if (slot) { shift = sh; break; }
  }
  assert.ok(slot, 'the demo roster has a free slot');
  assert.match(slot.id, /^hubin-\d{8}-\d{4}$/);
  const token = randomBytes(16).toString('base64url');
  const r = await signed(srv, 'POST', '/api/v1/records', { records: [{
    id: randomUUID(), kind: 'booking', created_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    data: { token, short_code: '24681357', slot: slot.id, name: '王小明', phone: '13812345678',
      topic: '小区加装电梯的资金分摊' } }] });
  assert.equal((await r.json()).results[0].result, 'stored');

  // the resident's phone
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${srv.url}/b/${token}`);
  let main = await page.textContent('main');
  assert.match(main, /已预约/);
  assert.match(main, /小区加装电梯的资金分摊/);
  assert.doesNotMatch(main, /13812345678|王小明/);                // masked
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'booking-phone');

  // the street group's roster for that week, on a desk
  await page.setViewportSize({ width: 1280, height: 900 });
  const day = slot.id.replace(/^hubin-(\d{4})(\d{2})(\d{2})-.*$/, '$1-$2-$3');
  await page.goto(`${srv.url}/console/roster?week=${day}`);
  assert.equal(await page.getAttribute('nav a[aria-current=page]', 'href'), '/console/roster');
  const row = page.locator(`tr:has(input[name=shift][value="${shift.id}"])`);
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[5], '1', `booked count in ${cells.join(' | ')}`);
  assert.match(cells[7], /已排班|值班中/);
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'console-roster');

  // a pasted CSV with a bad line: the line number, nothing stored
  await page.fill('#csv', 'kind,studio,member,date,start,end,slot_minutes,capacity,until,note\n' +
    `shift,hubin,hubin-01,${day},18:00,19:00,45,2,,\n`);
  await page.click('button:has-text("导入")');
  assert.match(await page.textContent('[role=alert]'), /第 2 行：每段 45 分钟不能整除值班时长 60 分钟/);
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'console-roster-import-error');

  // cancel the shift: its booking goes with it, and the phone page says why
  await page.goto(`${srv.url}/console/roster?week=${day}`);
  await row.locator('summary').click();
  await row.locator('input[name=reason]').fill('委员临时参加区政协会议');
  await row.locator('button:has-text("确认取消")').click();
  assert.match(await page.textContent('[role=status]'), /1 个预约随之取消/);
  assert.match(await page.textContent('main'), /委员临时参加区政协会议/);
  await shot(page, 'console-roster-cancelled');
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${srv.url}/b/${token}`);
  main = await page.textContent('main');
  assert.match(main, /已取消/);
  assert.match(main, /工作室取消了这个时段的值班/);
  assert.match(main, /委员临时参加区政协会议/);
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'booking-phone-cancelled');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('a new enrollment code comes with a QR: a scanner reads the server and the code', async () => {
  await page.goto(`${srv.url}/console/kiosks`);
  await page.click('button:has-text("生成登记码")');
  const code = (await page.locator('.notice strong').first().textContent()).trim();
  assert.match(code, /^[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}-[2-9A-HJ-NP-TV-Z]{4}$/);
  assert.match(await page.locator('.notice').first().textContent(), new RegExp(srv.url));
  const png = join(ARTIFACTS, 'console-enroll-qr.png');
  await page.locator('svg.qr').screenshot({ path: png });
  const read = execFileSync('zbarimg', ['-q', '--raw', png]).toString().trim();
  assert.equal(read, `${srv.url}/#enroll=${code}`);
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'console-kiosks-code');
});

test('axe-core: no serious or critical violations on the main pages', async () => {
  const pages = [`/t/${ops[0].token}`, `/t/${ops[2].token}?size=large`, '/board/hubin',
    '/console/inbox', `/console/opinions/${ops[2].id}`, topicUrl.replace(srv.url, ''),
    '/console/topics', '/console/members', '/console/kiosks', '/console/stats',
    '/console/audit', '/console/roster', '/console/attendance'];
  const booking = await fetch(`${srv.url}/b/AAAAAAAAAAAAAAAAAAAAAA`);
  if (booking.headers.get('content-type')?.startsWith('text/html')) pages.push('/b/AAAAAAAAAAAAAAAAAAAAAA');
  const problems = [];
  for (const p of pages) {
    await page.goto(srv.url + p);
    for (const v of await axeSerious(page)) problems.push(`${p} ${v}`);
  }
  await page.goto(`${srv.url}/console/stats`);
  await shot(page, 'console-stats');
  await page.goto(`${srv.url}/console/login`);
  for (const v of await axeSerious(page)) problems.push(`/console/login ${v}`);
  assert.deepEqual(problems, []);
});

test('an admin makes the technician PIN: shown once, eight digits, for every studio', async () => {
  await page.goto(`${srv.url}/console/inbox`);
  await page.click('header button:has-text("退出")');
  await login('admin');
  await page.goto(`${srv.url}/console/kiosks`);
  await page.selectOption('#f-scope', '');
  await page.click('button:has-text("生成新的维护密码")');
  const notice = await page.locator('.notice').first().textContent();
  assert.match(notice, /新的维护密码：\d{8}（只显示这一次/);
  const pins = page.locator('table').filter({ hasText: '全区（没有单独设置的工作室）' });
  assert.match(await pins.textContent(), /全区（没有单独设置的工作室）.*admin/);
  assert.deepEqual(await axeSerious(page), []);
  await shot(page, 'console-kiosks-pin');
  await page.goto(`${srv.url}/console/kiosks`);
  assert.doesNotMatch(await page.locator('main').textContent(), /新的维护密码：/);   // shown once
});
