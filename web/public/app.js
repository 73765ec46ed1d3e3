// Progressive enhancement for server-rendered pages; everything here also works without it.
// (a) table[data-sortable]: header links sort the rows in place by their cells' data-value.
// (b) form[data-live-estimate]: cost totals follow the count/hours/days inputs as they change.
(() => {
  const cellValue = (row, index) => row.cells[index]?.dataset.value ?? "";
  const isNumber = (text) => text !== "" && Number.isFinite(Number(text));

  const compareValues = (a, b) => (isNumber(a) && isNumber(b) ? Number(a) - Number(b) : a.localeCompare(b));

  // Each header link holds the URL of its next direction (href) and of the other one (data-alt),
  // so after a sort in place the links, and the address bar, say what a reload would show.
  function flip(link) {
    const alt = link.dataset.alt;
    if (!alt) return;
    link.dataset.alt = link.getAttribute("href");
    link.setAttribute("href", alt);
    link.dataset.dir = link.dataset.dir === "asc" ? "desc" : "asc";
  }

  function sortTable(table, link) {
    const th = link.closest("th");
    const body = table.tBodies[0];
    if (!th || !body) return;
    const index = th.cellIndex;
    const dir = link.dataset.dir === "desc" ? "desc" : "asc";
    const sign = dir === "asc" ? 1 : -1;
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const [x, y] = [cellValue(a, index), cellValue(b, index)];
      return x === "" || y === "" ? (x === "") - (y === "") : sign * compareValues(x, y); // blanks last
    });
    body.append(...rows);
    history.replaceState(history.state, "", link.href);
    for (const other of table.querySelectorAll("thead th[aria-sort]")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
    for (const other of table.querySelectorAll("thead a[data-dir]")) {
      if (other !== link && other.dataset.dir !== other.dataset.first) flip(other);
    }
    flip(link);
  }

  document.addEventListener("click", (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = event.target instanceof Element ? event.target.closest("thead a[data-dir]") : null;
    const table = link?.closest("table[data-sortable]");
    if (!link || !table) return;
    event.preventDefault();
    sortTable(table, link);
  });

  const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const KINDS = { "on-demand": "onDemand", spot: "spot", reserved: "reserved" };

  function estimate(form) {
    const read = (name) => {
      const field = form.elements.namedItem(name);
      const value = field && "value" in field ? Number(field.value) : NaN;
      return Number.isFinite(value) && value >= 0 && field.value !== "" ? value : NaN;
    };
    const hours = read("count") * read("hours") * read("days");
    for (const label of document.querySelectorAll("[data-estimate-hours]"))
      label.textContent = Number.isFinite(hours) ? hours.toLocaleString("en-US") : "—";
    // data-live-estimate="<id>" points at results outside the form; empty means inside it.
    const scope = document.getElementById(form.dataset.liveEstimate) ?? form;
    for (const row of scope.querySelectorAll("[data-on-demand]")) {
      for (const cell of row.querySelectorAll("[data-total]")) {
        const key = KINDS[cell.dataset.total];
        const price = key ? row.dataset[key] : "";
        const total = isNumber(price ?? "") ? Number(price) * hours : NaN;
        cell.textContent = Number.isFinite(total) ? `$${money.format(total)}` : "—";
      }
    }
  }

  document.addEventListener("input", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-live-estimate]") : null;
    if (form) estimate(form);
  });
  // Browsers may restore edited inputs on back/forward navigation: bring the totals in line.
  for (const form of document.querySelectorAll("form[data-live-estimate]")) estimate(form);
})();
