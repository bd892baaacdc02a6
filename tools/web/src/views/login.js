// 登录: username and password; the session token is kept so the application resumes it on the
// next start (and after every reconnect).
import { h, field } from "../dom.js";
import { t } from "../i18n.js";
import { ApiError, OfflineError } from "../api.js";

export function loginPage(app) {
  const username = field({ label: t("username"), control: h("input", { name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false" }) });
  const password = field({ label: t("password"), control: h("input", { name: "password", type: "password", autocomplete: "current-password" }) });
  const formError = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { type: "submit", class: "primary" }, t("login"));
  const form = h(
    "form",
    { class: "card narrow", novalidate: true, onsubmit: submit },
    h("h1", {}, t("login_title")),
    username.el,
    password.el,
    formError,
    button,
  );

  async function submit(e) {
    e.preventDefault();
    formError.textContent = "";
    const u = username.control.value.trim();
    const p = password.control.value;
    username.setError(u ? null : t("need_username"));
    password.setError(p ? null : t("need_password"));
    if (!u) return username.control.focus();
    if (!p) return password.control.focus();
    button.disabled = true;
    button.textContent = t("logging_in");
    try {
      await app.api.login(u, p);
      app.outbox.flush();
      app.navigate("#/", true);
    } catch (err) {
      if (err instanceof OfflineError) formError.textContent = t("login_offline");
      else if (err instanceof ApiError && err.code === 16) formError.textContent = t("login_failed");
      else formError.textContent = t("error_generic", { message: err.message });
      password.control.focus();
    } finally {
      button.disabled = false;
      button.textContent = t("login");
    }
  }
  return { el: h("div", { class: "page" }, form) };
}
