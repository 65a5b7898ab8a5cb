// Measures the release console against a plain-DOM baseline page, in the same headless
// Chromium, against the simulator with no API latency and with 150 ms per request. Times are
// what the person sees: from navigation start to rows painted, from a click or a search to
// the next painted frame. Prints a table and writes JSON.
//
//   node bench/bench.mjs --dist dist --server target/server/image-console-server
//     [--runs 5] [--sizes 100,1000,10000] [--latencies 0,150] [--poller no] [--out FILE]
//
// Timings are medians of several runs; each is also given as a ratio to the baseline, which
// is what holds on a noisy machine.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { parseArgs, startServer } from "./server.mjs";

const args = parseArgs();
const DIST = args.dist ?? "dist";
const SERVER = args.server ?? "target/server/image-console-server";
const RUNS = Number(args.runs ?? 5);
const SIZES = (args.sizes ?? "100,1000,10000").split(",").map(Number);
// API latency per request, in ms (the simulator's `latency` fault on every endpoint).
const LATENCIES = (args.latencies ?? "0,150").split(",").map(Number);
const POLLER = args.poller !== "no";
const OUT = args.out ?? "bench/results.json";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The dist plus the baseline page, in a temporary directory the server serves. */
function stageSite() {
  const site = mkdtempSync(join(tmpdir(), "image-console-bench-"));
  cpSync(DIST, site, { recursive: true });
  for (const file of ["baseline.html", "baseline.js", "baseline.css"]) {
    cpSync(join("bench", file), join(site, file));
  }
  return site;
}

function bundleSizes() {
  // Every script and wasm the page loads, wasm-bindgen's snippets/ (page.js) included.
  const files = readdirSync(DIST, { recursive: true }).filter((name) => /\.(wasm|js)$/.test(name));
  const sizes = files.map((name) => {
    const bytes = readFileSync(join(DIST, name));
    return {
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = (key) => sizes.reduce((sum, size) => sum + size[key], 0);
  return { files: sizes, total: { raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") } };
}

/** Page-specific selectors: the console and the baseline expose the same things. */
const PAGES = {
  console: { path: "", counter: ".selection-bar .counter", search: "input[type=search]" },
  baseline: { path: "baseline.html", counter: "#counter", search: "#search" },
};

/**
 * Installed before any page script: records, in page time (ms from navigation start), when the
 * first row is in the table and painted and when all `count` rows are in it and painted.
 * "Painted" is a task posted from the next animation frame: it runs once that frame's style,
 * layout and paint are done, which is when the person sees the change.
 */
function recordRows(count) {
  const marks = (window.__bench = {});
  const afterNextFrame = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(null);
    });
  window.__afterNextFrame = afterNextFrame;
  const watch = (tbody) => {
    const check = () => {
      const rows = tbody.childElementCount;
      if (rows > 0 && marks.firstRow == null) {
        marks.firstRow = performance.now();
        afterNextFrame((at) => (marks.firstRowPainted = at));
      }
      if (rows === count && marks.allRows == null) {
        marks.allRows = performance.now();
        afterNextFrame((at) => (marks.allRowsPainted = at));
      }
    };
    new MutationObserver(check).observe(tbody, { childList: true });
    check();
  };
  const find = new MutationObserver(() => {
    const tbody = document.querySelector("#instance-table tbody");
    if (tbody) (find.disconnect(), watch(tbody));
  });
  find.observe(document, { childList: true, subtree: true });
}

/** Loads a page and waits until all `count` rows are painted; returns the page's marks. */
async function timeToRows(browser, url, count) {
  const context = await browser.newContext();
  await context.addInitScript(recordRows, count);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__bench?.allRowsPainted != null, null, { timeout: 180_000, polling: 50 });
  const marks = await page.evaluate(() => ({
    ...window.__bench,
    // The console's own phase marks (config, first page, ...), when it sets them, and when
    // the first list page was requested.
    phases: Object.fromEntries([
      ...performance.getEntriesByType("resource")
        .filter((entry) => entry.name.includes("image-servers?offset=0&"))
        .map((entry) => ["first page requested", entry.startTime]),
      ...performance.getEntriesByType("mark").map((mark) => [mark.name, mark.startTime]),
    ]),
  }));
  return { marks, page, context };
}

/**
 * A click on a checkbox in the middle of the table: ms until it is checked and the counter
 * says so, and until the next frame after that is painted (median of 10 clicks).
 */
async function clickTimes(page, kind) {
  return page.evaluate(async ({ counterSelector }) => {
    const counter = document.querySelector(counterSelector);
    const boxes = [...document.querySelectorAll("#instance-table tbody input[type=checkbox]")].filter(
      (box) => !box.hasAttribute("aria-disabled"),
    );
    const frame = () => new Promise((resolve) => window.__afterNextFrame(resolve));
    const untilCounter = (text, box) =>
      new Promise((resolve) => {
        const done = () => box.checked === text.startsWith("1") && counter.textContent.includes(text);
        const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve(performance.now())));
        observer.observe(counter, { subtree: true, childList: true, characterData: true });
        box.click();
        if (done()) (observer.disconnect(), resolve(performance.now()));
      });
    const checked = [], painted = [];
    for (let i = 0; i < 10; i++) {
      const box = boxes[Math.floor(boxes.length / 2) + i];
      await frame();
      const t0 = performance.now();
      checked.push((await untilCounter("1 of 20", box)) - t0);
      painted.push((await frame()) - t0);
      // Untick again so that the next click starts from 0 selected.
      await untilCounter("0 of 20", box);
    }
    const median = (times) => (times.sort((a, b) => a - b), (times[4] + times[5]) / 2);
    return { checkedMs: median(checked), paintedMs: median(painted) };
  }, { counterSelector: PAGES[kind].counter });
}

/** ms from typing a search term until the table shows exactly the matching rows, painted. */
async function searchTime(page, kind) {
  return page.evaluate(async ({ searchSelector }) => {
    const tbody = document.querySelector("#instance-table tbody");
    const names = [...tbody.querySelectorAll("tr")].map((tr) => tr.textContent.toLowerCase());
    const term = tbody.querySelector("tr td:nth-child(2)").textContent.split(/[-_]/)[0].toLowerCase();
    const expected = names.filter((text) => text.includes(term)).length;
    const input = document.querySelector(searchSelector);
    await new Promise((resolve) => window.__afterNextFrame(resolve));
    const t0 = performance.now();
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => tbody.children.length === expected && (observer.disconnect(), resolve()));
      observer.observe(tbody, { childList: true });
      input.value = term;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      if (tbody.children.length === expected) (observer.disconnect(), resolve());
    });
    return (await new Promise((resolve) => window.__afterNextFrame(resolve))) - t0;
  }, { searchSelector: PAGES[kind].search });
}

/** Requests the console's poller makes for a real 5 s job against the simulator. */
async function pollerRequests(browser, site) {
  const server = await startServer(SERVER, site, ["--job-duration-ms", "5000"]);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const row = page.locator("#instance-table tbody tr", { has: page.locator("input:not([aria-disabled])") }).first();
    await row.locator("input[type=checkbox]").click();
    await page.getByRole("button", { name: /^Delete 1 instance/ }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: /^Delete/ }).click();
    const idShownAt = await page.waitForFunction(() => document.querySelector("[data-job-id]") && performance.now()).then((h) => h.jsonValue());
    await page.waitForSelector("[data-job-id] .raw-status:text-is('SUCCESS')", { timeout: 60_000 });
    const endShownAt = await page.evaluate(() => performance.now());
    const log = await (await fetch(new URL("/__sim/requests", server.url))).json();
    const jobRequests = log.filter((entry) => entry.endpoint === "job");
    await context.close();
    return { jobRequests: jobRequests.length, secondsFromJobIdToEndShown: round((endShownAt - idShownAt) / 1000, 2) };
  } finally {
    server.stop();
  }
}

/** The poll schedule over simulated time (the pure rule the console uses). */
function simulatedPolls() {
  const output = execFileSync("cargo", ["run", "-q", "--example", "poll_requests", "-p", "image-console"], { encoding: "utf8" });
  return JSON.parse(output);
}

const site = stageSite();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = {
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), chromium: browser.version() },
  date: new Date().toISOString(),
  runs: RUNS,
  bundle: bundleSizes(),
  timings: [],
};

/** The median of each field over runs (fields missing in a run are left out). */
const medians = (runs) => {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]).filter((v) => v != null))]));
};

for (const latency of LATENCIES) {
  for (const size of SIZES) {
    const faults = latency > 0 ? ["--fault", `all:latency=${latency}`] : [];
    const server = await startServer(SERVER, site, ["--instances", String(size), ...faults]);
    try {
      // The two pages take turns, run by run, so that a slow spell of the machine falls on
      // both rather than on all the runs of one.
      const runs = { console: [], baseline: [] }, phases = { console: [], baseline: [] };
      for (let run = 0; run < RUNS; run++) {
        for (const kind of ["console", "baseline"]) {
          const { marks, page, context } = await timeToRows(browser, server.url + PAGES[kind].path, size);
          const measured = { firstRowPaintedMs: marks.firstRowPainted, allRowsMs: marks.allRows, allRowsPaintedMs: marks.allRowsPainted };
          // Clicks and search do not wait on the network: measured without latency only.
          if (latency === 0 && size >= 1000) {
            const click = await clickTimes(page, kind);
            measured.clickCheckedMs = click.checkedMs;
            measured.clickPaintedMs = click.paintedMs;
          }
          if (latency === 0 && size === 10000) measured.searchPaintedMs = await searchTime(page, kind);
          runs[kind].push(measured);
          phases[kind].push(marks.phases);
          await context.close();
        }
      }
      for (const kind of ["console", "baseline"]) {
        results.timings.push({ latency, size, kind, ...medians(runs[kind]), phases: medians(phases[kind]) });
      }
      process.stderr.write(`measured ${size} instances, ${latency} ms latency\n`);
    } finally {
      server.stop();
    }
  }
}
if (POLLER) results.poller = { real5s: await pollerRequests(browser, site), simulated: simulatedPolls() };
await browser.close();
rmSync(site, { recursive: true, force: true });

// ---- report ----
const kb = (bytes) => `${round(bytes / 1024)} KB`;
const lines = [];
lines.push(`Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB; Chromium ${results.machine.chromium}; medians of ${RUNS} runs.`, "");
lines.push("| bundle | raw | gzip | brotli |", "|---|---:|---:|---:|");
for (const file of results.bundle.files) lines.push(`| ${file.file.replace(/-[0-9a-f]{12,16}/, "")} | ${kb(file.raw)} | ${kb(file.gzip)} | ${kb(file.brotli)} |`);
lines.push(`| **total** | ${kb(results.bundle.total.raw)} | ${kb(results.bundle.total.gzip)} | **${kb(results.bundle.total.brotli)}** |`, "");
lines.push("| measure | API latency | instances | console | baseline | ratio |", "|---|---:|---:|---:|---:|---:|");
const pair = (latency, size) => ["console", "baseline"].map((kind) => results.timings.find((t) => t.latency === latency && t.size === size && t.kind === kind));
const MEASURES = [
  ["first row painted (from navigation start)", "firstRowPaintedMs"],
  ["all rows present", "allRowsMs"],
  ["all rows painted", "allRowsPaintedMs"],
  ["click → box checked, counter updated", "clickCheckedMs"],
  ["click → next frame painted", "clickPaintedMs"],
  ["search → matching rows painted", "searchPaintedMs"],
];
for (const [label, key] of MEASURES) {
  for (const latency of LATENCIES) {
    for (const size of SIZES) {
      const [ours, base] = pair(latency, size);
      if (ours?.[key] == null) continue;
      // Sub-millisecond timings are at the clock's resolution: a ratio of them means nothing.
      const ratio = base[key] < 0.5 ? "n/a (baseline < 0.5 ms)" : `${round(ours[key] / base[key], 2)}×`;
      lines.push(`| ${label} | ${latency} ms | ${size.toLocaleString("en")} | ${round(ours[key], 1)} ms | ${round(base[key], 1)} ms | ${ratio} |`);
    }
  }
}
const phaseRows = results.timings.filter((t) => t.kind === "console" && Object.keys(t.phases).length);
if (phaseRows.length) {
  const names = [...new Set(phaseRows.flatMap((t) => Object.keys(t.phases)))];
  lines.push("", `| console phase (ms from navigation start) | ${names.join(" | ")} |`, `|---|${names.map(() => "---:").join("|")}|`);
  for (const t of phaseRows) lines.push(`| ${t.size.toLocaleString("en")} instances, ${t.latency} ms latency | ${names.map((n) => (t.phases[n] == null ? "–" : round(t.phases[n], 0))).join(" | ")} |`);
}
if (results.poller) {
  lines.push("", "| job length | poll requests (console) | fixed 10 s poll | end shown after it happens, at most |", "|---|---:|---:|---:|");
  for (const row of results.poller.simulated) lines.push(`| ${row.job_seconds} s (simulated) | ${row.requests} | ${row.fixed_10s_requests} | ${row.max_lag_seconds} s |`);
  lines.push(`| 5 s (real, simulator) | ${results.poller.real5s.jobRequests} | 1 | ${results.poller.real5s.secondsFromJobIdToEndShown} s from job ID to end shown |`);
}
results.table = lines.join("\n");
writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
console.log(results.table);
