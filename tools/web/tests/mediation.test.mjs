// (4) A mediator takes a dispute from consent to an effective agreement (人民调解法 art. 29
// fields, every party's mark and the mediator's seal), reveals a party's full data with a
// reason, and opens the dossier: the masked working copy, and the archive copy in full with a
// reason. Two mediators of the committee take a dispute on together, and either acts on it. An
// agreement not performed (协议未履行) is mediated again, or referred to court.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, act, explained, withServerAndBrowser, PASSWORD } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a mediator takes a dispute from consent to an effective agreement and opens the dossier", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const { kase } = await disputeAtCommittee(`邻里漏水纠纷 ${tag}`, {
    description: "楼上卫生间漏水，楼下天花板受损",
    address: "河畔社区2号楼",
    parties: [
      { name: "王大明", phone: "13800138001", idNumber: "11010519491231002X", role: 1 },
      { name: "李小红", phone: "13900139002", role: 2 },
    ],
  });

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
    // The history names the grid worker who registered it (张明), not a user number.
    await page.locator("ol.history .who", { hasText: "张明" }).first().waitFor();
    assert.equal(await page.locator("ol.history .who", { hasText: "用户 #" }).count(), 0);

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
    // The working copy masks the parties, and says so.
    await page.getByText("当前显示：工作稿（当事人信息已隐去）").waitFor();
    assert.ok(!(await page.locator(".dossier").innerText()).includes("11010519491231002X"));
    // The archive copy needs a reason, refused next to its field while empty.
    const archive = page.getByRole("form", { name: "生成归档件（含完整个人信息）" });
    await archive.getByRole("button", { name: "生成归档件（含完整个人信息）" }).click();
    const reason = archive.getByLabel("归档理由");
    assert.equal(await reason.getAttribute("aria-invalid"), "true");
    const errorId = (await reason.getAttribute("aria-describedby")).split(" ").pop();
    assert.equal(await page.locator(`#${errorId}`).innerText(), "请填写归档理由");
    assert.ok(!(await page.locator(".dossier").innerText()).includes("11010519491231002X"));
    await reason.fill("卷宗归档");
    await archive.getByRole("button", { name: "生成归档件（含完整个人信息）" }).click();
    await page.getByText("当前显示：归档件（当事人信息完整，已记入审计日志）").waitFor();
    await page.locator(".dossier").getByText("11010519491231002X").first().waitFor();
  });

  // A grid worker (who may not see personal data) is offered the working copy only.
  const worker = await newPage(browser, { width: 1024, height: 768 });
  await login(worker, server, "grid1");
  await worker.goto(server.url + `/#/mediation/${kase.id}`);
  await worker.getByRole("button", { name: "生成卷宗预览" }).waitFor();
  assert.equal(await worker.getByRole("button", { name: "生成归档件（含完整个人信息）" }).count(), 0);
  await worker.getByRole("button", { name: "生成卷宗预览" }).click();
  await worker.getByText("当前显示：工作稿（当事人信息已隐去）").waitFor();
  assert.ok(!(await worker.locator(".dossier").innerText()).includes("11010519491231002X"));
  assert.deepEqual(worker.errors, []);

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const now = (await check.call("getCase", { caseId: kase.id })).case;
  assert.equal(now.state, 4); // RESOLVED: the agreement took effect
  assert.ok(now.mediation.agreement.effectiveAt > 0n);
  assert.equal(now.mediation.sessions.length, 1);
  check.close();
  assert.deepEqual(page.errors, []);
});

// A dispute of grid1's sent to the community's mediation committee (as the grid worker does),
// its two parties given (or those of `given`); answers the case and the committee.
async function disputeAtCommittee(title, given = {}) {
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
      title,
      description: given.description ?? "双方就赔偿发生争执",
      location: { unitId: me.scopeUnitId, address: given.address ?? "河畔社区5号楼" },
      parties: given.parties ?? [
        { name: "赵永平", phone: "13800138011", role: 1 },
        { name: "钱慧敏", phone: "13900139012", role: 2 },
      ],
      priority: 2,
    })
  ).case;
  await act(api, "acceptCase", kase);
  await act(api, "dispatchCase", kase, { unitId: committee.id }, "转社区人民调解委员会调解");
  api.close();
  return { kase, committee };
}

test("two mediators of the committee take a dispute on together; both are shown and the second acts on it", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const { kase, committee } = await disputeAtCommittee(`车位纠纷 ${tag}`);
  const admin = await ApiClient.connect(server.port);
  await admin.login("admin");
  const second = (
    await admin.call("createUser", { requestId: crypto.randomUUID(), username: `med${tag}`, displayName: `何雪梅${tag}`, password: PASSWORD, role: 2, scopeUnitId: committee.id })
  ).user;
  admin.close();

  const page = await newPage(browser, { width: 1024, height: 768 });
  await login(page, server, "mediator");
  const other = await newPage(browser, { width: 1024, height: 768 });
  await explained("co-mediators", () => [page, other], async () => {
    await page.goto(server.url + `/#/mediation/${kase.id}`);
    await page.getByRole("heading", { name: `调解工作台：${kase.title}` }).waitFor();
    const pick = page.getByRole("group", { name: "调解员（可选多名）" });
    const mine = pick.getByLabel("陈建华");
    const theirs = pick.getByLabel(`何雪梅${tag}`);
    assert.equal(await mine.isChecked(), true); // the user themself, ticked first
    assert.equal(await theirs.isChecked(), false);
    // None chosen: refused next to the choice, nothing sent.
    await mine.uncheck();
    await page.getByRole("button", { name: "由我所在调委会受理调解" }).click();
    await pick.getByText("请至少选择一名调解员").waitFor();
    // Both, by keyboard for the second.
    await mine.check();
    await theirs.focus();
    await page.keyboard.press("Space");
    assert.equal(await theirs.isChecked(), true);
    await page.getByRole("button", { name: "由我所在调委会受理调解" }).click();
    const shown = page.locator("[data-mediators]");
    await shown.getByText(`陈建华、何雪梅${tag}`).waitFor();
    await page.getByText("调解委员会：河畔社区人民调解委员会").waitFor();

    // The second mediator sees both and records a party's consent.
    await login(other, server, `med${tag}`);
    await other.goto(server.url + `/#/mediation/${kase.id}`);
    await other.locator("[data-mediators]").getByText(`陈建华、何雪梅${tag}`).waitFor();
    await other.getByRole("button", { name: "记录同意调解：赵永平" }).click();
    await other.locator("[data-party='0']").getByText("同意调解", { exact: true }).waitFor();
  });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const got = await check.call("getCase", { caseId: kase.id });
  assert.deepEqual(got.case.mediation.mediatorUserIds.map(Number).sort(), [Number((await meOf("mediator")).id), Number(second.id)].sort());
  assert.equal(got.case.mediation.consents[0], 1);
  const consent = got.history.find((e) => e.action === 21);
  assert.equal(Number(consent.actorUserId), Number(second.id));
  check.close();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
});

async function meOf(username) {
  const api = await ApiClient.connect(server.port);
  const { user } = await api.login(username);
  api.close();
  return user;
}

// Through the API, as the mediator: taken on, both parties' consent, a session, the agreement
// signed by all (RESOLVED), a follow-up, then closed: a dispute CLOSED by an effective agreement.
async function closedByAgreement(title) {
  const { kase, committee } = await disputeAtCommittee(title);
  const api = await ApiClient.connect(server.port);
  const me = (await api.login("mediator")).user;
  await act(api, "assignMediation", kase, { committeeUnitId: committee.id, mediatorUserIds: [me.id] });
  await act(api, "recordConsent", kase, { partyIndex: 0, consent: 1 });
  await act(api, "recordConsent", kase, { partyIndex: 1, consent: 1 });
  await act(api, "recordSession", kase, { session: { kind: 2, at: BigInt(Date.now()), place: "河畔社区调解室", attendees: ["赵永平", "钱慧敏"], record: "双方同意赔偿" } });
  await act(api, "draftAgreement", kase, {
    agreement: {
      partiesInfo: "赵永平；钱慧敏",
      facts: "车辆剐蹭",
      disputedPoints: "赔偿数额",
      responsibilities: "钱慧敏承担责任",
      terms: [{ content: "钱慧敏赔偿500元", performance: "转账", dueAt: BigInt(Date.now() + 10 * 86400000) }],
    },
  });
  await act(api, "signAgreement", kase, { partyIndex: 0, mark: 1 });
  await act(api, "signAgreement", kase, { partyIndex: 1, mark: 1 });
  await act(api, "signAgreement", kase, { mediatorSignature: true });
  await act(api, "followUp", kase, { performed: true }, "回访：已付款");
  const closed = await act(api, "closeCase", kase, {}, "协议已履行");
  api.close();
  assert.equal(closed.state, 5);
  assert.equal(closed.outcome, 2); // AGREEMENT
  return kase;
}

test("an agreement not performed: mediated again from the workspace, or referred to court", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const again = await closedByAgreement(`剐蹭赔偿未履行 ${tag}`);
  const court = await closedByAgreement(`剐蹭赔偿起诉 ${tag}`);
  const page = await newPage(browser, { width: 1024, height: 768 });
  await login(page, server, "mediator");
  await explained("not-performed", () => [page], async () => {
    await page.goto(server.url + `/#/mediation/${again.id}`);
    const form = page.getByRole("form", { name: "协议未履行" });
    await form.waitFor();
    // What was not performed is required, said next to the field.
    await form.getByRole("button", { name: "记录协议未履行" }).click();
    await form.getByText("请填写说明").waitFor();
    await form.getByLabel("重新调解（案件重新办理）").check();
    await form.getByLabel("未履行情况").fill("钱慧敏未按期赔偿，双方同意再次调解");
    await form.getByRole("button", { name: "记录协议未履行" }).click();
    await page.locator(".not-performed").getByText("重新调解（陈建华）：钱慧敏未按期赔偿，双方同意再次调解").waitFor();
    await page.getByText("办理中").first().waitFor();
    // Mediated again, the case is no longer closed by an agreement: the step is gone.
    assert.equal(await page.getByRole("form", { name: "协议未履行" }).count(), 0);

    await page.goto(server.url + `/#/mediation/${court.id}`);
    const refer = page.getByRole("form", { name: "协议未履行" });
    await refer.getByLabel("引导其他途径（如向人民法院起诉）").check();
    await refer.getByLabel("引导途径").selectOption({ label: "诉讼" });
    await refer.getByLabel("未履行情况").fill(`赵永平称未收到500元，将向人民法院起诉 ${tag}`);
    await refer.getByRole("button", { name: "记录协议未履行" }).click();
    await page.locator(".not-performed").getByText(`引导诉讼（陈建华）：赵永平称未收到500元，将向人民法院起诉 ${tag}`).waitFor();
    // Closed as referred now, not by an agreement: the server offers the step no more.
    assert.equal(await page.getByRole("form", { name: "协议未履行" }).count(), 0);
  });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const a = (await check.call("getCase", { caseId: again.id })).case;
  assert.equal(a.state, 3); // IN_PROGRESS: mediated again
  assert.equal(a.mediation.notPerformed.length, 1);
  assert.equal(a.mediation.notPerformed[0].remediate, true);
  const c = (await check.call("getCase", { caseId: court.id })).case;
  assert.equal(c.state, 5); // stays CLOSED, referred
  assert.equal(c.mediation.notPerformed[0].remediate, false);
  assert.equal(c.mediation.notPerformed[0].referral, 3); // COURT
  assert.equal(c.mediation.notPerformed[0].note, `赵永平称未收到500元，将向人民法院起诉 ${tag}`);
  check.close();
  assert.deepEqual(page.errors, []);
});
