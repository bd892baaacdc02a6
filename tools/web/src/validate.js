// Checks of what people type, shared by the forms: each answers null when fine, else the
// key of the message to show next to the field.

// A mainland mobile number: 11 digits starting with 1 (spaces and dashes allowed while typing).
export function checkPhone(text) {
  const digits = String(text ?? "").replace(/[\s-]/g, "");
  if (!digits) return null;
  return /^1[3-9]\d{9}$/.test(digits) ? null : "bad_phone";
}

// A resident identity card number (GB 11643): 17 digits and a check character (0-9 or X)
// computed from them with the standard weights; the birth date must be a real date.
export function checkIdNumber(text) {
  const id = String(text ?? "").trim().toUpperCase();
  if (!id) return null;
  if (!/^\d{17}[\dX]$/.test(id)) return "bad_id";
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = "10X98765432";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i];
  if (checks[sum % 11] !== id[17]) return "bad_id";
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return "bad_id";
  return null;
}

export function normalisePhone(text) {
  return String(text ?? "").replace(/[\s-]/g, "");
}
