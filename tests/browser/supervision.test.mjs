// supervision.test.mjs — 督查 in headless chromium: the inbox and topics
// with 剩余/超期 and their urgency order; the district issues a supervision
// order (督办) from a topic, the street group signs for it and answers; the
// time limits and calendar page with a year's import; the notification
// settings; the assessment statistics with their SVG; the resident's
// tracking page with its due date on a 360-px phone. axe-core finds no
// serious or critical violation on any of them. Screenshots:
// $MQ_ARTIFACTS/supervision-*.png.
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, axeSerious, launch, shot, signed, startServer } from './lib.mjs';

let srv, browser, page, topicUrl, orderUrl;
const ops = [];
const day = 86400 * 1000;
const iso = (t) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  srv = await startServer();
  // one opinion collected three weeks ago (long overdue), one today
  const list = [{ text: '吴山路老旧小区楼道灯长期不亮，晚上老人上下楼很危险。', at: Date.now() - 21 * day },
    { text: '东坡路口的行人绿灯太短。', at: Date.now() - 60000 }];
  const records = list.map((o) => ({
    id: randomUUID(), kind: 'opinion', created_at: iso(o.at),
    data: { token: randomBytes(16).toString('base64url'), short_code: '13572468', category: 'traffic',
      text: o.text },
  }));
  const answer = await (await signed(srv, 'POST', '/api/v1/records', { records })).json();
  for (const r of answer.results) assert.equal(r.result, 'stored');
  records.forEach((r, i) => ops.push({ ...list[i], id: r.id, token: r.data.token }));
  browser = await launch();
  page = await browser.ctx.newPage();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(user) {
  await page.goto(`${srv.url}/console/login`);
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  assert.match(page.url(), /\/console\/inbox$/);
}

async function logout() {
  await page.click('form.who button');
  assert.match(page.url(), /\/console\/login$/);
}

async function accessible(name) {
  assert.deepEqual(await axeSerious(page), [], name);
  await shot(page, `supervision-${name}`);
}

test('the inbox shows how long is left or how late, the most urgent first', async () => {
  await login('hubin');
  const rows = await page.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /吴山路/);
  assert.match(rows[0], /分析研判 超期\d+个工作日/);
  assert.match(rows[1], /分析研判 (剩余\d+个工作日|今日到期)/);
  assert.equal(await page.locator('tbody tr:first-child .tag.warn').count(), 1);
  await accessible('inbox');
  await page.selectOption('#f-sort', 'time');
  await page.click('button:has-text("筛选")');
  assert.match((await page.locator('tbody tr').allTextContents())[0], /东坡路口/);
});

test('a topic shows its deadlines; the street group cannot issue orders', async () => {
  await page.goto(`${srv.url}/console/opinions/${ops[0].id}`);
  assert.match(await page.textContent('#deadlines'), /分析研判.*前/);
  await page.click('summary:has-text("形成新议题")');
  await page.fill('#title', '吴山路楼道照明');
  await page.fill('#topic_new-pub', '已立项，委员将实地查看。');
  await page.click('button:has-text("形成议题")');
  topicUrl = page.url().replace(/\?ok=1$/, '');
  assert.match(await page.textContent('#deadlines'), /逾期完成/);
  assert.equal(await page.locator('summary:has-text("发出督办")').count(), 0);
  await page.goto(`${srv.url}/console/topics`);
  assert.match(await page.textContent('tbody'), /办结|首次答复/);
  await accessible('topics');
  await logout();
});

test('the district issues a supervision order from the topic', async () => {
  await login('admin');
  await page.goto(topicUrl);
  await page.click('summary:has-text("发出督办")');
  await page.fill('#o-note', '请于本周内完成实地查看，并答复区政协。');
  await accessible('topic-issue');
  await page.click('button:has-text("发出督办")');
  assert.match(page.url(), /\/console\/supervision\/[0-9a-f-]{36}\?ok=1$/);
  orderUrl = page.url().replace(/\?ok=1$/, '');
  assert.match(await page.textContent('main'), /请于本周内完成实地查看/);
  await page.goto(`${srv.url}/console/supervision`);
  assert.match(await page.textContent('main'), /待签收/);
  assert.match(await page.textContent('main'), /超期升级清单/);
  await accessible('list-admin');
});

test('the time limits and the calendar: a year imported', async () => {
  await page.goto(`${srv.url}/console/calendar`);
  assert.match(await page.textContent('main'), /收集后5个工作日内/);
  await page.fill('#c-csv', 'date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n');
  await page.click('button:has-text("导入")');
  assert.match(await page.textContent('[role=alert]'), /第 3 行/);
  await accessible('calendar-error');
  await page.fill('#c-csv', 'date,kind\n2027-01-01,holiday\n2027-02-07,workday\n');
  await page.click('button:has-text("导入")');
  assert.match(await page.textContent('[role=status]'), /2027年的安排已更新/);
  assert.match(await page.textContent('#calendar'), /2027年/);
  await accessible('calendar');
});

test('notification settings: a street group\'s robot', async () => {
  await page.goto(`${srv.url}/console/webhooks`);
  const row = page.locator('tr:has(th:has-text("湖滨街道委员工作室"))');
  await row.locator('summary').click();
  await row.locator('input[name=url]').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh1234');
  await row.locator('select[name=format]').selectOption('wecom');
  await row.locator('button:has-text("保存")').click();
  assert.match(await page.textContent('[role=status]'), /已保存/);
  const text = await page.textContent('main');
  assert.match(text, /企业微信群机器人/);
  assert.doesNotMatch(text, /abcdefgh/);                 // the robot's key is not shown
  assert.match(text, /督办通知/);                          // the order's message, queued
  await accessible('webhooks');
});

test('the assessment statistics: on-time rates and orders', async () => {
  await page.goto(`${srv.url}/console/stats`);
  const table = await page.textContent('#t-ontime');
  assert.match(table, /按时研判率/);
  assert.match(table, /湖滨街道/);
  assert.match(table, /0%（0\/1）/);
  assert.match(await page.textContent('#t-orders'), /湖滨街道\s*1/);
  assert.ok(await page.locator('svg[aria-labelledby=svg-ontime]').count() === 1);
  await accessible('stats');
  await logout();
});

test('the street group signs for the order and answers it', async () => {
  await login('hubin');
  await page.goto(orderUrl);
  await page.click('button:has-text("签收")');
  await page.fill('#o-answer', '委员已于周三实地查看，物业已更换楼道灯具。');
  await accessible('order-street');
  await page.click('button:has-text("提交答复")');
  const main = await page.textContent('main');
  assert.match(main, /物业已更换楼道灯具/);
  assert.equal(await page.locator('#o-answer').count(), 0);
  await page.goto(`${srv.url}/console/supervision`);
  assert.match(await page.textContent('main'), /已答复/);
  await accessible('list-street');
  await logout();
});

test('the resident sees by when, on a 360-px phone', async () => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${srv.url}/t/${ops[1].token}`);
  assert.match(await page.textContent('.due'), /^按规定应于\d{1,2}月\d{1,2}日前完成分析研判$/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  await accessible('track-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});
