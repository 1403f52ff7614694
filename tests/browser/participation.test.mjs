// participation.test.mjs — participation in headless chromium: the street
// group's 候选议题 (publish, the ranking after closing, promote the top one
// into a topic), 征集 on the topic (a member clicks 报名参与 on their 议题
// page, the street group chooses them), a liaison officer (民情联络员) on a
// 360-px phone filing for a resident on /console/file and seeing it on
// /console/filings (and nothing else of the console), the street group
// finding it in the inbox as 联络员走访, and the public candidates page on
// the phone. axe-core finds no serious or critical violation on any new
// page. Screenshots: $MQ_ARTIFACTS/participation-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, addStaff, axeSerious, launch, shot, startServer } from './lib.mjs';

let srv, browser, page, topicUrl;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

before(async () => {
  srv = await startServer();
  addStaff(srv, 'chen', ['--role', 'member', '--member', 'hubin-02']);
  addStaff(srv, 'li', ['--role', 'liaison', '--street', 'hubin']);
  browser = await launch();
  page = await browser.ctx.newPage();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(user, landing = /\/console\/inbox$/) {
  await page.goto(`${srv.url}/console/login`);
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  assert.match(page.url(), landing);
}

async function logout() {
  await page.click('form.who button');
  assert.match(page.url(), /\/console\/login$/);
}

async function accessible(name) {
  assert.deepEqual(await axeSerious(page), [], name);
  await shot(page, `participation-${name}`);
}

// Today in Asia/Shanghai as YYYY-MM-DD.
function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

test('the street group publishes a candidate and promotes the top closed one', async () => {
  await page.setViewportSize(DESKTOP);
  await login('hubin');
  await page.click('nav a[href="/console/candidates"]');
  await accessible('candidates');
  await page.fill('#c-title', '湖滨路口护栏缺失');
  await page.fill('#c-desc', '过马路的老人没有护栏可扶。');
  await page.fill('#c-closes', today());
  await page.click('form[action="/console/candidates"] button[type=submit]');
  assert.match(page.url(), /\/console\/candidates\?ok=1$/);
  assert.match(await page.textContent('main'), /湖滨路口护栏缺失/);
  // the ranking: the seeded one promoted already (23 backings), then the one
  // closed three days ago (18), the top one still to promote
  const ranked = page.locator('table').nth(1).locator('tbody tr');
  assert.match(await ranked.nth(0).textContent(), /^1西湖边公厕夜间开放.*23已形成议题$/);
  assert.match(await ranked.nth(1).textContent(), /^2东坡路口增设公交候车亭.*18形成议题$/);
  await ranked.nth(1).locator('button', { hasText: '形成议题' }).click();
  assert.match(page.url(), /\/console\/topics\/[0-9a-f-]{36}\?ok=1$/);
  topicUrl = page.url().replace(/\?ok=1$/, '');
  assert.match(await page.textContent('main'), /东坡路口增设公交候车亭/);
  await accessible('promoted-topic');
  // 征集: open the topic for members
  await page.fill('#r-note', '请熟悉公共交通的委员报名');
  await page.click('button:has-text("开始征集委员")');
  assert.match(await page.textContent('main'), /正在征集委员报名参与/);
  await logout();
});

test('a member volunteers and the street group chooses them', async () => {
  await login('chen');
  await page.click('nav a[href="/console/topics"]');
  const row = page.locator('tr', { hasText: '东坡路口增设公交候车亭' });
  await row.locator('button', { hasText: '报名参与' }).click();
  assert.match(page.url(), /\/console\/topics\?ok=1$/);
  assert.match(await page.locator('tr', { hasText: '东坡路口增设公交候车亭' }).textContent(),
    /已报名，等待选定/);
  await accessible('member-calls');
  await logout();

  await login('hubin');
  await page.goto(topicUrl);
  await page.click('button:has-text("选定参与")');
  assert.match(await page.locator('tr', { hasText: '陈晓燕' }).first().textContent(), /已选定参与/);
  await accessible('volunteers-chosen');
  await page.goto(`${srv.url}/console/stats`);
  const members = page.locator('#t-members tr', { hasText: '陈晓燕' });
  // 信箱意见, 责任意见, 参与议题, 报名征集, 征集入选
  assert.deepEqual((await members.locator('td').allTextContents()).slice(-2), ['1', '1']);
  await logout();
});

test('a liaison officer files for a resident on a phone and sees only their own', async () => {
  await page.setViewportSize(PHONE);
  await login('li', /\/console\/file$/);
  assert.deepEqual(await page.locator('nav a').allTextContents(), ['走访登记', '我的登记', '修改密码']);
  await accessible('liaison-form');
  // no sideways scrolling on a 360-px phone
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await page.selectOption('#f-community', 'dongpolu');
  await page.selectOption('#f-category', 'traffic');
  await page.fill('#f-text', '东坡路口的盲道被共享单车占了，王阿姨出门不方便。');
  await page.check('#f-consent');
  await page.fill('#f-name', '王阿姨');
  await page.fill('#f-phone', '139 1234 5678');
  await page.click('button:has-text("登记")');
  assert.match(page.url(), /\/console\/filings\?ok=1$/);
  assert.match(await page.textContent('main'), /已登记/);
  assert.match(await page.textContent('main'), /盲道被共享单车占了/);
  assert.match(await page.textContent('main'), /待研判/);
  await accessible('liaison-filings');
  // the rest of the console is closed to them
  await page.goto(`${srv.url}/console/inbox`);
  assert.match(page.url(), /\/console\/file$/);
  const refused = await page.goto(`${srv.url}/console/topics`);
  assert.equal(refused.status(), 403);
  await shot(page, 'participation-liaison-refused');
  await logout();

  await page.setViewportSize(DESKTOP);
  await login('hubin');
  await page.selectOption('#f-channel', 'liaison');
  await page.click('form.filters button[type=submit]');
  const row = page.locator('tr', { hasText: '盲道被共享单车占了' });
  assert.match(await row.textContent(), /联络员走访/);
  await accessible('inbox-liaison');
  await logout();
});

test('residents see the candidates, and what became of the closed ones, on the phone', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${srv.url}/f/hubin/topics`);
  const main = await page.textContent('body');
  assert.match(main, /湖滨步行街共享单车乱停放/);
  assert.match(main, /征集结束的议题/);
  // promoted, not yet published: no topic title, no link
  assert.match(main, /委员们正在调研办理，结果公布后在这里显示/);
  await accessible('public-candidates');
});
