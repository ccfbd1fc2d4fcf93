// The heatmap page's browser script and style sheet, as text the page embeds (no external files,
// no requests). Plain ES2017 that every current browser runs; strings reach the DOM only through
// textContent, never as markup.

export const PAGE_CSS = String.raw`
:root { --green: #1a9850; --amber: #f39c12; --red: #d73027; --none: #9aa0a6; --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 14px 20px 10px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
.sub { color: var(--muted); font-size: 13px; }
.back { font-size: 13px; margin-bottom: 4px; } .back a { color: #0b57d0; }
.controls { display: flex; flex-wrap: wrap; gap: 18px; align-items: center; margin-top: 10px; }
.controls label { font-weight: 600; margin-right: 6px; }
select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.legend { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.sw { width: 12px; height: 12px; border-radius: 50%; display: inline-block; border: 1px solid rgba(0,0,0,.25); }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 16px; padding: 16px 20px; }
#map-wrap { background: #fff; border: 1px solid var(--line); border-radius: 10px; position: relative; min-height: 420px; }
#map { width: 100%; height: 100%; min-height: 420px; display: block; }
.area { fill: #eaf1f8; stroke: #7b9cc0; stroke-width: 1.5; stroke-dasharray: 6 4; }
.link { stroke: #aab4c0; stroke-width: 1; }
.m { stroke: #fff; stroke-width: 1.5; cursor: pointer; }
.m.sel { stroke: var(--ink); stroke-width: 3; }
.m[data-type="GSP"] { stroke: #1f2933; }
.lbl { fill: #334155; paint-order: stroke; stroke: #fff; stroke-linejoin: round; pointer-events: none; }
.lbl.GSP, .lbl.BSP { font-weight: 600; }
.table-wrap { overflow-x: auto; border-radius: 8px; }
#tip { position: absolute; pointer-events: none; background: rgba(31,41,51,.94); color: #fff; padding: 6px 9px; border-radius: 6px; font-size: 12px; display: none; white-space: nowrap; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; max-height: 640px; overflow: auto; }
aside h2 { font-size: 16px; margin: 0 0 6px; }
aside table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
aside td { padding: 3px 4px; border-bottom: 1px solid #eef1f4; vertical-align: top; }
aside td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
.rag { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 11.5px; font-weight: 600; }
.rag.GREEN { background: var(--green); } .rag.AMBER { background: var(--amber); } .rag.RED { background: var(--red); } .rag.none { background: var(--none); }
section { padding: 0 20px 24px; }
#table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); font-size: 13px; }
#table th { position: sticky; top: 0; background: #eef2f6; text-align: left; vertical-align: bottom; padding: 6px 8px; cursor: pointer; user-select: none; min-width: 4.5em; }
#table th.num { text-align: right; }
#table th[aria-sort="ascending"]::after { content: " ▲"; } #table th[aria-sort="descending"]::after { content: " ▼"; }
#table td { padding: 5px 8px; border-top: 1px solid #eef1f4; }
#table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
#table tr:hover td { background: #f4f8fc; cursor: pointer; }
.note { color: var(--muted); font-size: 12px; margin-top: 8px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } aside { max-height: none; } }
/* Narrow screens: the columns that identify a substation and its three headrooms; the rest is in the side panel. */
@media (max-width: 640px) {
  header, main, section { padding-left: 8px; padding-right: 8px; }
  h1 { font-size: 17px; }
  .controls { gap: 10px; }
  .legend { gap: 8px; font-size: 12.5px; }
  #map-wrap, #map { min-height: 0; }
  #table { font-size: 12px; }
  #table th, #table td { padding: 4px 4px; }
  #table th { min-width: 0; }
  #table .opt, #table .ragcol { display: none; }
  #table td.num[data-rag] { border-left: 6px solid var(--none); }
  #table td.num[data-rag="GREEN"] { border-left-color: var(--green); }
  #table td.num[data-rag="AMBER"] { border-left-color: var(--amber); }
  #table td.num[data-rag="RED"] { border-left-color: var(--red); }
}
`;

export const PAGE_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('heatmap-data').textContent);
  // Rows arrive as arrays in data.fields order; make them objects once.
  Object.keys(data.datasets).forEach(function (y) {
    data.datasets[y] = data.datasets[y].map(function (a) {
      var o = {};
      data.fields.forEach(function (f, i) { o[f] = a[i]; });
      return o;
    });
  });
  var COLORS = { GREEN: '#1a9850', AMBER: '#f39c12', RED: '#d73027' };
  var NONE = '#9aa0a6';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var MODES = {
    demand: { rag: 'demandConstraint', value: 'demandAvailableCapacity', factor: 'demandConstraintLimitingFactor', label: 'Demand headroom', unit: 'MW' },
    generation: { rag: 'generationConstraint', value: 'generationAvailableCapacity', factor: 'generationConstraintLimitingFactor', label: 'Generation headroom', unit: 'MW' },
    fault: { rag: 'faultLevelConstraint', value: 'faultLevelHeadroom', factor: null, label: 'Fault level headroom', unit: 'kA' }
  };
  var state = { year: data.years[0], mode: 'demand', selected: null, sortKey: null, sortDir: 1 };
  var yearSel = document.getElementById('year');
  var modeSel = document.getElementById('mode');
  var svg = document.getElementById('map');
  var tip = document.getElementById('tip');
  var panel = document.getElementById('panel');

  function el(tag, attrs, text) {
    var e = tag.indexOf('svg:') === 0 ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function rowsOf(year) { return data.datasets[year] || []; }
  var index = {};
  data.years.forEach(function (y) { var m = {}; rowsOf(y).forEach(function (r) { m[r.mRID] = r; }); index[y] = m; });
  function rowOf(year, mrid) { return (index[year] && index[year][mrid]) || null; }
  function fmt(v, unit) {
    if (v === null || v === undefined) return '–';
    if (Array.isArray(v)) return v.join('/') + (unit ? ' ' + unit : '');
    if (typeof v === 'number') return (Math.round(v * 1000) / 1000).toLocaleString('en-GB', { maximumFractionDigits: 3 }) + (unit ? ' ' + unit : '');
    return String(v);
  }
  function ragBadge(v) { return el('span', { 'class': 'rag ' + (v || 'none') }, v || 'no data'); }

  // Controls.
  data.years.forEach(function (y) { yearSel.appendChild(el('option', { value: y }, y === 'existing' ? 'Existing' : 'Year ' + y)); });
  yearSel.addEventListener('change', function () { state.year = yearSel.value; render(); });
  modeSel.addEventListener('change', function () { state.mode = modeSel.value; render(); });

  // Map: an equirectangular projection scaled by cos(mean latitude), fitted to the view box.
  // Padding: more on the right, where the names go.
  var W = 1000, H = 720, PAD = 40, PADR = 130;
  var base = rowsOf(data.years[0]);
  var placed = base.filter(function (r) { return r.latitude !== null && r.longitude !== null; });
  var lat0 = placed.reduce(function (a, r) { return a + r.latitude; }, 0) / Math.max(1, placed.length);
  var k = Math.cos(lat0 * Math.PI / 180);
  function raw(r) { return [r.longitude * k, -r.latitude]; }
  var xs = placed.map(function (r) { return raw(r)[0]; }), ys = placed.map(function (r) { return raw(r)[1]; });
  var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs), minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
  var span = Math.max(maxX - minX, (maxY - minY) * (W - PAD - PADR) / (H - 2 * PAD), 1e-6);
  var scale = (W - PAD - PADR) / span;
  var offX = PAD + (W - PAD - PADR - (maxX - minX) * scale) / 2, offY = (H - (maxY - minY) * scale) / 2;
  function project(r) { var p = raw(r); return [offX + (p[0] - minX) * scale, offY + (p[1] - minY) * scale]; }
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);

  // The area outline: the convex hull of the substations (data.outline, computed when the page was
  // written), pushed 18 px outwards from its centre so the outermost markers sit inside it.
  if (data.outline.length >= 3) {
    var hull = data.outline.map(project);
    var cx = hull.reduce(function (a, p) { return a + p[0]; }, 0) / hull.length;
    var cy = hull.reduce(function (a, p) { return a + p[1]; }, 0) / hull.length;
    var d = hull.map(function (p, i) {
      var dx = p[0] - cx, dy = p[1] - cy, len = Math.sqrt(dx * dx + dy * dy) || 1;
      return (i ? 'L' : 'M') + (p[0] + dx / len * 18).toFixed(1) + ' ' + (p[1] + dy / len * 18).toFixed(1);
    }).join(' ') + ' Z';
    svg.appendChild(el('svg:path', { 'class': 'area', d: d }));
  }
  // Supply links: each substation to its BSP (or GSP), drawn faintly under the markers.
  var byName = {};
  placed.forEach(function (r) { if (!(r.name in byName)) byName[r.name] = r; });
  var links = el('svg:g', { 'class': 'links' });
  placed.forEach(function (r) {
    var up = r.type === 'Primary' ? (r.BSP || r.GSP) : r.type === 'BSP' ? r.GSP : null;
    var p = up ? byName[up] : null;
    if (!p || p === r) return;
    var a = project(r), b = project(p);
    links.appendChild(el('svg:line', { 'class': 'link', x1: a[0].toFixed(1), y1: a[1].toFixed(1), x2: b[0].toFixed(1), y2: b[1].toFixed(1) }));
  });
  svg.appendChild(links);
  var markers = el('svg:g', { id: 'markers' });
  var order = { Primary: 0, BSP: 1, GSP: 2 };
  placed.slice().sort(function (a, b) { return order[a.type] - order[b.type]; }).forEach(function (r) {
    var p = project(r);
    var c = el('svg:circle', { 'class': 'm', cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: r.type === 'GSP' ? 11 : r.type === 'BSP' ? 8 : 6, 'data-mrid': r.mRID, 'data-type': r.type });
    c.addEventListener('mousemove', function (ev) { showTip(ev, r.mRID); });
    c.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    c.addEventListener('click', function () { select(r.mRID); });
    markers.appendChild(c);
  });
  svg.appendChild(markers);
  // Names: GSPs first, then BSPs, then primaries, each put beside its marker (right, left, above or
  // below) where it overlaps no other name and no other marker, or left out (the tooltip, the panel
  // and the table still name it). The map scales with the page, so sizes are set in screen pixels:
  // 12 px text and markers that stay visible however narrow the page is, laid out again on resize.
  var labels = el('svg:g', { 'class': 'labels' });
  svg.appendChild(labels);
  var BASE_R = { GSP: 11, BSP: 8, Primary: 6 };
  var PRIORITY = { GSP: 0, BSP: 1, Primary: 2 };
  var labelOrder = placed.slice().sort(function (a, b) { return PRIORITY[a.type] - PRIORITY[b.type] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
  function layoutLabels() {
    var width = svg.getBoundingClientRect().width || W;
    var unit = W / width; // view-box units per screen pixel
    var grow = Math.max(1, unit * 0.6); // markers keep at least 60% of their size on screen
    Array.prototype.forEach.call(markers.children, function (c) { c.setAttribute('r', (BASE_R[c.getAttribute('data-type')] * grow).toFixed(1)); });
    labels.textContent = '';
    var fontSize = 12 * unit;
    labels.setAttribute('font-size', fontSize.toFixed(2));
    labels.setAttribute('stroke-width', (3 * unit).toFixed(2));
    var boxes = placed.map(function (r) {
      var p = project(r), rr = BASE_R[r.type] * grow + 2 * unit;
      return { x0: p[0] - rr, y0: p[1] - rr, x1: p[0] + rr, y1: p[1] + rr, owner: r.mRID };
    });
    function free(b, owner) {
      if (b.x0 < 0 || b.y0 < 0 || b.x1 > W || b.y1 > H) return false;
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (o.owner === owner) continue;
        if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) return false;
      }
      return true;
    }
    labelOrder.forEach(function (r) {
      var p = project(r), rr = BASE_R[r.type] * grow, gap = 3 * unit;
      var t = el('svg:text', { 'class': 'lbl ' + r.type, 'data-mrid': r.mRID }, r.name);
      labels.appendChild(t);
      var w = t.getComputedTextLength(), h = fontSize;
      var spots = [
        { x: p[0] + rr + gap, y: p[1] + h * 0.35, anchor: 'start', box: { x0: p[0] + rr + gap, y0: p[1] - h * 0.6, x1: p[0] + rr + gap + w, y1: p[1] + h * 0.5 } },
        { x: p[0] - rr - gap, y: p[1] + h * 0.35, anchor: 'end', box: { x0: p[0] - rr - gap - w, y0: p[1] - h * 0.6, x1: p[0] - rr - gap, y1: p[1] + h * 0.5 } },
        { x: p[0], y: p[1] - rr - gap - h * 0.2, anchor: 'middle', box: { x0: p[0] - w / 2, y0: p[1] - rr - gap - h, x1: p[0] + w / 2, y1: p[1] - rr - gap } },
        { x: p[0], y: p[1] + rr + gap + h * 0.8, anchor: 'middle', box: { x0: p[0] - w / 2, y0: p[1] + rr + gap, x1: p[0] + w / 2, y1: p[1] + rr + gap + h } }
      ];
      for (var i = 0; i < spots.length; i++) {
        if (!free(spots[i].box, r.mRID)) continue;
        t.setAttribute('x', spots[i].x.toFixed(1));
        t.setAttribute('y', spots[i].y.toFixed(1));
        t.setAttribute('text-anchor', spots[i].anchor);
        boxes.push({ x0: spots[i].box.x0, y0: spots[i].box.y0, x1: spots[i].box.x1, y1: spots[i].box.y1, owner: null });
        return;
      }
      labels.removeChild(t);
    });
  }
  var resizeTimer = null;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(layoutLabels, 100); });
  var unplaced = base.length - placed.length;
  if (unplaced > 0) document.getElementById('map-note').textContent = unplaced + ' substation(s) have no coordinates and appear only in the table.';

  function showTip(ev, mrid) {
    var r = rowOf(state.year, mrid); if (!r) return;
    var m = MODES[state.mode];
    tip.textContent = r.name + ' (' + r.type + ') — ' + m.label + ': ' + fmt(r[m.value], m.unit) + ' · ' + (r[m.rag] || 'no data');
    var box = svg.parentNode.getBoundingClientRect();
    tip.style.left = (ev.clientX - box.left + 14) + 'px';
    tip.style.top = (ev.clientY - box.top + 10) + 'px';
    tip.style.display = 'block';
  }

  var PANEL_FIELDS = [
    ['type', ''], ['voltages', 'kV'], ['GSP', ''], ['BSP', ''],
    ['demandFirmCapacity', 'MW'], ['demandMaximum', 'MW'], ['demandMinimum', 'MW'], ['demandConnectedCapacity', 'MW'], ['demandContractedCapacity', 'MW'],
    ['demandAvailableCapacity', 'MW'], ['demandConstraint', 'rag'], ['demandConstraintLimitingFactor', ''],
    ['generationFirmCapacity', 'MW'], ['generationConnectedCapacity', 'MW'], ['generationContractedCapacity', 'MW'],
    ['generationAvailableCapacity', 'MW'], ['generationConstraint', 'rag'], ['generationConstraintLimitingFactor', ''],
    ['reversePowerFlowTotalCapacity', 'MW'], ['reversePowerFlowAvailableCapacity', 'MW'],
    ['faultLevelVoltage', 'kV'], ['threePhaseBreakFaultLevel', 'kA'], ['threePhasePeakFaultLevel', 'kA'], ['switchgearBreakingRating', 'kA'],
    ['faultLevelHeadroom', 'kA'], ['faultLevelConstraint', 'rag'], ['transformerCount', ''], ['transformerCapacity', 'MVA'],
    ['latitude', '°'], ['longitude', '°']
  ];
  function select(mrid) { state.selected = mrid; render(); }
  function renderPanel() {
    panel.textContent = '';
    var r = state.selected ? rowOf(state.year, state.selected) : null;
    if (!r) { panel.appendChild(el('p', { 'class': 'note' }, 'Select a substation on the map or in the table to see its figures.')); return; }
    panel.appendChild(el('h2', null, r.name + ' (' + r.shortCode + ')'));
    panel.appendChild(el('div', { 'class': 'sub' }, (state.year === 'existing' ? 'Existing network' : 'Year ' + state.year) + ' · ' + r.mRID));
    var t = el('table');
    PANEL_FIELDS.forEach(function (f) {
      var tr = el('tr');
      tr.appendChild(el('td', null, f[0]));
      var td = el('td');
      if (f[1] === 'rag') td.appendChild(ragBadge(r[f[0]])); else td.textContent = fmt(r[f[0]], f[1]);
      tr.appendChild(td); t.appendChild(tr);
    });
    panel.appendChild(t);
  }

  // Fourth field: 'opt' columns are left out on narrow screens (the side panel has them), and so are
  // the RAG columns: there each headroom cell carries its RAG as a coloured edge (fifth field).
  var COLUMNS = [
    ['name', 'Substation', 's'], ['type', 'Type', 's', 'opt'], ['voltages', 'kV', 'v', 'opt'], ['GSP', 'GSP', 's', 'opt'], ['BSP', 'BSP', 's', 'opt'],
    ['demandAvailableCapacity', 'Demand headroom (MW)', 'n', '', 'demandConstraint'], ['demandConstraint', 'Demand RAG', 'r', 'ragcol'],
    ['generationAvailableCapacity', 'Generation headroom (MW)', 'n', '', 'generationConstraint'], ['generationConstraint', 'Generation RAG', 'r', 'ragcol'],
    ['generationConstraintLimitingFactor', 'Generation limit', 's', 'opt'], ['faultLevelHeadroom', 'Fault level headroom (kA)', 'n', '', 'faultLevelConstraint'], ['faultLevelConstraint', 'Fault level RAG', 'r', 'ragcol']
  ];
  function cellClass(c) { return ((c[2] === 'n' ? 'num ' : '') + (c[3] || '')).trim(); }
  var RAG_ORDER = { RED: 0, AMBER: 1, GREEN: 2 };
  var thead = document.querySelector('#table thead tr');
  COLUMNS.forEach(function (c) {
    var th = el('th', { 'data-key': c[0], scope: 'col', 'class': cellClass(c) }, c[1]);
    th.addEventListener('click', function () {
      if (state.sortKey === c[0]) state.sortDir = -state.sortDir; else { state.sortKey = c[0]; state.sortDir = 1; }
      renderTable();
    });
    thead.appendChild(th);
  });
  function sortValue(r, c) {
    var v = r[c[0]];
    if (v === null || v === undefined) return null;
    if (c[2] === 'r') return RAG_ORDER[v];
    if (c[2] === 'v') return v[0];
    return v;
  }
  function renderTable() {
    var rows = rowsOf(state.year).slice();
    if (state.sortKey) {
      var col = COLUMNS.filter(function (c) { return c[0] === state.sortKey; })[0];
      rows.sort(function (a, b) {
        var x = sortValue(a, col), y = sortValue(b, col);
        if (x === null && y === null) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * state.sortDir;
      });
    }
    Array.prototype.forEach.call(thead.children, function (th) {
      if (th.getAttribute('data-key') === state.sortKey) th.setAttribute('aria-sort', state.sortDir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
    });
    var tbody = document.querySelector('#table tbody');
    tbody.textContent = '';
    rows.forEach(function (r) {
      var tr = el('tr', { 'data-mrid': r.mRID });
      COLUMNS.forEach(function (c) {
        var td = el('td', cellClass(c) ? { 'class': cellClass(c) } : null);
        if (c[4]) td.setAttribute('data-rag', r[c[4]] || 'none');
        if (c[2] === 'r') td.appendChild(ragBadge(r[c[0]])); else td.textContent = fmt(r[c[0]], '');
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { select(r.mRID); });
      tbody.appendChild(tr);
    });
  }

  function render() {
    var m = MODES[state.mode];
    Array.prototype.forEach.call(markers.children, function (c) {
      var r = rowOf(state.year, c.getAttribute('data-mrid'));
      var rag = r ? r[m.rag] : null;
      c.setAttribute('fill', rag ? COLORS[rag] : NONE);
      c.setAttribute('data-rag', rag || 'none');
      c.setAttribute('class', 'm' + (state.selected === c.getAttribute('data-mrid') ? ' sel' : ''));
    });
    document.getElementById('legend-title').textContent = m.label + ':';
    renderPanel();
    renderTable();
    document.body.setAttribute('data-year', state.year);
    document.body.setAttribute('data-mode', state.mode);
  }
  render();
  layoutLabels();
  document.body.setAttribute('data-ready', 'true');
})();
`;
