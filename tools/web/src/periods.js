// The weeks and months of the figures' trend, as the server counts them (core/src/figures.cpp:
// ISO weeks, Monday first, labelled "2026-W12"; months "2026-03"), computed here so that the
// periods without a case still get their row. Without the DOM, for the unit tests.
import { Period } from "./gen/gridcase/v1/gridcase_pb.js";

// Beyond this many weeks or months the table and the chart stop being readable.
export const MAX_BUCKETS = 120;
const DAY = 86400000;

// "2026-03-01" ↔ days since 1970-01-01 (dates only: no time zone enters).
const toDay = (text) => Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY);
const fromDay = (day) => new Date(day * DAY).toISOString().slice(0, 10);

// The weeks (ISO, Monday first) or months that meet [from, to), each with its own range clipped
// to [from, to) (what its cases are listed over) and the label the server gives it.
export function buckets(from, to, period) {
  const first = toDay(from);
  const end = toDay(to);
  if (!(first < end)) return [];
  const out = [];
  if (period === Period.WEEK) {
    // 1970-01-01 was a Thursday: day 4 after the Monday 1969-12-29.
    let start = first - ((first + 3) % 7 + 7) % 7;
    for (; start < end && out.length <= MAX_BUCKETS; start += 7) {
      // The ISO year of a week is its Thursday's year; its number counts from that year's first Thursday.
      const thursday = new Date((start + 3) * DAY);
      const year = thursday.getUTCFullYear();
      const week = Math.floor((start + 3 - toDay(`${year}-01-01`)) / 7) + 1;
      out.push({ start: fromDay(start), label: `${year}-W${String(week).padStart(2, "0")}`, from: fromDay(Math.max(start, first)), to: fromDay(Math.min(start + 7, end)) });
    }
  } else {
    const d = new Date(first * DAY);
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    for (;;) {
      const start = Date.UTC(y, m, 1) / DAY;
      if (start >= end || out.length > MAX_BUCKETS) break;
      const next = Date.UTC(y, m + 1, 1) / DAY;
      out.push({ start: fromDay(start), label: `${y}-${String(m + 1).padStart(2, "0")}`, from: fromDay(Math.max(start, first)), to: fromDay(Math.min(next, end)) });
      m += 1;
      if (m === 12) [y, m] = [y + 1, 0];
    }
  }
  return out;
}

