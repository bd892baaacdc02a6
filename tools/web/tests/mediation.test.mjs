// (4) A mediator takes a dispute from consent to an effective agreement (人民调解法 art. 29
// fields, every party's mark and the mediator's seal), reveals a party's full data with a
// reason, and opens the dossier.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, act, explained, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a mediator takes a dispute from consent to an effective agreement and opens the dossier", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const sup = await ApiClient.connect(server.port);
  await sup.login("supervisor");
  const committee = (await sup.call("getOrgTree", {})).units.find((u) => u.name === "河畔社区人民调解委员会");
  sup.close();
  const api = await ApiClient.connect(server.port);
  const me = (await api.login("grid1")).user;
  const category = (await api.call("listCategories", { kind: 1 })).categories.find((c) => c.leaf);
  const kase = (
    await api.call("createCase", {
      requestId: crypto.randomUUID(),
      kind: 1,
      categoryCode: category.code,
      channel: 1,
      title: `邻里漏水纠纷 ${tag}`,
      description: "楼上卫生间漏水，楼下天花板受损",
      location: { unitId: me.scopeUnitId, address: "河畔社区2号楼" },
      parties: [
        { name: "王大明", phone: "13800138001", idNumber: "11010519491231002X", role: 1 },
        { name: "李小红", phone: "13900139002", role: 2 },
      ],
      priority: 2,
    })
  ).case;
  await act(api, "acceptCase", kase);
  await act(api, "dispatchCase", kase, { unitId: committee.id }, "转社区人民调解委员会调解");
  api.close();

  const page = await newPage(browser, { width: 1024, height: 768 });
  await login(page, server, "mediator");
  await explained("mediation", () => [page], async () => {
    await page.goto(server.url + "/#/mediation");
    await page.getByText(kase.title).click();
    await page.getByRole("heading", { name: `调解工作台：${kase.title}` }).waitFor();
    await page.getByRole("button", { name: "由我所在调委会受理调解" }).click();
    await page.getByRole("button", { name: "记录同意调解：王大明" }).click();
    await page.getByRole("button", { name: "记录同意调解：李小红" }).click();
    await page.locator("[data-party='1']").getByText("同意调解", { exact: true }).waitFor();

    const session = page.getByRole("form", { name: "保存笔录" });
    await session.getByLabel("地点").fill("河畔社区调解室");
    await session.getByLabel("参加人").fill("王大明、李小红、陈建华");
    await session.getByLabel("笔录内容").fill("双方同意由楼上住户负责维修并赔偿");
    await session.getByRole("button", { name: "保存笔录" }).click();
    await page.getByText("双方同意由楼上住户负责维修并赔偿").first().waitFor();

    const draft = page.getByRole("form", { name: "制作调解协议书" });
    await draft.getByLabel("当事人的基本情况").fill("王大明，河畔社区2号楼301；李小红，河畔社区2号楼401");
    await draft.getByLabel("纠纷的主要事实").fill(`401卫生间漏水致301天花板受损 ${tag}`);
    await draft.getByLabel("争议事项").fill("维修责任与赔偿数额");
    await draft.getByLabel("各方当事人的责任").fill("李小红承担维修和赔偿责任");
    await draft.getByLabel("协议内容", { exact: true }).fill("李小红于十日内修复防水并赔偿800元");
    await draft.getByLabel("履行方式").fill("现金一次性支付");
    await draft.getByLabel("履行期限").fill("2027-01-31");
    await draft.getByRole("button", { name: "制作调解协议书" }).click();

    await page.getByRole("button", { name: "王大明 签字" }).click();
    await page.getByRole("button", { name: "李小红 按指印" }).click();
    await page.getByRole("button", { name: "调解员签字盖章" }).click();
    await page.getByText("已办结").first().waitFor();
    assert.ok(!(await page.getByText("尚未生效").count()));

    // A party's full data, with a reason.
    const card = page.locator("[data-party='0']");
    await card.getByText("查看完整信息").click();
    await card.getByLabel("查看理由").fill("回访需要联系申请人");
    await card.getByRole("button", { name: "查看", exact: true }).click();
    await card.getByText("13800138001").waitFor();

    await page.getByRole("button", { name: "生成卷宗预览" }).click();
    await page.locator(".dossier").getByText(`401卫生间漏水致301天花板受损 ${tag}`).first().waitFor();
  });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const now = (await check.call("getCase", { caseId: kase.id })).case;
  assert.equal(now.state, 4); // RESOLVED: the agreement took effect
  assert.ok(now.mediation.agreement.effectiveAt > 0n);
  assert.equal(now.mediation.sessions.length, 1);
  check.close();
  assert.deepEqual(page.errors, []);
});
