// 设置: language, large text, the user's password, sign out.
import { h, field, select } from "../dom.js";
import { t, language, setLanguage, enumName } from "../i18n.js";
import { ApiError, OfflineError } from "../api.js";

// 修改密码: the current password, the new one twice. Checked as the server checks it (at least 8
// characters of two kinds) before anything is sent.
function passwordForm(app) {
  const old = field({ label: t("password_current"), control: h("input", { type: "password", autocomplete: "current-password" }) });
  const next = field({ label: t("password_new"), hint: t("password_rule"), control: h("input", { type: "password", autocomplete: "new-password" }) });
  const again = field({ label: t("password_again"), control: h("input", { type: "password", autocomplete: "new-password" }) });
  const note = h("p", { class: "done-note", role: "status", "aria-live": "polite" });
  const kinds = (p) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  return h(
    "form",
    {
      class: "action",
      "aria-label": t("password_change"),
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        note.textContent = "";
        const v = { old: old.control.value, next: next.control.value, again: again.control.value };
        old.setError(v.old ? null : t("need_password"));
        next.setError(v.next.length >= 8 && kinds(v.next) >= 2 ? (v.next === v.old ? t("password_same") : null) : t("password_rule"));
        again.setError(v.again === v.next ? null : t("password_mismatch"));
        if (!v.old || v.next.length < 8 || kinds(v.next) < 2 || v.next === v.old || v.again !== v.next) return;
        const forced = app.api.user.mustChangePassword;
        try {
          await app.api.changePassword(v.old, v.next);
          for (const f of [old, next, again]) f.control.value = "";
          note.textContent = t("password_changed");
          if (forced) app.navigate("#/", true);
        } catch (err) {
          if (err instanceof OfflineError) note.textContent = t("error_offline");
          else if (err instanceof ApiError && err.reason === "BAD_CREDENTIALS") old.setError(t("password_wrong"));
          else note.textContent = t("error_generic", { message: err.message });
        }
      },
    },
    h("h2", {}, t("password_change")),
    app.api.user.mustChangePassword ? h("p", { class: "notice", role: "alert" }, t("password_must_change")) : null,
    old.el,
    next.el,
    again.el,
    h("button", { type: "submit", class: "primary" }, t("password_change")),
    note,
  );
}

export function settingsPage(app) {
  const user = app.api.user;
  const lang = field({
    label: t("language"),
    control: select([["zh", "中文"], ["en", "English"]], language(), {
      onchange: (e) => {
        setLanguage(e.target.value);
        document.dispatchEvent(new Event("gridcase:language"));
      },
    }),
  });
  const large = h("input", {
    type: "checkbox",
    id: "large-text",
    checked: document.documentElement.classList.contains("large"),
    onchange: (e) => {
      document.documentElement.classList.toggle("large", e.target.checked);
      localStorage.setItem("gridcase.large", e.target.checked ? "1" : "0");
    },
  });
  return {
    el: h(
      "div",
      { class: "page" },
      h("h1", {}, t("settings_title")),
      h("p", {}, t("signed_in_as", { name: user.displayName || user.username, role: enumName("role", user.role) })),
      lang.el,
      h("div", { class: "field checkbox" }, large, h("label", { for: "large-text" }, t("large_text"))),
      passwordForm(app),
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            await app.api.logout();
            app.navigate("#/login", true);
          },
        },
        t("logout"),
      ),
    ),
  };
}
