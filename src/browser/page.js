// The console's own JavaScript, in one module so that the page fetches one file for it
// (on HTTP/1.1 each more file at start-up waits for a connection):
//
// 1. Start-up requests sent while the wasm downloads and compiles (`browser::boot`):
//    config.json, whoami.json and, once the configuration is known, the first page of the
//    list, each read whole as it arrives. The console's own GET of the same URL with the
//    same headers takes that answer instead of sending again (`take`); once its first list
//    load is over, what it did not take is dropped (`forget`). The console mounts once these
//    are out, and the page's first paint waits briefly for the first page (`whenStarted`).
// 2. The instance table's rows, built from the wasm's texts (`browser::table_rows`).
//
// index.html starts this module as soon as it is downloaded, long before the wasm is
// instantiated; the wasm's glue imports the same instance.

// ---- 1. Start-up requests ------------------------------------------------------------
// Only ever what the console itself sends first, unauthenticated (a token typed in Settings
// lives in the wasm's memory, so the first requests carry none), to this page's origin;
// whatever this cannot resolve exactly as the console does, it leaves to the console.

const SETTINGS_KEY = "image-console.settings";
const PAGE_LIMIT = 100;
/** The console's own headers (`JSON_HEADERS` in src/api/transport.rs), no token. */
const HEADERS = { Accept: "application/json", "Content-Type": "application/json" };

/** Requests sent, by absolute URL (`keyOf`), until the console takes their answer. */
const pending = new Map();
const keyOf = (url) => new URL(url, location.href).href;
/** Settles once the start-up requests are out (see `whenStarted`). */
let started = Promise.resolve();
/** Settles once the first list page's answer is read, or known not to come. */
let firstPageRead = Promise.resolve();

function prefetch(url) {
  const controller = new AbortController();
  const answer = fetch(url, { headers: HEADERS, signal: controller.signal }).then(read);
  const entry = { answer: quiet(answer), controller };
  pending.set(keyOf(url), entry);
  return entry;
}

/**
 * `response` read whole, while the wasm loads: `{ status, headers, text }`. Reading a body
 * costs the page a task of its own; read here, the console takes the answer in the same
 * task as the rest of its start (config, view, first page, rows), painted as one frame.
 */
async function read(response) {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** `entry`'s answer once `first` has settled. */
function after(first, entry) {
  const answer = entry.answer;
  entry.answer = quiet(first.then(() => answer));
}

/** `promise`, marked as handled: a failure is the taker's to report, not the console log's. */
function quiet(promise) {
  promise.catch(() => {});
  return promise;
}

const MAX_REQUEST_TIMEOUT_MS = 120_000;

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isOptionalString = (value) => value == null || typeof value === "string";

/**
 * config.json as the console reads it (`rules::config::parse_config_file`), or null whenever
 * the console would refuse the file: it then names the problem and sends nothing.
 */
function readConfigFile(text) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(file) || !isOptionalString(file.api_base) || !isOptionalString(file.project_id)) {
    return null;
  }
  const timeout = file.request_timeout_ms;
  // A whole number of milliseconds as written (JSON.parse reads 5.0 as 5; the console refuses it).
  const whole = /"request_timeout_ms"\s*:\s*[0-9]+\s*[,}]/.test(text);
  if (timeout != null && !(whole && Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_REQUEST_TIMEOUT_MS)) {
    return null;
  }
  return file;
}

/**
 * Settings saved in this browser ({} when none), or null when they are anything but what the
 * console's Settings form writes (`api_base` and `project_id`, strings or absent).
 */
function readSettings() {
  try {
    const text = localStorage.getItem(SETTINGS_KEY);
    if (text === null) return {};
    const saved = JSON.parse(text);
    const plain = isObject(saved) && isOptionalString(saved.api_base) && isOptionalString(saved.project_id);
    return plain && saved.request_timeout_ms == null ? saved : null;
  } catch {
    return null;
  }
}

/** Settings saved in this browser win over config.json, field by field. */
function merged(file, saved) {
  return {
    api_base: saved.api_base ?? file.api_base,
    project_id: saved.project_id ?? file.project_id,
  };
}

/**
 * The first list page's URL, exactly as the console builds it, or null whenever the
 * configuration is anything but plain: the console then validates and reports it itself.
 */
function firstPageUrl(config, pageUrl) {
  const { api_base: rawBase, project_id: rawProject } = config ?? {};
  if (typeof rawBase !== "string" || typeof rawProject !== "string") return null;
  const base = rawBase.trim();
  const project = rawProject.trim();
  if (!/^[0-9a-f]{32}$/.test(project)) return null;
  // Anything two URL parsers may read differently (escapes, credentials, queries, non-ASCII
  // text, dot segments) is left to the console's own checks.
  if (!/^[A-Za-z0-9._~:\/\[\]-]+$/.test(base) || /(^|\/)\.\.?(\/|$)/.test(base)) return null;
  let resolved;
  try {
    resolved = new URL(base, pageUrl);
  } catch {
    return null;
  }
  const page = new URL(pageUrl);
  if (resolved.origin !== page.origin) return null;
  const path = resolved.pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => `/${segment}`)
    .join("");
  return `${resolved.origin}${path}/v1/${project}/image-servers?offset=0&limit=${PAGE_LIMIT}`;
}

async function prefetchFirstPage(config) {
  const answer = await config;
  if (answer.status !== 200) return;
  const file = readConfigFile(answer.text);
  const saved = readSettings();
  const url = file && saved && firstPageUrl(merged(file, saved), location.href);
  if (url) firstPageRead = prefetch(url).answer.catch(() => {});
}

// Only the console's page starts these requests: its index.html runs this module from a
// script tag of its own (scripts/post-build.mjs), which the component tests' runner lacks.
if (document.querySelector('script[src$="/src/browser/page.js"]')) {
  const config = prefetch("config.json");
  prefetch("whoami.json");
  // The console gets config.json once the first page is on its way (or known not to be), so
  // it never asks for that page itself in the meantime.
  started = prefetchFirstPage(config.answer).catch(() => {});
  after(started, config);
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Settles once the start-up requests are out, or after `sentLimitMs`: the console mounts then,
 * so that its start does not hold up the first page's request on the page's one thread.
 * The page is then kept from painting (`hidden`) until the console has taken the first list
 * page's answer, or for `answerLimitMs` at most: an answer arriving while the console mounts
 * is painted with it, in one layout, not after a paint of the empty console.
 */
export function whenStarted(sentLimitMs, answerLimitMs) {
  return Promise.race([started, delay(sentLimitMs)]).then(() => {
    document.body.hidden = true;
    // A task after the answer is read: the console has placed its rows by then.
    const show = () => setTimeout(() => (document.body.hidden = false));
    Promise.race([firstPageRead, delay(answerLimitMs)]).then(show);
  });
}

/**
 * The answer (`read`) to a GET of `url` (relative to the page or absolute) sent at start-up
 * with the console's headers, at most once; `signal` aborts it like the console's own
 * request. Undefined when there is none.
 */
export function take(url, signal) {
  if (pending.size === 0) return undefined; // after start-up: no URL to resolve
  const key = keyOf(url);
  const entry = pending.get(key);
  if (!entry) return undefined;
  pending.delete(key);
  if (signal.aborted) entry.controller.abort(signal.reason);
  signal.addEventListener("abort", () => entry.controller.abort(signal.reason), { once: true });
  return entry.answer;
}

/**
 * Drops the start-up requests the console did not take (aborted, or their answers let go):
 * they served its first list load, and anything later reads the API afresh.
 */
export function forget() {
  for (const entry of pending.values()) entry.controller.abort();
  pending.clear();
}

// ---- 2. The table's rows --------------------------------------------------------------
// Built here from one string of texts (`table_rows.rs` says what each text is and keeps the
// rows): one call from the wasm for a whole batch, where a call per clone, cell and attribute
// cost more than building the rows. Every text is set as text or an attribute's value, never
// parsed as HTML.

/** Between two texts; the wasm leaves out a text that holds it. */
const SEPARATOR = "\0";
/** Texts per row, in the order `table_rows.rs` writes them. */
const FIELDS = 14;

let template = null;

/** One empty row with every row's markup, made once. */
function rowTemplate() {
  if (template) return template;
  const add = (parent, tag, attributes = {}) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    parent?.append(element);
    return element;
  };
  const row = add(null, "tr");
  const select = add(row, "td", { class: "select" });
  // autocomplete=off: the browser does not save 10,000 boxes' states with each history
  // entry (every search, filter or sort writes one: about 70 ms at 10,000 rows).
  add(select, "input", { type: "checkbox", autocomplete: "off" });
  add(select, "span", { class: "reason", role: "tooltip" });
  add(row, "td", { class: "name" });
  add(add(row, "td", { class: "id" }), "code");
  add(add(add(row, "td", { class: "status" }), "span"), "span", { "aria-hidden": "true" });
  add(row, "td");
  add(row, "td");
  add(add(row, "td"), "time");
  template = row;
  return row;
}

/**
 * New rows, not yet in the table, from `joined`: FIELDS texts a row, each followed by
 * SEPARATOR. A row with a reason is shown blocked (`aria-disabled`, the reason's text).
 * Returns each row's `tr`, checkbox and reason element, in turn.
 */
export function makeRows(joined) {
  // Texts read by index and cells reached by sibling walks: a slice with destructuring and
  // `row.children` per row took a fifth more time at 10,000 rows.
  const texts = joined.split(SEPARATOR);
  const template = rowTemplate();
  const made = [];
  for (let at = 0; at + FIELDS < texts.length; at += FIELDS) {
    const id = texts[at], key = texts[at + 1], label = texts[at + 2], name = texts[at + 3];
    const statusClass = texts[at + 4], statusTitle = texts[at + 5];
    const icon = texts[at + 6], statusWords = texts[at + 7];
    const typeTitle = texts[at + 8], typeWords = texts[at + 9], user = texts[at + 10];
    const created = texts[at + 11], createdText = texts[at + 12], reason = texts[at + 13];
    const row = template.cloneNode(true);
    row.setAttribute("data-id", id);
    const select = row.firstElementChild;
    const nameCell = select.nextElementSibling;
    const idCell = nameCell.nextElementSibling;
    const statusCell = idCell.nextElementSibling;
    const typeCell = statusCell.nextElementSibling;
    const userCell = typeCell.nextElementSibling;
    const createdCell = userCell.nextElementSibling;
    const box = select.firstElementChild;
    const why = box.nextElementSibling;
    const reasonId = `why-${key}`;
    box.setAttribute("aria-label", label);
    box.setAttribute("aria-describedby", reasonId);
    why.setAttribute("id", reasonId);
    if (reason) {
      box.setAttribute("aria-disabled", "true");
      why.textContent = reason;
    }
    nameCell.textContent = name;
    idCell.firstElementChild.textContent = id;
    const badge = statusCell.firstElementChild;
    badge.setAttribute("class", statusClass);
    badge.setAttribute("title", statusTitle);
    badge.firstElementChild.textContent = icon;
    badge.append(statusWords);
    typeCell.setAttribute("title", typeTitle);
    typeCell.textContent = typeWords;
    userCell.textContent = user;
    const time = createdCell.firstElementChild;
    time.setAttribute("datetime", created);
    time.textContent = createdText;
    made.push(row, box, why);
  }
  return made;
}
