// Photos taken on the phone: checked before anything else (an image, at most MAX_PHOTO_MB),
// then downscaled and hashed for the upload (BeginUpload declares the SHA-256).
import { newRequestId } from "./api.js";
import { t } from "./i18n.js";

export const MAX_PHOTO_MB = 10;
const PHOTO_EDGE = 1600;

// The message to show next to the field when `file` cannot be taken, else null.
export function photoProblem(file) {
  if (!file.type.startsWith("image/")) return t("photo_not_image", { name: file.name });
  if (file.size > MAX_PHOTO_MB * 1024 * 1024) {
    return t("photo_too_large", { name: file.name, size: (file.size / 1024 / 1024).toFixed(1), max: MAX_PHOTO_MB });
  }
  return null;
}

// Downscales a photo to at most PHOTO_EDGE pixels on its long side as JPEG, and computes the
// SHA-256 the upload declares.
export async function preparePhoto(file, coords) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("encode"))), "image/jpeg", 0.82));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
  return {
    requestId: newRequestId(),
    blob,
    name: file.name.replace(/\.[^.]*$/, "") + ".jpg",
    type: "image/jpeg",
    size: blob.size,
    sha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
    capturedAt: Date.now(),
    hasCoordinates: Boolean(coords),
    lat: coords?.lat ?? 0,
    lon: coords?.lon ?? 0,
  };
}
