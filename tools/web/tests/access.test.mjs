// (7) A user of one grid cannot reach another grid's case by typing its address: the page says
// there is no such case for them and shows nothing of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, makeCase, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a grid worker typing the address of another grid's case sees no trace of it", async () => {
  const api = await ApiClient.connect(server.port);
  await api.login("grid2");
  const { kase } = await makeCase(api, `二网格的案件 ${crypto.randomUUID().slice(0, 8)}`);
  api.close();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await phone.goto(server.url + `/#/case/${kase.id}`);
  await phone.getByText("没有找到这个案件，或您无权查看它。").waitFor();
  const text = await phone.locator("main").innerText();
  assert.ok(!text.includes(kase.title) && !text.includes(kase.number), text);
  // Nor from the list.
  await phone.goto(server.url + "/#/todo");
  await phone.locator(".case-list ul, .case-list p").first().waitFor();
  assert.ok(!(await phone.locator("main").innerText()).includes(kase.title));
  // While its own grid worker does see it.
  const owner = await newPage(browser, { width: 360, height: 640 });
  await login(owner, server, "grid2");
  await owner.goto(server.url + `/#/case/${kase.id}`);
  await owner.getByRole("heading", { name: kase.title }).waitFor();
});
