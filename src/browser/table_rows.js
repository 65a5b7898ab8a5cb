// The instance table's rows, made in the page from one string of texts (`table_rows.rs` says
// what each text is and keeps the rows). Building them here costs one call from the wasm
// for a whole batch; from the wasm, each clone, cell and attribute was a call of its own.
// Every text is set as text or an attribute's value, never parsed as HTML.

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
  const texts = joined.split(SEPARATOR);
  const template = rowTemplate();
  const made = [];
  for (let at = 0; at + FIELDS < texts.length; at += FIELDS) {
    const [id, key, label, name, statusClass, statusTitle, icon, statusWords, typeTitle, typeWords, user, created, createdText, reason] =
      texts.slice(at, at + FIELDS);
    const row = template.cloneNode(true);
    row.setAttribute("data-id", id);
    const [select, nameCell, idCell, statusCell, typeCell, userCell, createdCell] = row.children;
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
