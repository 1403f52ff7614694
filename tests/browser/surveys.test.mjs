// surveys.test.mjs — 大家来选议题 and 问卷调查 on a 360-px phone, without
// JavaScript on the pages: from the studio's front page a resident backs
// one of the demo's candidate topics (a second tap is told and not
// counted), then answers the demo's questionnaire (a missing choice gets
// the form back, filled, with what to add; a second answer from the same
// browser is told and not counted). The street group sees the response in
// the console's results (counts, bars, the free text escaped), defines a
// questionnaire of its own in the console's form, and hides a text answer.
// axe-core finds no serious or critical violation on any of these pages.
// Screenshots: $MQ_ARTIFACTS/survey-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, axeSerious, launch, shot, startServer } from './lib.mjs';

let srv, browser, page;

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

async function checked(name, width = 360) {
  assert.deepEqual(await axeSerious(page), [], name);
  assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w, width),
    `${name}: no sideways scrolling at ${width} px`);
  await shot(page, `survey-${name}`);
}

// The count of backings the topics page shows for the card titled @p title.
async function supports(title) {
  const card = page.locator('section.card', { has: page.locator(`h2:text-is("${title}")`) });
  return Number((await card.locator('.hint').textContent()).match(/已有 (\d+) 人支持/)[1]);
}

test('a resident backs a candidate topic from the phone, once', async () => {
  await page.goto(`${srv.url}/f/hubin`);
  await page.click('a:has-text("大家来选议题")');
  assert.match(page.url(), /\/f\/hubin\/topics$/);
  const before = await supports('湖滨步行街共享单车乱停放');
  await checked('topics');
  const card = page.locator('section.card', { has: page.locator('h2:text-is("湖滨步行街共享单车乱停放")') });
  await card.locator('button:has-text("支持这个议题")').click();
  assert.match(await page.textContent('main'), /您的支持已经记下了/);
  assert.equal(await supports('湖滨步行街共享单车乱停放'), before + 1);
  await checked('topics-backed');
  await page.locator('section.card', { has: page.locator('h2:text-is("湖滨步行街共享单车乱停放")') })
    .locator('button:has-text("支持这个议题")').click();
  assert.match(await page.textContent('main'), /您已经支持过这个议题了/);
  assert.equal(await supports('湖滨步行街共享单车乱停放'), before + 1, 'a second backing is not counted');
});

test('the same resident answers the questionnaire, once', async () => {
  await page.goto(`${srv.url}/f/hubin`);
  await page.click('a:has-text("社区食堂意见调查")');
  assert.match(page.url(), /\/f\/hubin\/survey\/\d+$/);
  const url = page.url();
  await checked('survey');
  // the multiple choice and the text, but not the single choice
  await page.check('input[name=q2][value="1"]');
  await page.check('input[name=q2][value="3"]');
  await page.fill('textarea[name=q3t]', '饭菜少油少盐<b>软一点</b>');
  await page.click('button:has-text("提交")');
  assert.match(await page.textContent('.errors'), /第1题还没有回答/);
  assert.equal(await page.isChecked('input[name=q2][value="3"]'), true, 'kept');
  assert.equal(await page.inputValue('textarea[name=q3t]'), '饭菜少油少盐<b>软一点</b>');
  await checked('survey-refused');
  await page.check('input[name=q1][value="2"]');
  await page.click('button:has-text("提交")');
  assert.match(await page.textContent('main'), /您的回答已经记下了/);
  await checked('survey-done');
  await page.goto(url);
  assert.match(await page.textContent('main'), /您已经填过这份问卷了/);
  assert.equal(await page.locator('form textarea').count(), 0, 'no form the second time');
});

test('the street group reads the results, hides the free text and defines a questionnaire', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${srv.url}/console/login`);
  await page.fill('#username', 'hubin');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.click('nav a:has-text("问卷")');
  assert.match(page.url(), /\/console\/surveys$/);
  await checked('console-surveys', 1280);
  await page.click('a:has-text("社区食堂意见调查")');
  const main = await page.textContent('main');
  assert.match(main, /共 1 份答卷/);
  const row = page.locator('tr', { has: page.locator('th:text-is("每周几次")') });
  assert.equal((await row.locator('td').first().textContent()).trim(), '1');
  assert.equal(await page.locator('svg[role=img] rect').count(), 9, 'a bar per option');
  // escaped: the resident's <b> is text, not markup
  assert.equal(await page.locator('ul.answers b').count(), 0);
  assert.match(await page.textContent('ul.answers'), /饭菜少油少盐<b>软一点<\/b>/);
  await checked('console-results', 1280);
  await page.click('ul.answers button:has-text("隐藏")');
  assert.match(await page.textContent('ul.answers'), /已隐藏/);
  assert.equal(await page.locator('ul.answers button:has-text("恢复显示")').count(), 1);
  await page.goto(`${srv.url}/console/surveys`);
  await page.click('summary:has-text("填写问卷内容")');
  await page.selectOption('#s-scope', 'street:hubin');
  await page.fill('#s-title', '背街小巷路灯调查');
  await page.fill('#q1', '您家附近晚上路灯够亮吗？');
  await page.selectOption('#q1kind', 'single');
  await page.fill('#q1opts', '够亮\n有点暗\n很暗');
  await page.fill('#q2', '哪条路最需要加灯？');
  await page.selectOption('#q2kind', 'single');   // a choice without options: refused
  await page.click('button:has-text("发布问卷")');
  assert.match(await page.textContent('[role=alert]'), /第2题是选择题，应有2到8个选项/);
  assert.equal(await page.inputValue('#s-title'), '背街小巷路灯调查', 'the form kept');
  assert.equal(await page.inputValue('#q1opts'), '够亮\n有点暗\n很暗');
  assert.equal(await page.inputValue('#s-scope'), 'street:hubin');
  await page.selectOption('#q2kind', 'text');
  await checked('console-survey-form', 1280);
  await page.click('button:has-text("发布问卷")');
  assert.match(page.url(), /\/console\/surveys\/\d+\?ok=1$/);
  assert.match(await page.textContent('main'), /共 0 份答卷/);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${srv.url}/f/hubin`);
  assert.match(await page.textContent('main'), /背街小巷路灯调查/, 'the new questionnaire is on the phone');
});
