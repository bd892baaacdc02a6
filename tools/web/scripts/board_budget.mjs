// Measures the supervisor's board against its budgets (issue 17): with N open cases in the
// subtree (default 1,000), how long the board takes to be drawn, and how long a change made
// elsewhere takes to show on it. Prints the numbers; asserts nothing.
//
//   GRIDCASED=build/tools/gridcased/gridcased GRIDCASE_ADMIN=build/tools/admin/gridcase-admin \
//   GRIDCASE_WEB_DIST=build/tools/web/dist node tools/web/scripts/board_budget.mjs [N]
import crypto from "node:crypto";
import { Server, launch, newPage, login, ApiClient } from "../tests/support.mjs";

const n = Number(process.argv[2] ?? 1000);
const server = await new Server().start();
const browser = await launch();
try {
  const api = await ApiClient.connect(server.port);
  const me = (await api.login("grid1")).user;
  const category = (await api.call("listCategories", { kind: 5 })).categories.find((c) => c.leaf);
  const make = (title) =>
    api.call("createCase", { requestId: crypto.randomUUID(), kind: 5, categoryCode: category.code, channel: 1, title, description: "负载", location: { unitId: me.scopeUnitId, address: "测试" }, priority: 2 });
  const started = Date.now();
  for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => make(`负载案件 ${i + j}`)));
  console.log(`made ${n} open cases in ${Date.now() - started} ms`);

  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  const times = [];
  for (let round = 0; round < 3; round++) {
    await page.goto(server.url + "/#/settings");
    await page.getByRole("heading", { name: "设置" }).waitFor();
    const t0 = Date.now();
    await page.goto(server.url + "/#/board");
    await page.locator(".board-counts table").waitFor();
    await page.locator(".area-fresh .cases li").first().waitFor();
    times.push(Date.now() - t0);
  }
  console.log(`board drawn with ${n} open cases: ${times.join(", ")} ms (budget 1000 ms)`);

  const pushes = [];
  for (let round = 0; round < 5; round++) {
    const title = `新上报 ${crypto.randomUUID().slice(0, 8)}`;
    const t0 = Date.now();
    await make(title);
    await page.locator(".area-fresh").getByText(title).waitFor();
    pushes.push(Date.now() - t0);
  }
  console.log(`a change made elsewhere visible on the board after: ${pushes.join(", ")} ms (budget 1000 ms)`);
  api.close();
} finally {
  await browser.close();
  await server.close();
}
