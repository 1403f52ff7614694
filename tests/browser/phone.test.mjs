// phone.test.mjs — the phone side (民情E点通) in headless chromium on a
// 360-px phone, without JavaScript on the pages: a resident files an opinion
// (normal and 大字版), reviews it, follows the redirect to the tracking page
// with its 查询码 and five steps; books a slot in both modes and lands on
// the booking page with its calendar entry; a wrong phone number gets the
// form back with what to change. The street group finds the opinion in the
// console inbox with channel 手机 and opens the studio's door poster.
// axe-core finds no serious or critical violation on any page of the flow.
// Screenshots: $MQ_ARTIFACTS/phone-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, PASSWORD, axeSerious, launch, shot, startServer } from './lib.mjs';

let srv, browser, page;
const FIVE = ['收集采集', '分析研判', '调研走访', '协商办理', '督查反馈'];
const TEXT = '吴山路12号楼道灯坏了两个月，晚上老人上下楼看不清，请帮忙修一修。';
const LARGE_TEXT = '清波街道菜场门口电动车乱停，人行道走不过去。';

before(async () => {
  srv = await startServer();
  browser = await launch();
  page = await browser.ctx.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function checked(name) {
  assert.deepEqual(await axeSerious(page), [], name);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360),
    `${name}: no sideways scrolling at 360 px`);
  await shot(page, `phone-${name}`);
}

async function large() {
  return page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize) >= 22);
}

test('a resident files an opinion with name and phone, reviews it, and gets the 查询码', async () => {
  await page.goto(`${srv.url}/f/hubin`);
  assert.match(await page.textContent('header'), /湖滨街道委员工作室/);
  const hp = await page.locator('input[name=homepage]').boundingBox();
  assert.ok(hp.x + hp.width <= 0, 'the honeypot is off screen');
  assert.equal(await page.isChecked('input[name=contact][value=no]'), true, 'anonymous by default');
  await checked('form');
  await page.check('input[name=category][value=property]');
  await page.selectOption('#f-community', 'wushanlu');
  await page.fill('#f-text', TEXT);
  await page.selectOption('#f-member', { index: 1 });
  await page.check('input[name=contact][value=yes]');
  await page.fill('#f-name', '赵秀梅');
  await page.fill('#f-phone', '139 1234 5678');
  await page.check('input[name=consent]');
  await shot(page, 'phone-form-filled');
  await page.click('button:has-text("下一步")');
  const review = await page.textContent('main');
  assert.match(review, /请核对您的意见|将要提交给/);
  assert.match(review, /139\*\*\*\*5678/);
  assert.doesNotMatch(review, /13912345678|赵秀梅/);
  await checked('review');
  await page.click('button:has-text("确认提交")');
  assert.match(page.url(), /\/t\/[A-Za-z0-9_-]{22}\?new=1$/);
  const main = await page.textContent('main');
  assert.match(main, /您的意见已提交/);
  assert.match(main, /请收藏本页/);
  assert.match(await page.textContent('.thanks .code'), /^\d{8}$/);
  for (const step of FIVE) assert.ok(main.includes(step), step);
  assert.doesNotMatch(main, /赵秀梅|13912345678/);
  await checked('tracking');
});

test('大字版: the same flow in large type, anonymous', async () => {
  await page.goto(`${srv.url}/f/hubin`);
  await page.click('a:has-text("大字版")');
  assert.match(page.url(), /\/f\/hubin\?size=large$/);
  assert.ok(await large(), 'large type');
  await checked('form-large');
  await page.check('input[name=category][value=traffic]');
  await page.fill('#f-text', LARGE_TEXT);
  await page.click('button:has-text("下一步")');
  assert.ok(await large(), 'the review in large type');
  assert.match(await page.textContent('main'), /匿名/);
  await checked('review-large');
  await page.click('button:has-text("确认提交")');
  assert.match(page.url(), /\?new=1&size=large$/);
  assert.ok(await large(), 'the tracking page in large type');
  const main = await page.textContent('main');
  for (const step of FIVE) assert.ok(main.includes(step), step);
  await checked('tracking-large');
});

test('a wrong phone number gets the form back, filled, with what to change', async () => {
  await page.goto(`${srv.url}/f/hubin`);
  await page.check('input[name=category][value=traffic]');
  await page.fill('#f-text', '测试：手机号写错了。');
  await page.check('input[name=contact][value=yes]');
  await page.fill('#f-phone', '12345');
  await page.click('button:has-text("下一步")');
  assert.match(await page.textContent('.errors'), /手机号应为11位数字/);
  assert.match(await page.textContent('.errors'), /需要勾选/);
  assert.equal(await page.inputValue('#f-text'), '测试：手机号写错了。');
  await checked('form-errors');
});

async function book(mode) {
  const q = mode === 'large' ? '?size=large' : '';
  await page.goto(`${srv.url}/f/hubin/book${q}`);
  if (mode === 'large') assert.ok(await large(), 'large type');
  await checked(`book${mode === 'large' ? '-large' : ''}`);
  const slot = page.locator('input[name=slot]:not([disabled])').first();
  await slot.check();
  await page.fill('#f-name', mode === 'large' ? '钱大伯' : '孙阿姨');
  await page.fill('#f-phone', '13800138000');
  await page.fill('#f-topic', '小区加装电梯的事');
  await page.click('button:has-text("确认预约")');
  assert.match(page.url(), /\/b\/[A-Za-z0-9_-]{22}(\?size=large)?$/);
  const main = await page.textContent('main');
  assert.match(main, /预约成功/);
  assert.doesNotMatch(main, /13800138000/);
  const ics = await page.getAttribute('a:has-text("加入手机日历")', 'href');
  const r = await fetch(srv.url + ics);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /BEGIN:VEVENT/);
  await checked(`booked${mode === 'large' ? '-large' : ''}`);
}

test('a resident books a slot from the phone', () => book('normal'));
test('大字版: booking in large type', () => book('large'));

test('the street group finds it in the inbox with channel 手机 and prints the poster', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${srv.url}/console/login`);
  await page.fill('#username', 'hubin');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  assert.equal(await page.locator('select[name=channel] option[value=phone]').textContent(), '手机');
  await page.goto(`${srv.url}/console/inbox?channel=phone`);
  const inbox = await page.textContent('main');
  assert.match(inbox, /吴山路12号楼道灯/);
  assert.match(inbox, /手机/);
  assert.deepEqual(await axeSerious(page), [], 'inbox');
  await shot(page, 'phone-console-inbox');
  await page.goto(`${srv.url}/console/kiosks`);
  await page.click('a:has-text("海报")');
  assert.match(page.url(), /\/console\/poster\/hubin$/);
  assert.equal(await page.locator('svg.qr').count(), 1);
  assert.match(await page.textContent('main'), /开放时间：周一至周五/);
  assert.match(await page.textContent('main'), /\/f\/hubin/);
  assert.deepEqual(await axeSerious(page), [], 'poster');
  await shot(page, 'phone-poster');
  // print-ready: one A4 page
  const pdf = await page.pdf({ path: join(ARTIFACTS, 'phone-poster.pdf'), format: 'A4',
    printBackground: true });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g).length, 1, 'one A4 page');
});
