// Start-up requests sent while the wasm downloads and compiles: config.json, whoami.json
// and, once the configuration is known, the first page of the list. The console's own
// GET of the same URL with the same headers takes the response instead of sending again
// (`take`); a response nobody takes is never read.
//
// index.html starts this module as soon as it is downloaded, long before the wasm is
// instantiated; the wasm's glue imports the same instance for `take`.
// It only ever sends what the console itself sends first, unauthenticated (a token typed
// in Settings lives in the wasm's memory, so the first requests carry none), to this page's
// origin; whatever it cannot resolve exactly as the console does, it leaves to the console.

const SETTINGS_KEY = "image-console.settings";
const PAGE_LIMIT = 100;
const HEADERS = { Accept: "application/json" };

const pending = new Map();

function prefetch(url) {
  const controller = new AbortController();
  const entry = { response: quiet(fetch(url, { headers: HEADERS, signal: controller.signal })), controller };
  pending.set(new URL(url, location.href).href, entry);
  return entry;
}

/** `entry`'s response once `first` has settled. */
function after(first, entry) {
  const response = entry.response;
  entry.response = quiet(first.then(() => response));
}

/** `promise`, marked as handled: a failure is the taker's to report, not the console log's. */
function quiet(promise) {
  promise.catch(() => {});
  return promise;
}

/** Settings saved in this browser win over config.json, field by field. */
function merged(file) {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}") ?? {};
  } catch {
    // Unreadable settings: the console reports them; nothing is guessed here.
    return null;
  }
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
  const response = await config;
  if (response.status !== 200) return;
  let file;
  try {
    file = await response.clone().json();
  } catch {
    return;
  }
  if (file === null || typeof file !== "object" || Array.isArray(file)) return;
  const settings = merged(file);
  const url = settings && firstPageUrl(settings, location.href);
  if (url) prefetch(url);
}

// Only the console's page starts these requests: its index.html runs this module from a
// script tag of its own (scripts/post-build.mjs), which the component tests' runner lacks.
if (document.querySelector('script[src$="/src/browser/boot.js"]')) {
  const config = prefetch("config.json");
  prefetch("whoami.json");
  // The console gets config.json once the first page is on its way (or known not to be), so
  // it never asks for that page itself in the meantime.
  after(prefetchFirstPage(config.response).catch(() => {}), config);
}

/**
 * The response to a GET of `url` (relative to the page or absolute) sent at start-up with
 * the console's headers, at most once; `signal` aborts it like the console's own request.
 * Undefined when there is none.
 */
export function take(url, signal) {
  const key = new URL(url, location.href).href;
  const entry = pending.get(key);
  if (!entry) return undefined;
  pending.delete(key);
  if (signal.aborted) entry.controller.abort(signal.reason);
  signal.addEventListener("abort", () => entry.controller.abort(signal.reason), { once: true });
  return entry.response;
}
