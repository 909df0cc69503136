// The workshop's Mustache templates and the few style rules its pages add to the report's style sheet
// (large type and Okabe–Ito colours come from there). Pages work without JavaScript: plain forms, and a
// <meta http-equiv="refresh"> on the pages that wait for the room (lobby, after a submission, the
// facilitator's page). Every {{name}} is escaped by Mustache; {{{name}}} only holds markup built here
// (SVG charts from Reports, the style sheet).

enum WorkshopTemplates {
    static let all: [(name: String, text: String)] = [
        ("workshop-head", ###"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="generator" content="Restock workshop"/>
{{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}; url={{refreshURL}}"/>
{{/refreshSeconds}}
<title>{{title}}</title>
<style>
{{{css}}}
{{{workshopCSS}}}
</style>
</head>

"""###),
        ("workshop-message", ###"""
{{#message}}
<p class="message {{kind}}" role="{{role}}">{{text}}</p>
{{/message}}

"""###),
        ("join", ###"""
{{> workshop-head}}
<body>
<main>
<h1>{{scenarioName}}</h1>
<p class="summary">{{description}}</p>
{{> workshop-message}}
<form method="post" action="/join" class="decision">
<label for="name">Team name</label>
<input id="name" name="name" type="text" maxlength="40" required="required" autofocus="autofocus" autocomplete="off"/>
<button type="submit">Join the game</button>
</form>
<p class="note">{{roundsText}} All teams face the same customers. Your team keeps its place through a cookie in this browser.</p>
</main>
</body>
</html>

"""###),
        ("team", ###"""
{{> workshop-head}}
<body>
<main>
<header class="game-header">
<h1>{{teamName}}</h1>
<p class="status"><span class="phase phase-{{phase}}">{{phaseText}}</span> {{roundText}}{{#secondsLeft}} · <span class="timer">{{secondsLeft}} s left</span>{{/secondsLeft}}</p>
</header>
{{> workshop-message}}
{{#waitingText}}<p class="message info" role="status">{{waitingText}}</p>
{{/waitingText}}
{{#state}}
<section class="cards" aria-label="Your stock">
{{#cards}}
<div class="card"><span class="card-label">{{label}}</span><span class="card-value" data-field="{{field}}">{{value}}</span>{{#detail}}<span class="card-detail">{{detail}}</span>{{/detail}}</div>
{{/cards}}
</section>
<h2>On order</h2>
{{#hasPipeline}}
<table class="pipeline"><thead><tr><th scope="col">Units</th><th scope="col">Arrives on day</th></tr></thead>
<tbody>
{{#pipeline}}<tr><td>{{units}}</td><td>{{due}}</td></tr>
{{/pipeline}}
</tbody></table>
{{/hasPipeline}}
{{^hasPipeline}}<p>Nothing on order.</p>{{/hasPipeline}}
{{#forecasts}}
<h2>Forecast</h2>
<ul class="forecast">
{{#rows}}<li>{{text}}</li>
{{/rows}}
</ul>
{{/forecasts}}
{{/state}}
{{#form}}
<h2>Your decision for round {{round}}</h2>
<form method="post" action="/submit" class="decision">
<input type="hidden" name="team" value="{{teamID}}"/>
<input type="hidden" name="round" value="{{round}}"/>
{{#canOrder}}
<label for="order">Order (units){{#supplierNote}} <span class="unit">{{supplierNote}}</span>{{/supplierNote}}</label>
<input id="order" name="order" type="number" min="0" max="{{maximum}}" step="1" value="{{orderValue}}" required="required" inputmode="numeric"/>
{{/canOrder}}
{{^canOrder}}
<input type="hidden" name="order" value="0"/>
<p>The supplier takes no more orders{{#lastOrderDay}} (its last order day was day {{lastOrderDay}}){{/lastOrderDay}}.</p>
{{/canOrder}}
{{#hasPrices}}
<label for="price">Price</label>
<select id="price" name="price">
{{#prices}}<option value="{{index}}"{{#selected}} selected="selected"{{/selected}}>{{text}}</option>
{{/prices}}
</select>
{{/hasPrices}}
<button type="submit">{{buttonText}}</button>
</form>
{{/form}}
{{#history}}
<h2>Last rounds</h2>
<div class="table-wrap">
<table class="history">
<thead><tr><th scope="col">Round</th><th scope="col">Day</th><th scope="col">Ordered</th><th scope="col">Price</th><th scope="col">Demand</th><th scope="col">Sold</th><th scope="col">{{shortageLabel}}</th><th scope="col">Profit</th><th scope="col">Profit so far</th></tr></thead>
<tbody>
{{#rows}}<tr{{#missed}} class="missed"{{/missed}}><th scope="row">{{round}}{{#missed}}*{{/missed}}</th><td>{{day}}</td><td>{{order}}</td><td>{{price}}</td><td>{{demand}}</td><td>{{sales}}</td><td>{{shortage}}</td><td>{{profit}}</td><td>{{cumulative}}</td></tr>
{{/rows}}
</tbody>
</table>
</div>
{{#anyMissed}}<p class="note">* missed: the round closed before your team submitted ({{missedRule}}).</p>{{/anyMissed}}
{{/history}}
{{#charts}}
<figure class="chart">
{{{svg}}}
</figure>
{{/charts}}
{{#ended}}<p class="message info"><a href="/debrief">See the debrief: every team beside the policies</a></p>{{/ended}}
</main>
</body>
</html>

"""###),
        ("facilitator", ###"""
{{> workshop-head}}
<body>
<main>
<header class="game-header">
<h1>{{scenarioName}}: facilitator</h1>
<p class="status"><span class="phase phase-{{phase}}">{{phaseText}}</span> {{roundText}}{{#secondsLeft}} · <span class="timer">{{secondsLeft}} s left</span>{{/secondsLeft}}</p>
</header>
{{> workshop-message}}
<p class="join-url">Players open <strong><code>{{playerURL}}</code></strong></p>
<form method="post" class="controls">
{{#canStart}}<button type="submit" formaction="{{base}}/start">{{startText}}</button>{{/canStart}}
{{#canPause}}<button type="submit" formaction="{{base}}/pause">Pause timer</button>{{/canPause}}
{{#canAdvance}}<button type="submit" formaction="{{base}}/advance">Close round {{round}} now</button>{{/canAdvance}}
{{#canEnd}}<button type="submit" formaction="{{base}}/end" class="danger">End the game</button>{{/canEnd}}
</form>
<p>{{submittedText}}</p>
<h2>Leaderboard</h2>
{{#hasTeams}}
<div class="table-wrap">
<table class="leaderboard">
<thead><tr><th scope="col">#</th><th scope="col">Team</th><th scope="col">Round {{round}}</th><th scope="col">Profit</th><th scope="col">Fill rate</th><th scope="col">Avg stock</th><th scope="col">Missed</th></tr></thead>
<tbody>
{{#teams}}<tr><td>{{rank}}</td><th scope="row" data-team="{{name}}">{{name}}</th><td class="{{submittedClass}}">{{submittedText}}</td><td>{{profit}}</td><td>{{fillRate}}</td><td>{{averageStock}}</td><td>{{missed}}</td></tr>
{{/teams}}
</tbody>
</table>
</div>
{{/hasTeams}}
{{^hasTeams}}<p>No team has joined yet.</p>{{/hasTeams}}
{{#ended}}
<h2>After the game</h2>
<ul>
<li><a href="/debrief">Debrief for the room</a></li>
<li><a href="{{base}}/debrief.html">Download the debrief (one HTML file)</a></li>
<li><a href="{{base}}/decisions.csv">Download decisions.csv</a></li>
<li><a href="/report/index.html">The policies over many replications (restock run report)</a></li>
</ul>
{{/ended}}
</main>
</body>
</html>

"""###),
        ("debrief", ###"""
{{> workshop-head}}
<body>
<main>
<section class="page" id="overview">
<h1>{{title}}</h1>
{{#summary}}<p class="summary">{{.}}</p>
{{/summary}}
</section>
<section class="page" id="ranking">
<h2>Everyone on the same demand</h2>
<div class="table-wrap">
<table class="policies debrief">
<thead><tr><th scope="col">#</th><th scope="col">Player</th><th scope="col">Who</th><th scope="col" data-column="profit">Profit<span class="unit">(currency)</span></th><th scope="col" data-column="fill_rate">Fill rate<span class="unit">(share)</span></th><th scope="col" data-column="avg_on_hand_units">Avg stock<span class="unit">(units)</span></th><th scope="col">Gap to best</th></tr></thead>
<tbody>
{{#rows}}<tr class="row-{{kind}}"><td>{{rank}}</td><th scope="row" data-player="{{name}}" data-kind="{{kind}}">{{name}}</th><td class="kind">{{kindText}}</td><td data-column="profit" data-value="{{profitExact}}">{{profit}}</td><td data-column="fill_rate" data-value="{{fillRateExact}}">{{fillRate}}</td><td data-column="avg_on_hand_units">{{averageStock}}</td><td>{{gap}}</td></tr>
{{/rows}}
</tbody>
</table>
</div>
{{#notes}}<p class="note">{{.}}</p>
{{/notes}}
{{#hasContenderNotes}}
<h3>Where the non-team players come from</h3>
<ul class="notes">
{{#contenderNotes}}<li><strong>{{name}}</strong>: {{note}}</li>
{{/contenderNotes}}
</ul>
{{/hasContenderNotes}}
</section>
<section class="page" id="charts">
<h2>Charts</h2>
{{#charts}}
<figure class="chart">
{{{svg}}}
</figure>
{{/charts}}
{{#hasTeamCharts}}
<h3>Each team's stock against {{bestPolicy}}</h3>
<div class="small-multiples"><div class="grid">
{{#teamCharts}}
<figure class="chart small">
{{{svg}}}
</figure>
{{/teamCharts}}
</div></div>
{{/hasTeamCharts}}
</section>
<section class="page" id="luck">
<h2>Luck or skill?</h2>
<p>{{luckText}}</p>
{{#reportLink}}<p><a href="{{reportLink}}">The policies over {{replications}} replications (restock run report)</a></p>{{/reportLink}}
<div class="table-wrap">
<table class="policies">
<thead><tr><th scope="col">Policy</th><th scope="col">Profit on the game's demand</th><th scope="col">Mean profit over {{replications}} replications ± 95% half-width</th></tr></thead>
<tbody>
{{#luckRows}}<tr><th scope="row">{{name}}</th><td>{{game}}</td><td>{{mean}}</td></tr>
{{/luckRows}}
</tbody>
</table>
</div>
</section>
</main>
</body>
</html>

"""###),
        ("workshop-error", ###"""
{{> workshop-head}}
<body>
<main>
<h1>{{heading}}</h1>
{{> workshop-message}}
<p><a href="{{backLink}}">{{backText}}</a></p>
</main>
</body>
</html>

"""###),
    ]

    /// Rules for the game's pages, after the report's style sheet (no `<` or `&`: it sits in a style element).
    static let css = ###"""
header.game-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 1.5rem; }
header.game-header h1 { margin-bottom: 0.25rem; }
p.status { font-size: 1.2rem; margin: 0.25rem 0 1rem; }
.phase { font-weight: 700; padding: 0.1rem 0.5rem; border-radius: 0.3rem; background: #e6eef6; }
.phase-running { background: #c9ecdc; }
.phase-paused { background: #fde7b0; }
.phase-ended { background: #dddddd; }
.timer { font-weight: 700; font-variant-numeric: tabular-nums; }
p.message { font-size: 1.05rem; padding: 0.6rem 1rem; border-left: 6px solid #0072B2; background: #e6eef6; max-width: 50rem; }
p.message.error { border-left-color: #D55E00; background: #fbe3d6; font-weight: 600; }
p.message.ok { border-left-color: #009E73; background: #dcf2e9; }
section.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
.card { border: 2px solid #8c8c8c; border-radius: 0.4rem; padding: 0.5rem 0.8rem; }
.card-label { display: block; font-size: 0.85rem; color: #333333; }
.card-value { display: block; font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.card-detail { display: block; font-size: 0.8rem; color: #333333; }
form.decision { display: flex; flex-wrap: wrap; align-items: end; gap: 0.75rem 1rem; margin: 0.5rem 0 1.5rem; }
form.decision label { display: block; width: 100%; font-weight: 600; }
input, select, button { font: inherit; font-size: 1.1rem; padding: 0.4rem 0.6rem; }
input[type=number] { width: 8rem; }
input[type=text] { width: 18rem; max-width: 100%; }
button { background: #0072B2; color: #ffffff; border: none; border-radius: 0.3rem; padding: 0.5rem 1.2rem; font-weight: 700; cursor: pointer; }
button.danger { background: #D55E00; }
form.controls { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
tr.missed { color: #8a4b00; }
td.submitted { color: #006b4e; font-weight: 700; }
td.waiting { color: #8a4b00; }
tr.row-team th { font-weight: 800; }
tr.row-policy, tr.row-tuned, tr.row-agent, tr.row-optimal { background: #eef4fa; }
table.debrief thead th:nth-child(2), table.debrief thead th:nth-child(3), table.leaderboard thead th:nth-child(2) { text-align: left; }
td.kind { text-align: left; white-space: normal; font-size: 0.85rem; }
ul.forecast li { margin: 0.2rem 0; }
p.join-url { font-size: 1.2rem; }
"""###
}
