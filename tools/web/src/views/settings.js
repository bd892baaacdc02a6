// 设置: language, large text, sign out.
import { h, field, select } from "../dom.js";
import { t, language, setLanguage, enumName } from "../i18n.js";

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
