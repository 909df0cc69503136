// The HTML report's Mustache templates and style sheet, compiled into the library so that the
// `restock` binary and the C library (libRestockC, loaded by Python) need no resource bundle beside them.
// Edit them here; each is registered under its name (HTMLReport.loadTemplates). Every text keeps its
// final newline (the blank line before each closing delimiter).

enum EmbeddedTemplates {
    /// The templates by name (without `.mustache`), registered in name order.
    static let mustache: [(name: String, text: String)] = [
        ("charts", ###"""
{{#chartSection}}
<section class="page" id="charts">
<h2>Charts</h2>
{{#groups}}
<section class="chart-group" id="{{anchor}}">
<h3>{{heading}}</h3>
{{#hasNote}}
<p class="note">{{note}}</p>
{{/hasNote}}
{{#figures}}
<figure class="chart">
{{{svg}}}
{{#hasCaption}}
<figcaption>{{caption}}</figcaption>
{{/hasCaption}}
</figure>
{{/figures}}
{{#rows}}
<div class="small-multiples">
{{#hasLabel}}
<h4>{{label}}</h4>
{{/hasLabel}}
{{{legend}}}
<div class="grid">
{{#figures}}
<figure class="chart small">
{{{svg}}}
</figure>
{{/figures}}
</div>
</div>
{{/rows}}
</section>
{{/groups}}
</section>
{{/chartSection}}

"""###),
        ("comparison", ###"""
{{#comparisonTable}}
<section class="page" id="comparison">
<h2>Paired comparison with {{#hasBaseline}}{{baseline}}{{/hasBaseline}}{{^hasBaseline}}the baseline{{/hasBaseline}}</h2>
<p class="note">Each cell: policy minus {{#hasBaseline}}{{baseline}}{{/hasBaseline}}{{^hasBaseline}}the baseline{{/hasBaseline}}, mean difference ± 95% half-width, paired over replications. “significant”: the interval excludes zero; “not distinguishable”: it does not.</p>
<div class="table-wrap">
<table class="comparison">
<thead>
<tr><th scope="col">Policy</th>{{#headers}}<th scope="col" data-column="{{id}}">{{label}}{{#hasUnit}}<span class="unit">({{unit}})</span>{{/hasUnit}}</th>{{/headers}}</tr>
</thead>
<tbody>
{{#rows}}
<tr><th scope="row">{{policy}}</th>{{#cells}}<td class="{{cssClass}}" data-policy="{{policy}}" data-column="{{columnId}}" data-value="{{mean}}" data-half-width="{{halfWidth}}">{{#present}}<span class="difference">{{text}}</span><br/><span class="verdict">{{verdict}}</span>{{#hasJudgement}} <span class="judgement">({{judgement}})</span>{{/hasJudgement}}{{/present}}{{^present}}—{{/present}}</td>{{/cells}}</tr>
{{/rows}}
</tbody>
</table>
</div>
</section>
{{/comparisonTable}}

"""###),
        ("head", ###"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="generator" content="Restock"/>
<title>{{title}}</title>
<style>
{{{css}}}
</style>
</head>

"""###),
        ("overview", ###"""
<section class="page" id="overview">
<h1>{{title}}</h1>
{{#summaryParagraphs}}
<p class="summary">{{.}}</p>
{{/summaryParagraphs}}
{{#navigation}}
<nav aria-label="Sections">
<ul class="toc">
{{#links}}
<li><a href="#{{anchor}}">{{heading}}</a></li>
{{/links}}
</ul>
</nav>
{{/navigation}}
{{#parameterTable}}
<h2 id="parameters">Parameters</h2>
{{> keyValueTable}}
{{/parameterTable}}
{{#skuTable}}
<h2 id="skus">SKUs</h2>
{{> keyValueTable}}
{{/skuTable}}
{{#sourceList}}
<h2 id="data-files">Data files</h2>
<p>Every number in this report is in these CSV files, next to this page:</p>
<ul class="sources">
{{#files}}
<li><a href="{{href}}"><code>{{name}}</code></a></li>
{{/files}}
</ul>
{{/sourceList}}
</section>

"""###),
        ("policies", ###"""
{{#policyTable}}
<section class="page" id="policies">
<h2>Policies</h2>
<p class="note">Mean over replications ± half-width of its 95% confidence interval. <strong>★</strong> marks the best mean in each column (ties all marked; means compared as shown).</p>
<div class="table-wrap">
<table class="policies">
<thead>
<tr><th scope="col">Policy</th>{{#headers}}<th scope="col" data-column="{{id}}">{{label}}{{#hasUnit}}<span class="unit">({{unit}})</span>{{/hasUnit}}<span class="direction">{{direction}}</span></th>{{/headers}}</tr>
</thead>
<tbody>
{{#rows}}
<tr><th scope="row">{{policy}}</th>{{#cells}}<td class="{{cssClass}}" data-policy="{{policy}}" data-column="{{columnId}}" data-value="{{mean}}" data-half-width="{{halfWidth}}">{{#isBest}}<strong class="mean">{{meanText}}<span class="marker" title="best in column"> ★</span></strong>{{/isBest}}{{^isBest}}<span class="mean">{{meanText}}</span>{{/isBest}}{{#hasHalfWidth}} <span class="pm">± {{halfWidthText}}</span>{{/hasHalfWidth}}</td>{{/cells}}</tr>
{{/rows}}
</tbody>
</table>
</div>
{{#referenceTable}}
<h3>Reference bounds (not policies)</h3>
<p class="note">A bound is what no policy can expect to beat, computed rather than simulated; the gap is the bound minus the policy, paired over the same replications (mean ± 95% half-width).</p>
{{#rows}}
<div class="table-wrap">
<table class="references">
<thead>
<tr><th scope="col">Reference</th><th scope="col" data-column="{{column}}">{{column}}</th></tr>
</thead>
<tbody>
<tr class="reference"><th scope="row"><em>{{name}}</em></th><td class="value bound" data-reference="{{name}}" data-column="{{column}}" data-value="{{mean}}">{{text}}</td></tr>
{{#gaps}}
<tr><th scope="row">gap of {{policy}}</th><td class="value gap" data-policy="{{policy}}" data-value="{{mean}}">{{text}}</td></tr>
{{/gaps}}
</tbody>
</table>
</div>
<p class="note">{{note}}</p>
{{/rows}}
{{#omitted}}
<p class="note omitted-reference">Not computed: {{.}}</p>
{{/omitted}}
{{/referenceTable}}
</section>
{{/policyTable}}

"""###),
        ("keyValueTable", ###"""
<table class="parameters">
<tbody>
{{#parameters}}
<tr><th scope="row">{{name}}</th><td>{{value}}</td></tr>
{{/parameters}}
</tbody>
</table>

"""###),
        ("report", ###"""
{{! Restock HTML report. XHTML-style on purpose: the page must also parse as XML. }}
{{> head}}
<body>
<main>
{{> overview}}
{{> policies}}
{{> comparison}}
{{> charts}}
</main>
</body>
</html>

"""###),
        ("training", ###"""
{{! Training report (training.html): settings and learning-curve charts. XHTML-style: the page must also parse as XML. }}
{{> head}}
<body>
<main>
{{> overview}}
{{> charts}}
</main>
</body>
</html>

"""###),
    ]

    /// The style sheet (report.css), put into every page's <style>.
    static let css = ###"""
/* Restock report: large type and high contrast for projectors, Okabe-Ito colours, a print style.
   No external fonts or images: system font stacks only. Must not contain a less-than sign or an
   ampersand (the page is also parsed as XML). */
:root { color-scheme: light; }
html { font-size: 20px; }
body {
  margin: 0 auto;
  max-width: 72rem;
  padding: 1.5rem 2rem 4rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  line-height: 1.45;
  color: #111111;
  background: #ffffff;
}
h1 { font-size: 2.2rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.6rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 4px solid #0072B2; }
h3 { font-size: 1.3rem; margin: 2rem 0 0.5rem; }
p.summary { font-size: 1.1rem; max-width: 50rem; }
p.note, figcaption { font-size: 0.9rem; color: #333333; max-width: 50rem; }
a { color: #0057a0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.95em; }
nav ul.toc { display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; padding: 0; list-style: none; }
ul.sources li { margin: 0.2rem 0; }

.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0.5rem 0 1rem; }
th, td { padding: 0.45rem 0.8rem; border-bottom: 1px solid #8c8c8c; vertical-align: top; }
thead th { text-align: right; vertical-align: bottom; border-bottom: 3px solid #111111; background: #e6eef6; }
thead th:first-child, tbody th { text-align: left; }
tbody td { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f3f3f3; }
table.parameters td { text-align: left; white-space: normal; }
.unit, .direction { display: block; font-weight: 400; font-size: 0.8rem; color: #333333; }
td .mean { font-size: 1.05rem; }
td .pm { display: block; font-size: 0.8rem; color: #333333; }
td.best { background: #fde7b0; }
td.best strong { font-weight: 800; }
.marker { color: #8a4b00; }
td.significant .verdict { font-weight: 700; }
td.indistinct { color: #444444; }
.verdict, .judgement { font-size: 0.8rem; }

figure.chart { margin: 1.5rem 0 2.5rem; }
svg.chart { display: block; width: 100%; max-width: 60rem; height: auto; background: #ffffff; }
svg.chart text { font-family: inherit; fill: #111111; }
svg.chart .chart-title { font-size: 26px; font-weight: 700; }
svg.chart .tick, svg.chart .legend-label, svg.chart .point-label, svg.chart .total, svg.chart .divider-label { font-size: 18px; }
svg.chart .axis-label { font-size: 20px; font-weight: 600; }
svg.chart .point-label, svg.chart .total { font-weight: 600; }
figcaption { margin-top: 0.4rem; }
h4 { font-size: 1.15rem; margin: 1.5rem 0 0.25rem; }
svg.chart .reference-label { font-size: 18px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 5px; stroke-linejoin: round; }
/* Small multiples: two charts side by side (one on narrow screens), a shared legend above them. */
.small-multiples { margin: 1rem 0 2rem; }
.small-multiples .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem 2rem; }
figure.chart.small { margin: 0; }
figure.chart.small svg.chart { max-width: 100%; }
svg.chart.legend-only { max-width: 60rem; margin: 0.25rem 0; }
@media (max-width: 50rem) { .small-multiples .grid { grid-template-columns: minmax(0, 1fr); } }

@media print {
  @page { margin: 1.5cm; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; color: #000000; background: none; }
  *, *::before, *::after { background: none !important; box-shadow: none !important; }
  section.page { break-before: page; }
  section.page:first-of-type { break-before: auto; }
  h2, h3 { break-after: avoid; }
  table, tr, figure.chart, svg.chart, .small-multiples { break-inside: avoid; }
  h4 { break-after: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  nav { display: none; }
  a { color: #000000; text-decoration: none; }
  td.best { outline: 2px solid #000000; }
  svg.chart { width: 100%; max-width: 100%; height: auto; }
  figure.chart { margin: 0.5cm 0; }
}

"""###
}
