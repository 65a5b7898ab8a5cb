// The benchmark's baseline: a few dozen lines of plain DOM code that fetch the same pages
// as the console and render the same rows with checkboxes, a counter and a name filter.
const config = await (await fetch("config.json")).json();
const base = new URL(config.api_base, location.href).href.replace(/\/$/, "");
const list = (offset) =>
  fetch(`${base}/v1/${config.project_id}/image-servers?offset=${offset}&limit=100`).then((r) => r.json());

const first = await list(0);
let items = first.items;
const offsets = [];
for (let offset = 100; offset < first.count; offset += 100) offsets.push(offset);
for (let i = 0; i < offsets.length; i += 4) {
  const pages = await Promise.all(offsets.slice(i, i + 4).map(list));
  for (const page of pages) items = items.concat(page.items);
}

const tbody = document.querySelector("tbody");
const counter = document.getElementById("counter");
const selected = new Set();
const rows = items.map((item) => {
  const tr = document.createElement("tr");
  tr.dataset.id = item.id;
  const box = document.createElement("input");
  box.type = "checkbox";
  box.setAttribute("aria-label", `Select ${item.name}`);
  box.addEventListener("click", () => {
    if (box.checked) selected.add(item.id); else selected.delete(item.id);
    counter.textContent = `${selected.size} of 20 selected`;
  });
  const cells = [item.name, item.id, item.status, item.image_ref?.image_type, item.authorize_accounts?.[0]?.account, item.create_time];
  const first = document.createElement("td");
  first.append(box);
  tr.append(first, ...cells.map((text) => { const td = document.createElement("td"); td.textContent = text ?? ""; return td; }));
  return { tr, key: `${item.name}\n${item.id}`.toLowerCase() };
});
tbody.append(...rows.map((row) => row.tr));

document.getElementById("search").addEventListener("input", (event) => {
  const needle = event.target.value.trim().toLowerCase();
  tbody.replaceChildren(...rows.filter((row) => row.key.includes(needle)).map((row) => row.tr));
});
