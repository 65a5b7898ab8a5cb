// The README's screenshots, one per language, of the same state against the simulator: a
// delete job of two instances in progress, three more instances selected.
//
//   (cd bench && npm ci) && scripts/build && cargo build -p image-console-server
//   node bench/screenshots.mjs --dist dist --server target/debug/image-console-server
//
// Writes docs/screenshot.png (English) and docs/screenshot.zh-CN.png (Simplified Chinese;
// the CJK glyphs come from Debian's fonts-noto-cjk, which scripts/bootstrap installs).
import { chromium } from "playwright-core";
import { parseArgs, startServer } from "./server.mjs";

const args = parseArgs();
const DIST = args.dist ?? "dist";
const SERVER = args.server ?? "target/debug/image-console-server";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = [
  { lang: "en", file: "docs/screenshot.png" },
  { lang: "zh-CN", file: "docs/screenshot.zh-CN.png" },
];

/** A fresh simulator (the same seed each time); a job waits 6 s, then runs for a while. */
function startSimulator() {
  return startServer(SERVER, DIST, ["--job-duration-ms", "40000"]);
}

/** Ticks the first `count` selectable rows not ticked yet. */
async function selectRows(page, count) {
  const boxes = page.locator("tbody tr[data-id] input[type=checkbox]:not([aria-disabled=true]):not(:checked)");
  for (let i = 0; i < count; i++) {
    await boxes.first().click();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
for (const { lang, file } of SHOTS) {
  const server = await startSimulator();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 857 }, locale: lang });
    await page.goto(`${server.url}?lang=${lang}`);
    await page.locator("tbody tr[data-id]").first().waitFor();
    await selectRows(page, 2);
    await page.click("section.selection-bar button.danger");
    await page.click("dialog[open] button.danger");
    await page.locator("article[data-job-id] .job-status .raw-status", { hasText: "RUNNING" }).waitFor({ timeout: 20000 });
    await selectRows(page, 3);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  } finally {
    server.stop();
  }
}
await browser.close();
