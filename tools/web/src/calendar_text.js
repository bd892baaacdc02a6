// The working calendar's text format (core/calendar/*.cal), read in the browser so that a year
// can be previewed month by month before it is saved; the server checks it again on saving.
//   year 2027
//   holiday 2027-01-01..2027-01-03 元旦      a day off (or a range)
//   workday 2027-01-04 元旦调休              调休: a weekend day that is a working day
// Every other Saturday and Sunday is off; every other day is a working day.

function parseDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

const key = (d) => d.toISOString().slice(0, 10);

// { year, holidays: Map(date → name), workdays: Map(date → name) }, or { error } naming the line.
export function parseCalendar(text) {
  const out = { year: 0, holidays: new Map(), workdays: new Map() };
  const lines = String(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, "").trim();
    if (!line) continue;
    const [word, when, ...rest] = line.split(/\s+/);
    const where = `第 ${i + 1} 行`;
    if (word === "year") {
      if (out.year) return { error: `${where}：重复的 year 行` };
      if (!/^\d{4}$/.test(when ?? "")) return { error: `${where}：年份应为四位数字` };
      out.year = Number(when);
      continue;
    }
    if (word !== "holiday" && word !== "workday") return { error: `${where}：未知的关键字“${word}”（应为 year、holiday 或 workday）` };
    if (!out.year) return { error: `${where}：第一行应为 year` };
    const [a, b] = (when ?? "").split("..");
    const first = parseDate(a ?? "");
    const last = b ? parseDate(b) : first;
    if (!first || !last || last < first) return { error: `${where}：日期不正确` };
    if (first.getUTCFullYear() !== out.year || last.getUTCFullYear() !== out.year) return { error: `${where}：日期不在 ${out.year} 年内` };
    const name = rest.join(" ");
    for (let d = new Date(first); d <= last; d.setUTCDate(d.getUTCDate() + 1)) {
      const k = key(d);
      const weekday = d.getUTCDay(); // 0 Sunday
      if (word === "holiday") {
        if (out.workdays.has(k)) return { error: `${where}：${k} 既是假日又是调休工作日` };
        out.holidays.set(k, name);
      } else {
        if (weekday !== 0 && weekday !== 6) return { error: `${where}：${k} 本是工作日，workday 只用于调休的周末` };
        if (out.holidays.has(k)) return { error: `${where}：${k} 既是假日又是调休工作日` };
        out.workdays.set(k, name);
      }
    }
  }
  if (!out.year) return { error: "缺少 year 行" };
  return out;
}

// Per month: working days, days off, and the days of each kind ("holiday", "workday" for 调休,
// "weekend", "work").
export function monthsOf(cal) {
  const months = [];
  for (let m = 0; m < 12; m++) {
    const days = [];
    for (let d = new Date(Date.UTC(cal.year, m, 1)); d.getUTCMonth() === m; d.setUTCDate(d.getUTCDate() + 1)) {
      const k = key(d);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      const kind = cal.holidays.has(k) ? "holiday" : cal.workdays.has(k) ? "workday" : weekend ? "weekend" : "work";
      days.push({ date: k, day: d.getUTCDate(), weekday: d.getUTCDay(), kind, name: cal.holidays.get(k) ?? cal.workdays.get(k) ?? "" });
    }
    months.push({ month: m + 1, days, working: days.filter((x) => x.kind === "work" || x.kind === "workday").length });
  }
  return months;
}
