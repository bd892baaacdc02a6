// A small helper for building the DOM without HTML strings (so no markup is ever parsed from
// data): h("button", { class: "primary", onclick }, "text", child...).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "disabled" || key === "selected") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let nextId = 1;
export function uid(prefix = "f") {
  return `${prefix}-${nextId++}`;
}

// A labelled field with its error line: the error is tied to the control by
// aria-describedby and shown next to it.
export function field({ label, control, hint, error }) {
  const id = control.id || uid("in");
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const errorEl = h("p", { class: "field-error", id: errorId, role: "alert" });
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    errorEl,
  );
  const setError = (message) => {
    errorEl.textContent = message ?? "";
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    wrap.classList.toggle("invalid", Boolean(message));
  };
  if (error) setError(error);
  return { el: wrap, control, setError };
}

export function select(options, value, attrs = {}) {
  return h(
    "select",
    attrs,
    options.map(([v, text]) => h("option", { value: v, selected: String(v) === String(value) }, text)),
  );
}

// Turns a file input into a large labelled button (the browser's own shows its words in the
// browser's language, and is small): the input stays in the page, focusable, under the button.
export function asFileButton(input, text) {
  input.classList.add("file-input");
  input.after(h("label", { for: input.id, class: "file-button" }, text));
  return input;
}
