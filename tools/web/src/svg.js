// An SVG element with its attributes and, optionally, its text: what the figures' charts are
// drawn with (no chart library).
const NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}
