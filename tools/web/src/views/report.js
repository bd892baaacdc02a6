// 事件上报 in short steps: kind and category → photos → place → description → parties →
// check (with the duplicate hint) and submit. Each draft, with its request_id fixed when it is
// made, is kept on the phone after every step; submitting puts it in the outbox. A grid worker
// called away mid-report keeps several: #/report lists them (继续 / 删除) above 新建上报, and
// #/report/<request_id> resumes one at its step. A submitted draft stays listed, without its
// parties or photos (they are in the outbox), until the server has acknowledged it.
import { h, clear, field, select, asFileButton } from "../dom.js";
import { t, enumName, formatTime } from "../i18n.js";
import { newRequestId } from "../api.js";
import { drafts } from "../store.js";
import { categories, orgTree, UNIT } from "../data.js";
import { checkIdNumber, checkPhone, normalisePhone } from "../validate.js";
import { photoProblem, preparePhoto } from "../photos.js";

const KINDS = [5, 4, 1]; // 事件, 安全隐患, 矛盾纠纷: what a grid worker logs in the field
const MAX_PHOTOS = 6;
const STEPS = ["step_kind", "step_photos", "step_place", "step_description", "step_parties", "step_review"];

function newDraft() {
  return {
    requestId: newRequestId(),
    createdAt: Date.now(),
    step: 0,
    kind: 5,
    categoryCode: "",
    title: "",
    photos: [],
    communityId: "",
    gridId: "",
    buildingId: "",
    address: "",
    coords: null,
    description: "",
    parties: [],
  };
}

// The drafts kept on the phone, newest first. A submitted one whose outbox item is gone or
// acknowledged is removed here too (the outbox removes it when the server answers).
async function openDrafts(app) {
  const items = new Map(app.outbox.items.filter((i) => i.draftId).map((i) => [i.draftId, i]));
  const kept = [];
  for (const d of await drafts.all()) {
    const item = d.submitted ? items.get(d.requestId) : null;
    if (d.submitted && (!item || item.status === "sent")) await drafts.delete(d.requestId);
    else kept.push(d);
  }
  return kept.sort((a, b) => b.createdAt - a.createdAt);
}

export function reportPage(app, arg = "") {
  const el = h("div", { class: "page report" });
  let draft = null;
  let stored = false; // a new draft is kept once something is entered
  let cats = [];
  let units = [];
  const urls = [];

  const save = () => {
    if (!stored) {
      stored = true;
      // A reload resumes this draft, not a new one.
      if (window.location.hash.startsWith("#/report")) history.replaceState(null, "", `#/report/${encodeURIComponent(draft.requestId)}`);
    }
    return drafts.put(draft);
  };

  (async () => {
    const list = await openDrafts(app);
    cats = (await categories(app)) ?? [];
    units = (await orgTree(app)) ?? [];
    const wanted = arg && arg !== "new" ? decodeURIComponent(arg) : "";
    const found = list.find((d) => d.requestId === wanted && !d.submitted);
    if (found) {
      draft = found;
      stored = true;
    } else if (arg === "new" || !list.length) {
      draft = newDraft();
    } else {
      if (wanted) history.replaceState(null, "", "#/report");
      return renderList(list);
    }
    render();
  })();

  // 草稿: what each draft is and when it was started, to resume or delete (after a confirm).
  function renderList(list) {
    const byCode = new Map(cats.map((c) => [c.code, c]));
    const row = (d) => {
      const name = d.title?.trim() || enumName("kind", d.kind);
      const what = [enumName("kind", d.kind), byCode.get(d.categoryCode)?.name ?? t("draft_no_category"), t("draft_started", { time: formatTime(d.createdAt) })];
      if (!d.submitted) what.push(t("draft_at_step", { i: d.step + 1, n: STEPS.length }));
      const buttons = h("div", { class: "step-buttons" });
      const remove = () => {
        const confirmButton = h("button", {
          type: "button",
          class: "danger",
          onclick: async () => {
            await drafts.delete(d.requestId);
            app.announce(t("draft_deleted", { name }));
            const left = await openDrafts(app);
            if (left.length) renderList(left);
            else app.navigate("#/report", true);
          },
        }, t("draft_delete_confirm"));
        clear(
          buttons,
          h("span", { class: "notice", role: "alert" }, t("draft_delete_ask", { name })),
          confirmButton,
          h("button", { type: "button", onclick: () => renderList(list) }, t("cancel")),
        );
        confirmButton.focus();
      };
      if (d.submitted) {
        buttons.append(h("a", { href: "#/outbox" }, t("draft_submitted")));
      } else {
        buttons.append(
          h("button", { type: "button", class: "primary", "aria-label": t("draft_resume_named", { name }), onclick: () => app.navigate(`#/report/${encodeURIComponent(d.requestId)}`) }, t("draft_resume")),
          h("button", { type: "button", "aria-label": t("draft_delete_named", { name }), onclick: remove }, t("draft_delete")),
        );
      }
      return h("li", { class: "draft", "data-request-id": d.requestId }, h("strong", { class: "draft-title" }, name), h("div", { class: "hint" }, what.join(" · ")), buttons);
    };
    clear(
      el,
      h("h1", {}, t("nav_report")),
      h("section", { "aria-labelledby": "drafts-h" }, h("h2", { id: "drafts-h" }, t("drafts_title", { n: list.length })), h("ul", { class: "drafts" }, list.map(row))),
      h("div", { class: "step-buttons" }, h("button", { type: "button", class: "primary", onclick: () => app.navigate("#/report/new") }, t("report_new"))),
    );
  }

  function render() {
    const step = draft.step;
    const body = [kindStep, photoStep, placeStep, descriptionStep, partiesStep, reviewStep][step]();
    clear(
      el,
      h("h1", {}, t("nav_report")),
      h("p", { class: "steps", "aria-live": "polite" }, t("step_of", { i: step + 1, n: STEPS.length, name: t(STEPS[step]) })),
      h("ol", { class: "step-dots", "aria-hidden": "true" }, STEPS.map((_, i) => h("li", { class: i === step ? "now" : i < step ? "done" : "" }))),
      body.el,
    );
  }

  function go(delta) {
    draft.step = Math.max(0, Math.min(STEPS.length - 1, draft.step + delta));
    save();
    render();
    el.querySelector("h1")?.focus();
  }

  // Back and next, at the foot of a step.
  function footer() {
    return h(
      "div",
      { class: "step-buttons" },
      draft.step > 0 ? h("button", { type: "button", onclick: () => go(-1) }, t("back")) : null,
      h("button", {
        type: "submit",
        class: "primary",
      }, t("next")),
    );
  }

  function form(children, check) {
    return h(
      "form",
      {
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          if (check()) go(1);
          else el.querySelector("[aria-invalid=true]")?.focus();
        },
      },
      children,
      footer(),
    );
  }

  function kindStep() {
    const kind = field({
      label: t("kind"),
      control: select(KINDS.map((k) => [k, enumName("kind", k)]), draft.kind, {
        onchange: (e) => {
          draft.kind = Number(e.target.value);
          draft.categoryCode = "";
          save();
          render();
        },
      }),
    });
    const leaves = cats.filter((c) => c.kind === draft.kind && c.leaf);
    const byCode = new Map(cats.map((c) => [c.code, c]));
    const path = (c) => {
      const names = [c.name];
      for (let p = byCode.get(c.parentCode); p; p = byCode.get(p.parentCode)) names.unshift(p.name);
      return names.join(" › ");
    };
    const category = field({
      label: t("category"),
      control: select([["", t("choose")], ...leaves.map((c) => [c.code, path(c)])], draft.categoryCode, {
        onchange: (e) => {
          draft.categoryCode = e.target.value;
          category.setError(null);
          save();
        },
      }),
      hint: cats.length ? null : t("categories_missing"),
    });
    const title = field({
      label: t("title"),
      control: h("input", {
        name: "title",
        value: draft.title,
        maxlength: 200,
        oninput: (e) => {
          draft.title = e.target.value;
          title.setError(null);
          save();
        },
      }),
    });
    return {
      el: form([kind.el, category.el, title.el], () => {
        const tt = draft.title.trim();
        title.setError(!tt ? t("need_title") : tt.length > 100 ? t("title_too_long") : null);
        category.setError(draft.categoryCode ? null : t("need_category"));
        return Boolean(tt && tt.length <= 100 && draft.categoryCode);
      }),
    };
  }

  function photoStep() {
    const list = h("ul", { class: "photos" });
    const input = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, name: "photos" });
    const f = field({ label: t("photos", { n: MAX_PHOTOS }), control: input });
    asFileButton(input, t("choose_photos"));
    const drawList = () => {
      for (const u of urls.splice(0)) URL.revokeObjectURL(u);
      clear(
        list,
        draft.photos.map((p, i) => {
          const url = URL.createObjectURL(p.blob);
          urls.push(url);
          return h(
            "li",
            {},
            h("img", { src: url, alt: t("photo_alt", { i: i + 1 }), width: 96, height: 96 }),
            h("button", {
              type: "button",
              class: "small",
              "aria-label": t("photo_remove", { i: i + 1 }),
              onclick: () => {
                draft.photos.splice(i, 1);
                save();
                drawList();
              },
            }, "×"),
          );
        }),
      );
    };
    input.addEventListener("change", async () => {
      const errors = [];
      for (const file of Array.from(input.files ?? [])) {
        if (draft.photos.length >= MAX_PHOTOS) {
          errors.push(t("photo_too_many", { n: MAX_PHOTOS }));
          break;
        }
        const problem = photoProblem(file);
        if (problem) {
          errors.push(problem);
          continue;
        }
        try {
          draft.photos.push(await preparePhoto(file, draft.coords));
        } catch {
          errors.push(t("photo_not_image", { name: file.name }));
        }
      }
      input.value = "";
      f.setError(errors.join("；") || null);
      await save();
      drawList();
    });
    drawList();
    return { el: form([f.el, list], () => true) };
  }

  function placeStep() {
    const byParent = (id, type) => units.filter((u) => u.type === type && String(u.parentId) === String(id) && !u.retired);
    const communities = units.filter((u) => u.type === UNIT.COMMUNITY && !u.retired);
    const grids = draft.communityId
      ? byParent(draft.communityId, UNIT.GRID)
      : units.filter((u) => u.type === UNIT.GRID && !u.retired);
    const buildings = draft.gridId ? byParent(draft.gridId, UNIT.BUILDING_GROUP) : [];
    if (!draft.gridId && grids.length === 1) draft.gridId = String(grids[0].id);
    const opts = (list) => [["", t("none_selected")], ...list.map((u) => [String(u.id), u.name])];

    const gpsStatus = h("p", { class: "hint", "aria-live": "polite" }, draft.coords ? t("gps_got", fmtCoords(draft.coords)) : "");
    const gpsButton = h("button", {
      type: "button",
      onclick: () => {
        if (!navigator.geolocation || !window.isSecureContext) {
          gpsStatus.textContent = t("gps_unavailable");
          return;
        }
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            draft.coords = { lat: pos.coords.latitude, lon: pos.coords.longitude, acc: Math.round(pos.coords.accuracy) };
            gpsStatus.textContent = t("gps_got", fmtCoords(draft.coords));
            save();
          },
          (err) => (gpsStatus.textContent = t("gps_denied", { why: err.message || err.code })),
          { enableHighAccuracy: true, timeout: 15000 },
        );
      },
    }, t("gps"));

    const community = communities.length
      ? field({
          label: t("community"),
          control: select(opts(communities), draft.communityId, {
            onchange: (e) => {
              draft.communityId = e.target.value;
              draft.gridId = "";
              draft.buildingId = "";
              save();
              render();
            },
          }),
        })
      : null;
    const grid = field({
      label: t("grid"),
      control: select(opts(grids), draft.gridId, {
        onchange: (e) => {
          draft.gridId = e.target.value;
          draft.buildingId = "";
          save();
          render();
        },
      }),
    });
    const building = field({
      label: t("building"),
      control: select(opts(buildings), draft.buildingId, {
        onchange: (e) => {
          draft.buildingId = e.target.value;
          save();
        },
      }),
    });
    const address = field({
      label: t("address"),
      control: h("input", {
        name: "address",
        value: draft.address,
        maxlength: 200,
        autocomplete: "off",
        oninput: (e) => {
          draft.address = e.target.value;
          address.setError(null);
          save();
        },
      }),
    });
    return {
      el: form([gpsButton, gpsStatus, community?.el, grid.el, building.el, address.el], () => {
        grid.setError(draft.gridId ? null : t("need_unit"));
        address.setError(draft.address.trim() ? null : t("need_address"));
        return Boolean(draft.gridId && draft.address.trim());
      }),
    };
  }

  function descriptionStep() {
    const d = field({
      label: t("description"),
      hint: t("description_hint"),
      control: h("textarea", {
        name: "description",
        rows: 6,
        maxlength: 4000,
        oninput: (e) => {
          draft.description = e.target.value;
          d.setError(null);
          save();
        },
      }),
    });
    d.control.value = draft.description;
    return {
      el: form([d.el], () => {
        d.setError(draft.description.trim() ? null : t("need_description"));
        return Boolean(draft.description.trim());
      }),
    };
  }

  function partiesStep() {
    const checks = [];
    const list = draft.parties.map((p, i) => {
      const name = field({ label: t("party_name"), control: h("input", { value: p.name, autocomplete: "off", oninput: (e) => { p.name = e.target.value; name.setError(null); save(); } }) });
      const phone = field({
        label: t("party_phone"),
        control: h("input", {
          value: p.phone,
          inputmode: "tel",
          autocomplete: "off",
          oninput: (e) => {
            p.phone = e.target.value;
            const bad = checkPhone(p.phone);
            // As typed: only once enough has been typed to judge.
            phone.setError(bad && normalisePhone(p.phone).length >= 11 ? t(bad) : null);
            save();
          },
        }),
      });
      const id = field({
        label: t("party_id"),
        control: h("input", {
          value: p.idNumber,
          autocomplete: "off",
          maxlength: 18,
          oninput: (e) => {
            p.idNumber = e.target.value;
            const bad = checkIdNumber(p.idNumber);
            id.setError(bad && p.idNumber.trim().length >= 18 ? t(bad) : null);
            save();
          },
        }),
      });
      const role = field({ label: t("party_role"), control: select([1, 2, 3, 4].map((r) => [r, enumName("partyRole", r)]), p.role, { onchange: (e) => { p.role = Number(e.target.value); save(); } }) });
      checks.push(() => {
        const errs = [
          [name, p.name.trim() ? null : t("need_party_name")],
          [phone, checkPhone(p.phone) ? t(checkPhone(p.phone)) : null],
          [id, checkIdNumber(p.idNumber) ? t(checkIdNumber(p.idNumber)) : null],
        ];
        for (const [f, m] of errs) f.setError(m);
        return errs.every(([, m]) => !m);
      });
      return h(
        "fieldset",
        { class: "party" },
        h("legend", {}, t("party", { i: i + 1 })),
        name.el,
        phone.el,
        id.el,
        role.el,
        h("button", { type: "button", onclick: () => { draft.parties.splice(i, 1); save(); render(); } }, t("remove_party", { i: i + 1 })),
      );
    });
    return {
      el: form(
        [
          h("p", { class: "hint" }, t("parties_hint")),
          list,
          h("button", { type: "button", onclick: () => { draft.parties.push({ name: "", phone: "", idNumber: "", role: 1 }); save(); render(); } }, t("add_party")),
        ],
        () => checks.map((c) => c()).every(Boolean),
      ),
    };
  }

  function location() {
    const unitId = BigInt(draft.buildingId || draft.gridId || 0);
    return {
      unitId,
      address: draft.address.trim(),
      hasCoordinates: Boolean(draft.coords),
      lat: draft.coords?.lat ?? 0,
      lon: draft.coords?.lon ?? 0,
    };
  }

  function reviewStep() {
    const dupes = h("div", { class: "dupes", "aria-live": "polite" }, app.api.online ? t("duplicates_checking") : t("duplicates_offline"));
    if (app.api.online) {
      app.api
        .call("findDuplicates", { kind: draft.kind, categoryCode: draft.categoryCode, location: location(), title: draft.title.trim(), description: draft.description.trim(), limit: 5 })
        .then((reply) => {
          const cases = reply.value.cases;
          clear(
            dupes,
            h("h2", {}, t("duplicates")),
            cases.length
              ? h("ul", {}, cases.map((c) => h("li", {}, h("a", { href: `#/case/${c.id}` }, `${c.number} ${c.title}`), ` — ${enumName("state", c.state)}`)))
              : h("p", {}, t("duplicates_none")),
          );
        })
        .catch(() => clear(dupes, t("duplicates_offline")));
    }
    const cat = cats.find((c) => c.code === draft.categoryCode);
    const unit = units.find((u) => String(u.id) === String(draft.buildingId || draft.gridId));
    const rows = [
      [t("kind"), enumName("kind", draft.kind)],
      [t("category"), cat?.name ?? draft.categoryCode],
      [t("title"), draft.title],
      [t("location"), `${unit?.name ?? ""} ${draft.address}`],
      [t("description"), draft.description],
      [t("step_photos"), String(draft.photos.length)],
      [t("step_parties"), String(draft.parties.length)],
    ];
    const submit = async (e) => {
      e.preventDefault();
      const title = draft.title.trim();
      await app.outbox.add({
        frame: "createCase",
        label: title,
        draftId: draft.requestId,
        payload: {
          requestId: draft.requestId,
          kind: draft.kind,
          categoryCode: draft.categoryCode,
          channel: 1, // 巡查: found on patrol
          title,
          description: draft.description.trim(),
          location: location(),
          parties: draft.parties.map((p) => ({ name: p.name.trim(), phone: normalisePhone(p.phone), idNumber: p.idNumber.trim().toUpperCase(), role: p.role })),
          priority: 2,
        },
        photos: draft.photos.map((p) => ({ ...p, hasCoordinates: Boolean(draft.coords), lat: draft.coords?.lat ?? 0, lon: draft.coords?.lon ?? 0 })),
      });
      // The draft stays listed, as submitted, until the server acknowledges it; what it held of
      // the parties and the photos is in the outbox item alone.
      await drafts.put({ requestId: draft.requestId, createdAt: draft.createdAt, step: draft.step, kind: draft.kind, categoryCode: draft.categoryCode, title, submitted: true });
      app.announce(t("queued", { title }));
      app.navigate("#/outbox");
    };
    return {
      el: h(
        "form",
        { novalidate: true, onsubmit: submit },
        h("p", { class: "hint" }, t("review_hint")),
        h("dl", { class: "summary" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
        dupes,
        h("div", { class: "step-buttons" }, h("button", { type: "button", onclick: () => go(-1) }, t("back")), h("button", { type: "submit", class: "primary" }, t("submit"))),
      ),
    };
  }

  return {
    el,
    leave: () => {
      for (const u of urls.splice(0)) URL.revokeObjectURL(u);
    },
  };
}

function fmtCoords(c) {
  return { lat: c.lat.toFixed(5), lon: c.lon.toFixed(5), acc: c.acc };
}

