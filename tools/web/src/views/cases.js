// 我的待办 (the user's open cases, nearest deadline first) and the case page (detail, history,
// the case it was merged into or the cases merged into it, and the actions this user may take
// now, which go through the outbox).
import { h, clear, field, asFileButton } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId, ApiError } from "../api.js";
import { cache } from "../store.js";
import { allowedActions, actionRequest, OPEN_STATES } from "../actions.js";
import { deadlineChip, deadlineText, nearestDeadline, historyList } from "./common.js";
import { categories } from "../data.js";
import { photoProblem, preparePhoto } from "../photos.js";

// 处置前 / 处置后: photos taken at report and photos added while the case is handled, told apart
// by what the server records: an attachment whose ATTACH event comes before the case's first
// change of state after it was made (accepting, dispatching, ...) is a report photo; any later
// is a handling photo. Without its event in the history, its upload time is compared instead.
export function photoStages(attachments, history) {
  const events = [...(history ?? [])].sort((a, b) => Number(a.seq) - Number(b.seq));
  const moved = events.find((ev) => ev.action !== 1 && ev.fromState && ev.toState && ev.fromState !== ev.toState);
  const before = [];
  const after = [];
  for (const a of attachments ?? []) {
    const attached = events.find((ev) => ev.action === 60 && ev.details?.attachment_id === String(a.id));
    const early = !moved || (attached ? Number(attached.seq) < Number(moved.seq) : Number(a.uploadedAt) < Number(moved.at));
    (early ? before : after).push(a);
  }
  return { before, after };
}

// True when the case's category, or one above it, asks for evidence before resolving.
function evidenceRequired(cats, code) {
  const byCode = new Map(cats.map((c) => [c.code, c]));
  for (let c = byCode.get(code); c; c = byCode.get(c.parentCode)) if (c.evidenceRequired) return true;
  return false;
}

export function todoPage(app) {
  const list = h("div", { class: "case-list" }, h("p", {}, "…"));
  const note = h("p", { class: "hint", "aria-live": "polite" });
  const el = h(
    "div",
    { class: "page" },
    h("div", { class: "title-row" }, h("h1", {}, t("todo_title")), h("button", { type: "button", onclick: load }, t("refresh"))),
    note,
    list,
  );

  async function load() {
    let cases = null;
    note.textContent = "";
    const key = `todo:${app.api.user.id}`;
    if (app.api.online) {
      try {
        const reply = await app.api.call("listCases", { states: OPEN_STATES, order: 2, pageSize: 200 });
        cases = reply.value.cases;
        await cache.set(key, cases);
      } catch {
        cases = null;
      }
    }
    if (!cases) {
      const kept = await cache.get(key);
      cases = kept?.value ?? [];
      if (kept) note.textContent = t("todo_cached", { time: formatTime(kept.at) });
    }
    // Nearest deadline first; cases without a running clock last.
    cases = [...cases].sort((a, b) => (nearestDeadline(a) || Infinity) - (nearestDeadline(b) || Infinity) || Number(b.createdAt - a.createdAt));
    clear(
      list,
      cases.length
        ? h(
            "ul",
            { class: "cases" },
            cases.map((c) =>
              h(
                "li",
                {},
                h(
                  "a",
                  { href: `#/case/${c.id}`, class: "case-row" },
                  h("span", { class: "case-title" }, c.title),
                  h("span", { class: "case-meta" }, deadlineChip(c), ` ${c.number} · ${enumName("state", c.state)} · ${deadlineText(c)}`),
                ),
              ),
            ),
          )
        : h("p", {}, t("todo_empty")),
    );
  }
  load();
  const onStatus = () => app.api.online && load();
  app.api.addEventListener("status", onStatus);
  return { el, leave: () => app.api.removeEventListener("status", onStatus) };
}

export function casePage(app, idText) {
  const el = h("div", { class: "page" }, h("h1", {}, t("case_detail")));
  const id = /^\d{1,18}$/.test(idText) ? BigInt(idText) : 0n;
  // Thumbnails read from the server while the page is open (not kept on the phone).
  const thumbs = new Map();
  const previews = [];

  async function load() {
    const key = `case:${app.api.user.id}:${id}`;
    let detail = null;
    let error = null;
    if (app.api.online) {
      try {
        detail = (await app.api.call("getCase", { caseId: id })).value;
        await cache.set(key, detail);
      } catch (e) {
        error = e;
      }
    }
    if (!detail && !(error instanceof ApiError)) detail = (await cache.get(key))?.value ?? null;
    if (detail && app.api.online) {
      try {
        detail.attachments = (await app.api.call("listAttachments", { caseId: id })).value.attachments;
        await cache.set(key, detail);
      } catch {
        detail.attachments = detail.attachments ?? null;
      }
      try {
        detail.merged = (await app.api.call("getRelatedCases", { caseId: id })).value.merged;
        await cache.set(key, detail);
      } catch {
        detail.merged = detail.merged ?? null;
      }
    }
    if (detail) detail.needsEvidence = evidenceRequired((await categories(app)) ?? [], detail.case.categoryCode);
    if (!detail || id === 0n) {
      clear(el, h("h1", {}, t("case_detail")), h("p", { class: "form-error", role: "alert" }, t("case_not_found")), h("a", { href: "#/todo" }, t("back_to_todo")));
      return;
    }
    render(detail);
  }

  function render(detail) {
    const { case: c, history } = detail;
    const me = app.api.user;
    const actions = allowedActions(detail, me.id);
    // Photos of this case still in the outbox count as evidence on their way.
    const queued = app.outbox.items.filter((i) => i.frame === "attach" && String(i.caseId) === String(c.id) && i.status !== "sent").length;
    const stages = photoStages(detail.attachments, history);
    // Evidence of the result is a photo added while handling (处置后), or one on its way.
    const evidenceMissing = detail.needsEvidence && stages.after.length + queued === 0;
    clear(
      el,
      h("h1", {}, c.title),
      h(
        "dl",
        { class: "summary" },
        [
          [t("number"), c.number],
          [t("state"), enumName("state", c.state)],
          [t("level"), enumName("level", c.level)],
          [t("deadline"), [deadlineChip(c), " ", deadlineText(c)]],
          [t("location"), c.location?.address ?? ""],
          [t("created"), formatTime(c.createdAt)],
          [t("description"), c.description],
        ].map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
      ),
      c.extensionClock ? h("p", { class: "notice" }, t("extension_pending")) : null,
      mergedIntoNote(c, history),
      mergedList(detail.merged, history),
      h("section", { "aria-labelledby": "actions-h" }, h("h2", { id: "actions-h" }, t("actions")), actions.length ? actions.map((a) => actionForm(a, c, evidenceMissing)) : h("p", {}, t("actions_none"))),
      h(
        "section",
        { "aria-labelledby": "evidence-h" },
        h("h2", { id: "evidence-h" }, t("evidence")),
        h("p", {}, detail.attachments ? t("evidence_count", { n: detail.attachments.length }) : t("evidence_unknown"), queued ? ` ${t("evidence_queued", { n: queued })}` : ""),
        detail.needsEvidence ? h("p", { class: "notice" }, t("evidence_required")) : null,
        detail.attachments ? [photoGroup("before", stages.before), photoGroup("after", stages.after)] : null,
        c.state !== 5 && c.state !== 6 && c.state !== 7 ? attachForm(c) : null,
      ),
      h("section", { "aria-labelledby": "history-h" }, h("h2", { id: "history-h" }, t("history")), historyList(history, app.api.user, detail.userNames)),
    );
  }

  // 已并入: the case it was merged into, as its last MERGE event names it (the number; "#id"
  // when the history does not say), with the reason given for the merge.
  function mergedIntoNote(c, history) {
    if (!c.mergedIntoCaseId) return null;
    const into = String(c.mergedIntoCaseId);
    const merge = [...history].reverse().find((e) => e.action === 12 && e.details?.into_case_id === into);
    return h(
      "p",
      { class: "notice merged-into" },
      `${t("merged_into")} `,
      h("a", { href: `#/case/${into}` }, merge?.details?.into || `#${into}`),
      `；${t("merge_reason")}：${merge?.reason || t("merge_no_reason")}`,
    );
  }

  // The cases merged into this one, each with the reason its merge gave (this case's history
  // records each merge too).
  function mergedList(merged, history) {
    if (!merged?.length) return null;
    const reasonOf = (child) => [...history].reverse().find((e) => e.action === 12 && e.details?.merged_case_id === String(child.id))?.reason;
    return h(
      "section",
      { "aria-labelledby": "merged-h" },
      h("h2", { id: "merged-h" }, t("merged_cases")),
      h(
        "ul",
        { class: "merged-cases" },
        merged.map((m) => h("li", {}, h("a", { href: `#/case/${m.id}` }, `${m.number} ${m.title}`), `；${t("merge_reason")}：${reasonOf(m) || t("merge_no_reason")}`)),
      ),
    );
  }

  // One group of photos (处置前 or 处置后), each labelled with its stage, number and time; a
  // thumbnail once its bytes have come.
  function photoGroup(stage, files) {
    const headingId = `photos-${stage}-h`;
    return h(
      "section",
      { class: "photo-group", "aria-labelledby": headingId },
      h("h3", { id: headingId }, t(`photos_${stage}`, { n: files.length })),
      files.length
        ? h(
            "ul",
            { class: "photos" },
            files.map((a, i) => {
              const label = t(`photo_${stage}_alt`, { i: i + 1 });
              const image = a.mediaType.startsWith("image/");
              const img = image ? h("img", { alt: label, width: 96, height: 96, "data-attachment": String(a.id) }) : h("span", { class: "no-thumb" }, a.fileName || a.mediaType);
              if (image) thumbnail(a, img);
              return h("li", {}, h("figure", {}, img, h("figcaption", {}, `${label} · ${formatTime(a.uploadedAt)}`)));
            }),
          )
        : h("p", { class: "hint" }, t("photos_none")),
    );
  }

  // Reads an image attachment through ReadAttachment, chunk by chunk, once per page; small
  // photos only (the phone downscales what it uploads).
  async function thumbnail(a, img) {
    const key = String(a.id);
    if (!thumbs.has(key)) {
      if (!app.api.online || Number(a.size) > 4 * 1024 * 1024) return;
      thumbs.set(
        key,
        (async () => {
          const parts = [];
          for (let offset = 0n; ; ) {
            const chunk = (await app.api.call("readAttachment", { attachmentId: a.id, offset, maxBytes: 0 })).value;
            parts.push(chunk.data);
            offset += BigInt(chunk.data.length);
            if (chunk.last || !chunk.data.length) break;
          }
          return URL.createObjectURL(new Blob(parts, { type: a.mediaType }));
        })().catch(() => null),
      );
    }
    const url = await thumbs.get(key);
    if (url) img.src = url;
  }

  // Photos chosen on the phone, checked and downscaled; problems said next to field `f`.
  async function takePhotos(input, f) {
    const photos = [];
    const errors = [];
    for (const file of Array.from(input.files ?? [])) {
      const problem = photoProblem(file);
      if (problem) errors.push(problem);
      else {
        try {
          photos.push(await preparePhoto(file, null));
        } catch {
          errors.push(t("photo_not_image", { name: file.name }));
        }
      }
    }
    input.value = "";
    f.setError(errors.join("；") || null);
    return photos;
  }

  // 上传照片: photos of an existing case (evidence before resolving, say), through the outbox.
  function attachForm(c) {
    const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true });
    const f = field({ label: t("evidence_add"), control: input });
    asFileButton(input, t("choose_photos"));
    input.addEventListener("change", async () => {
      const photos = await takePhotos(input, f);
      if (!photos.length) return;
      await app.outbox.add({ frame: "attach", payload: {}, label: `${t("evidence_add")} ${c.number}`, caseId: c.id, caseNumber: c.number, photos, seenVersion: c.version });
      app.announce(t("queued", { title: `${t("evidence_add")} ${c.number}` }));
      setTimeout(load, app.api.online ? 800 : 0);
    });
    return f.el;
  }

  function actionForm(a, c, evidenceMissing) {
    const label = enumName("action", a.action);
    const parts = [];
    let reason = null;
    let amount = null;
    if (a.needs === "reason" || a.needs === "extension") {
      reason = field({ label: a.name === "resolveCase" ? t("outcome_note") : t("reason"), control: h("textarea", { rows: 2, maxlength: 1000 }) });
      parts.push(reason.el);
    }
    if (a.needs === "extension") {
      amount = field({ label: t("extension_amount"), control: h("input", { inputmode: "numeric", value: "1" }) });
      parts.push(amount.el);
    }
    // Where the category asks for evidence, the 处置后 photo is taken right in the resolve form;
    // it goes to the outbox just before the resolve.
    let after = null;
    let chosen = [];
    if (a.name === "resolveCase" && evidenceMissing) {
      const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true });
      after = field({ label: t("after_photo_field"), hint: t("after_photo_hint"), control: input });
      asFileButton(input, t("choose_photos"));
      const list = h("ul", { class: "photos", "aria-live": "polite" });
      input.addEventListener("change", async () => {
        chosen = [...chosen, ...(await takePhotos(input, after))];
        for (const u of previews.splice(0)) URL.revokeObjectURL(u);
        clear(
          list,
          chosen.map((p, i) => {
            const url = URL.createObjectURL(p.blob);
            previews.push(url);
            return h("li", {}, h("img", { src: url, alt: t("photo_chosen_alt", { i: i + 1 }), width: 96, height: 96 }));
          }),
        );
      });
      parts.push(after.el, list);
    }
    const submit = async (approve) => {
      const form = { reason: reason?.control.value.trim(), amount: Number(amount?.control.value ?? 1), approve };
      if (reason && !form.reason) {
        reason.setError(t("need_reason"));
        reason.control.focus();
        return;
      }
      if (after && !chosen.length) {
        after.setError(t("after_photo_first"));
        after.control.focus();
        return;
      }
      if (amount && !(Number.isInteger(form.amount) && form.amount >= 1 && form.amount <= 365)) {
        amount.setError(t("bad_amount"));
        amount.control.focus();
        return;
      }
      if (after) {
        await app.outbox.add({ frame: "attach", payload: {}, label: `${t("after_photo_field")} ${c.number}`, caseId: c.id, caseNumber: c.number, photos: chosen, seenVersion: c.version });
      }
      await app.outbox.add({
        frame: a.name,
        payload: actionRequest(a, c, form, app.api.user, newRequestId()),
        label: `${label} ${c.number}`,
        caseId: c.id,
        caseNumber: c.number,
      });
      app.announce(t("queued", { title: `${label} ${c.number}` }));
      // Once sent (or at once when offline), show the case as it is then.
      setTimeout(load, app.api.online ? 600 : 0);
    };
    const buttons =
      a.needs === "decision"
        ? [h("button", { type: "button", class: "primary", onclick: () => submit(true) }, t("approve")), h("button", { type: "button", onclick: () => submit(false) }, t("deny"))]
        : [h("button", { type: "submit", class: "primary" }, label)];
    return h(
      "form",
      { class: "action", novalidate: true, "aria-label": label, onsubmit: (e) => { e.preventDefault(); submit(); } },
      parts,
      h("div", { class: "step-buttons" }, buttons),
    );
  }

  load();
  return {
    el,
    leave: async () => {
      for (const u of previews.splice(0)) URL.revokeObjectURL(u);
      for (const url of await Promise.all(thumbs.values())) if (url) URL.revokeObjectURL(url);
    },
  };
}
