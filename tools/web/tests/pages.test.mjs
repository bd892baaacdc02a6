// (8) No main page logs a console error, and axe-core finds no serious or critical violation
// on any of them; (9) a screenshot of each at phone (360×640) and desk (1366×768) size is kept
// in GRIDCASE_WEB_ARTIFACTS. Also: large-text mode sets the base to 18 px, and the pages switch
// to English.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { Server, launch, newPage, login, ApiClient, makeCase, artifactsDir } from "./support.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

let server;
let browser;
let kase;
before(async () => {
  // Without a CJK font the screenshots show boxes instead of text: say so at once.
  const fonts = execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim();
  assert.ok(fonts, "no Chinese font is installed (fc-list :lang=zh is empty): install fonts-noto-cjk (tools/setup.sh does)");
  server = await new Server().start();
  browser = await launch();
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  kase = (await makeCase(api, `楼道灯损坏 ${crypto.randomUUID().slice(0, 6)}`)).kase;
  api.close();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SIZES = { phone: { width: 360, height: 640 }, desk: { width: 1366, height: 768 } };
const WALL = { width: 1920, height: 1080 };

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return {
      checked: result.passes.length,
      serious: result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    };
  });
}

async function visit(size, user, pages) {
  const page = await newPage(browser, { ...(SIZES[size] ?? WALL), bypassCSP: true });
  if (user) await login(page, server, user);
  const found = [];
  for (const [name, hash, ready] of pages) {
    await page.goto(server.url + "/" + hash);
    await ready(page);
    await page.waitForTimeout(200); // let the last redraw settle before the picture
    await page.screenshot({ path: path.join(artifactsDir(), `${name}-${size}.png`), fullPage: true });
    const { checked, serious } = await axe(page);
    // The rules that apply here ran (colour contrast, labels, names...).
    assert.ok(checked >= 5, `axe-core checked only ${checked} rules on ${name}`);
    for (const v of serious) found.push(`${name} (${size}): ${v}`);
  }
  const errors = page.errors;
  await page.context().close();
  return { found, errors };
}

const heading = (text) => (page) => page.getByRole("heading", { name: text }).first().waitFor();

for (const size of Object.keys(SIZES)) {
  test(`every main page at ${size} size: no console error, no serious accessibility violation`, async () => {
    const anonymous = await visit(size, null, [["login", "#/login", heading("登录")]]);
    const worker = await visit(size, "grid1", [
      ["todo", "#/todo", (p) => p.getByText(kase.title).waitFor()],
      ["case", `#/case/${kase.id}`, heading(kase.title)],
      ["report", "#/report", (p) => p.getByText("第 1 步，共 6 步").waitFor()],
      // A draft begun, then 事件上报 again: the list of drafts above 新建上报.
      ["drafts", "#/report", async (p) => {
        await p.getByLabel("标题").fill("未填完的上报");
        await p.goto(server.url + "/#/report");
        await p.getByRole("heading", { name: "草稿（1 份）" }).waitFor();
      }],
      ["outbox", "#/outbox", heading("发件箱")],
      ["inspections", "#/inspections", heading("新巡查")],
      ["settings", "#/settings", heading("设置")],
    ]);
    const supervisor = await visit(size, "supervisor", [
      ["board", "#/board", (p) => p.locator(".board-counts table").waitFor()],
      ["figures", "#/figures", (p) => p.locator(".trend-table tbody tr").first().waitFor()],
      ["project", "#/project/1", (p) => p.locator("table.milestones").waitFor()],
    ]);
    const mediator = await visit(size, "mediator", [
      ["disputes", "#/mediation", (p) => p.locator("main .cases li a").first().waitFor()],
      ["mediation", "#/mediation", async (p) => {
        await p.locator("main .cases li a").first().click();
        await p.getByRole("heading", { name: /^调解工作台：/ }).waitFor();
      }],
    ]);
    const admin = await visit(size, "admin", [["admin", "#/admin", (p) => p.getByRole("row", { name: /grid1/ }).waitFor()]]);
    const all = [anonymous, worker, supervisor, mediator, admin];
    assert.deepEqual(all.flatMap((r) => r.found), []);
    assert.deepEqual(all.flatMap((r) => r.errors), []);
  });
}

test("the board on a wall screen (1920×1080): no console error, no serious accessibility violation", async () => {
  const wall = await visit("wall", "supervisor", [["board", "#/board", (p) => p.locator(".board-counts table").waitFor()]]);
  assert.deepEqual(wall.found, []);
  assert.deepEqual(wall.errors, []);
});

test("large-text mode sets the base to 18 px and the pages switch to English", async () => {
  const page = await newPage(browser, SIZES.phone);
  await login(page, server, "grid1");
  await page.goto(server.url + "/#/settings");
  await page.getByLabel("大字模式（18 像素）").check();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "18px");
  await page.getByLabel("语言").selectOption("en");
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await page.getByRole("link", { name: "My cases" }).click();
  await page.getByRole("heading", { name: "My cases" }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  // Every control is at least 44 px high.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("button, input, select, .nav a")].filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(small, []);
  assert.deepEqual(page.errors, []);
});
