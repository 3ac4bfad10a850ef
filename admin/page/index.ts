/**
 * The admin page: one self-contained HTML document (inline CSS and JS, charts drawn as SVG), so it loads fast
 * and needs no CDN or build step. It talks only to /admin/api with the token the admin types once (kept in
 * sessionStorage for the tab). Every dashboard figure shows its definition under it, from the one table in
 * admin/metrics-definitions.ts (also printed by `admin stats`).
 */
import { definitionsForPage } from '../metrics-definitions';

export const ADMIN_PAGE = /* html */ `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Support bot · admin</title>
<style>
  :root { font: 14px/1.45 system-ui, sans-serif; color: #1d2330; background: #f5f6f8; }
  body { margin: 0; }
  header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; flex: 1; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; padding: 16px; }
  section { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  section h2 { font-size: 15px; margin: 0 0 10px; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eceef2; }
  textarea { width: 100%; box-sizing: border-box; height: 260px; font: 12px/1.4 ui-monospace, monospace; }
  input[type=text], input[type=password] { padding: 6px; width: 60%; }
  button { padding: 6px 12px; border: 0; border-radius: 5px; background: #3451b2; color: #fff; cursor: pointer; }
  button.off { background: #a33; } .muted { color: #6b7280; } .ok { color: #1a7f37; } .bad { color: #b42318; }
  .problems li { color: #b42318; } .kpis { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 8px; }
  .kpi { background: #f5f6f8; border-radius: 6px; padding: 6px 10px; flex: 1 1 180px; max-width: 260px; } .kpi b { display: block; font-size: 18px; }
  .definition { display: block; font-size: 11px; line-height: 1.35; margin-top: 2px; }
  svg text { font-size: 10px; fill: #374151; } figure { margin: 0 0 14px; } figcaption { margin-bottom: 4px; }
  .legend { font-size: 12px; color: #4b5563; display: flex; gap: 12px; flex-wrap: wrap; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
  .problems li { cursor: pointer; } .problems.lint li { color: inherit; margin-bottom: 4px; } select.entry { max-width: 220px; } select.question { max-width: 200px; }
  #login { padding: 40px; }
</style></head>
<body>
<header><h1>Support bot · admin</h1><span id="who" class="muted"></span></header>
<div id="login"><p>Enter the admin token (ADMIN_TOKEN).</p>
  <input id="token" type="password" autocomplete="off"> <button id="signin">Open</button> <span id="loginError" class="bad"></span></div>
<main id="app" hidden>
  <section id="channels"><h2>Channels</h2><table><thead><tr><th>Channel</th><th>State</th><th>Connected</th><th>Last event</th><th>Last error</th><th></th></tr></thead><tbody></tbody></table></section>
  <section id="try"><h2>Try a question</h2><input id="question" type="text" placeholder="where is my refund?"> <button id="ask">Try</button><div id="decision" class="muted"></div></section>
  <section id="queue"><h2>Handoff queue</h2><table><thead><tr><th>Customer</th><th>Platform</th><th>Reason</th><th>Status</th><th>Waiting</th></tr></thead><tbody></tbody></table><p class="muted" id="queueEmpty">Nobody is waiting for a person.</p>
    <h2>Teach the bot</h2><p class="muted">Resolved handoffs: attach the customer's question to the entry that answers it, and the bot answers it next time. Preview shows which questions would then be answered differently; a teach that changes an existing answer waits for "Teach anyway".</p>
    <table id="teach"><thead><tr><th>Customer asked</th><th>Answered by entry</th><th></th></tr></thead><tbody></tbody></table><p class="muted" id="teachEmpty">No resolved handoffs to learn from yet.</p></section>
  <section id="dashboard"><h2>How support is doing <select id="days"><option value="7">last 7 days</option><option value="14" selected>last 14 days</option><option value="30">last 30 days</option><option value="90">last 90 days</option></select></h2><div class="kpis"></div><div id="charts"></div></section>
  <section id="dead-letters"><h2>Messages not processed</h2><p class="muted">Customer messages a platform had already delivered but the bot could not process after every retry (e.g. Redis was down). Nothing is dropped: follow up with these customers. Any entry here also raises <code>support_dead_letters_total</code>.</p><table><thead><tr><th>When</th><th>Platform</th><th>Customer</th><th>Message</th><th>Error</th></tr></thead><tbody></tbody></table></section>
  <section id="audit"><h2>Staff actions</h2><p class="muted">Who did what, when: every claim, reply, note, resolve (forced ones marked), return, teach and refused attempt, newest first.</p><table><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Handoff</th><th>Outcome</th></tr></thead><tbody></tbody></table></section>
  <section id="kb" style="grid-column: 1 / -1"><h2>Knowledge base <span id="kbInfo" class="muted"></span></h2>
    <textarea id="kbText" spellcheck="false"></textarea>
    <ul class="problems" id="kbProblems"></ul>
    <ul class="problems lint" id="kbLint"></ul>
    <p><button id="kbValidate">Validate</button> <button id="kbLintButton" class="muted-button">Check examples</button> <button id="kbSave">Save and use</button> <button id="kbReload" class="muted-button">Reload from file</button> <span id="kbStatus"></span></p>
    <p class="muted">Checked as you type; an invalid knowledge base is never saved, and the bot keeps using the one in use. Click a problem to jump to its entry. <b>Check examples</b> tests the text above on its own examples: entries the bot confuses, too few examples, duplicates, each with its fix.</p></section>
</main>
<script>
(() => {
  const $ = (s) => document.querySelector(s);
  let token = sessionStorage.getItem('adminToken') || '';
  const api = async (method, path, body) => {
    const res = await fetch('/admin/api' + path, { method, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    if (res.status === 401) { sessionStorage.removeItem('adminToken'); showLogin('Wrong token.'); throw new Error('unauthorized'); }
    return { status: res.status, data };
  };
  const esc = (t) => String(t ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const ago = (iso) => { if (!iso) return '—'; const s = Math.round((Date.now() - new Date(iso)) / 1000); return s < 60 ? s + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago'; };
  const dur = (s) => s === undefined || s === null ? '—' : s < 60 ? Math.round(s) + ' s' : (s / 60).toFixed(1) + ' min';
  function showLogin(message) { $('#login').hidden = false; $('#app').hidden = true; $('#loginError').textContent = message || ''; }

  async function channels() {
    const { data } = await api('GET', '/channels');
    $('#channels tbody').innerHTML = data.channels.map((c) =>
      '<tr data-channel="' + c.channel + '"><td>' + c.channel + '</td><td class="' + (c.enabled ? 'ok' : 'bad') + '">' + (c.enabled ? 'on' : 'off') + '</td><td>' + (c.connected ? 'yes' : 'no') +
      '</td><td>' + ago(c.lastEventAt) + '</td><td class="bad">' + esc(c.lastError || '') + '</td><td><button class="toggle' + (c.enabled ? ' off' : '') + '" data-enable="' + (!c.enabled) + '">' + (c.enabled ? 'Turn off' : 'Turn on') + '</button></td></tr>').join('');
  }
  $('#channels').addEventListener('click', async (e) => {
    const button = e.target.closest('button.toggle'); if (!button) return;
    await api('POST', '/channels', { channel: button.closest('tr').dataset.channel, enabled: button.dataset.enable === 'true' });
    await channels();
  });

  $('#ask').addEventListener('click', async () => {
    const { data } = await api('POST', '/try', { text: $('#question').value });
    const d = data.decision || {};
    const what = d.kind === 'answer' ? 'answer with <b>' + esc(d.entryId) + '</b>' : d.kind === 'clarify' ? 'clarify: offers ' + esc((d.entryIds || []).join(', ')) + ' + a person'
      : d.kind === 'handoff' ? 'hand off to a person (<b>' + esc(d.reason) + '</b>)' : esc(d.kind);
    $('#decision').innerHTML = 'Decision: ' + what + (d.confidence !== undefined ? ' · confidence <b>' + Number(d.confidence).toFixed(2) + '</b>' : '') + (d.reply ? '<p>' + esc(d.reply.text) + '</p>' : '') +
      (d.candidates && d.candidates.length ? '<div class="muted">Closest entries: ' + d.candidates.slice(0, 3).map((c) => esc(c.entryId) + ' ' + Number(c.score).toFixed(2)).join(', ') + '</div>' : '') +
      (data.why ? '<div class="muted why">Why ' + esc(data.why.entryId) + ': ' + (data.why.words.length ? 'the words ' + data.why.words.map((w) => '“' + esc(w) + '”').join(', ') : 'no shared words') +
        (data.why.example ? '; closest phrasing “' + esc(data.why.example) + '” (' + Number(data.why.similarity).toFixed(2) + ')' : '') + '</div>' : '');
  });
  $('#question').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('#ask').click(); });

  async function queue() {
    const { data } = await api('GET', '/handoffs');
    $('#queue tbody').innerHTML = data.open.map((h) => '<tr><td>' + esc(h.customer.displayName) + '</td><td>' + esc(h.platform) + '</td><td>' + esc(h.reason) + '</td><td>' + esc(h.status) + (h.agent ? ' (' + esc(h.agent.name) + ')' : '') + '</td><td>' + ago(h.queuedAt) + '</td></tr>').join('');
    $('#queueEmpty').hidden = data.open.length > 0;
    const options = (guess) => entries.filter((e) => !e.handoff).map((e) => '<option value="' + esc(e.id) + '"' + (e.id === guess ? ' selected' : '') + '>' + esc(e.question) + '</option>').join('');
    const teachable = data.recent.filter((h) => h.status === 'resolved' && h.questions && h.questions.length);
    const rows = teachable.map((h) => '<tr data-handoff="' + esc(h.id) + '"><td>' + (h.questions.length === 1 ? '<span class="question">' + esc(h.questions[0]) + '</span>'
      : '<select class="question">' + h.questions.slice().reverse().map((q) => '<option>' + esc(q) + '</option>').join('') + '</select>') + '<div class="muted">' + esc(h.customer.displayName) + ', ' + ago(h.closedAt) + '</div></td><td><select class="entry">' + options(h.guess) +
      '</select></td><td><span class="actions"><button class="preview">Preview</button> <button class="teach">Teach</button></span><div class="changes"></div></td></tr>').join('');
    $('#teachEmpty').hidden = teachable.length > 0;
    // Re-drawn only when the list of handoffs changes, so a picked entry or a preview shown is not wiped by a refresh.
    const ids = teachable.map((h) => h.id).join(' ');
    if ($('#teach tbody').dataset.ids !== ids) { $('#teach tbody').innerHTML = rows; $('#teach tbody').dataset.ids = ids; }
  }
  // Preview, Teach, Teach anyway: one call (POST /kb/learn), with preview or confirm. A teach that would change how
  // existing questions are answered comes back 409 with them: shown here, saved only with "Teach anyway".
  const changesList = (changes) => changes && changes.length ? '<ul class="changes">' + changes.map((c) => '<li class="' + (c.conflict ? 'bad' : 'muted') + '">"' + esc(c.question) + '"' + (c.taught ? ' (the question taught)' : '') +
    ': was ' + esc(c.before) + '; now ' + esc(c.after) + '</li>').join('') + '</ul>' : '<p class="muted">No question of the knowledge base would be answered differently.</p>';
  $('#teach').addEventListener('click', async (e) => {
    const button = e.target.closest('button.teach, button.preview, button.anyway'); if (!button) return;
    const row = button.closest('tr'), q = row.querySelector('.question'), out = row.querySelector('div.changes');
    const mode = button.classList.contains('preview') ? { preview: true } : button.classList.contains('anyway') ? { confirm: true } : {};
    button.disabled = true;
    const { status, data } = await api('POST', '/kb/learn', { handoffId: row.dataset.handoff, entryId: row.querySelector('select.entry').value, question: q.value || q.textContent, ...mode });
    button.disabled = false;
    if (mode.preview && status === 200) { out.innerHTML = changesList(data.changes); return; }
    if (status === 409) { out.innerHTML = '<p class="bad">' + esc(data.error) + '</p>' + changesList(data.conflicts) + '<button class="anyway">Teach anyway</button>'; return; }
    out.innerHTML = status === 200 && data.changes && data.changes.length ? changesList(data.changes) : '';
    row.querySelector('.actions').replaceWith(Object.assign(document.createElement('span'), { className: status === 200 ? 'ok' : 'bad', textContent: status === 200 ? 'Learned' : problemsText(data) }));
    if (status === 200) await kb();
  });

  async function deadLetters() {
    const { data } = await api('GET', '/dead-letters?limit=50');
    $('#dead-letters tbody').innerHTML = (data.letters || []).map((d) => '<tr><td>' + ago(d.at) + '</td><td>' + esc(d.platform) + '</td><td>' + esc((d.message.customer && d.message.customer.displayName) || d.message.address) +
      '</td><td>' + esc(d.message.text) + '</td><td class="bad">' + esc(d.error) + '</td></tr>').join('') || '<tr><td colspan="5" class="muted">None: every message was processed.</td></tr>';
  }

  async function audit() {
    const { data } = await api('GET', '/audit?limit=50');
    $('#audit tbody').innerHTML = (data.entries || []).map((a) => '<tr><td>' + ago(a.at) + '</td><td>' + esc((a.who && (a.who.name || a.who.id)) || '') + '</td><td>' + esc(a.action) + '</td><td>' + esc(a.handoffId || '') +
      '</td><td class="' + (a.outcome === 'done' ? 'ok' : 'bad') + '">' + esc(a.outcome) + (a.detail ? ' <span class="muted">' + esc(a.detail) + '</span>' : '') + '</td></tr>').join('');
  }

  // ── Charts: plain inline SVG; each figure and KPI with its definition (admin/metrics-definitions.ts) ──
  const DEFINITIONS = ${definitionsForPage()};
  const definition = (text) => '<small class="definition muted">' + esc(text || '') + '</small>';
  const COLORS = { bot: '#1a7f37', handoff: '#d97706', neither: '#9ca3af', main: '#3451b2', rate: '#b42318' };
  const W = 420, H = 150, PAD = 26;
  const figure = (id, title, note, svg, legend) => '<figure data-chart="' + id + '"><figcaption><b>' + esc(title) + '</b> <span class="muted">' + esc(note || '') + '</span>' + definition(DEFINITIONS.chart[id]) + '</figcaption>' + svg +
    (legend ? '<div class="legend">' + legend.map((l) => '<span><i style="background:' + l.color + '"></i>' + esc(l.label) + '</span>').join('') + '</div>' : '') + '</figure>';
  function columns(id, title, note, labels, series) {
    const totals = labels.map((_, i) => series.reduce((s, x) => s + x.values[i], 0));
    const max = Math.max(1, ...totals), bw = (W - PAD) / labels.length;
    let out = '';
    labels.forEach((label, i) => {
      let y = H - PAD;
      for (const s of series) {
        const h = (H - PAD - 10) * s.values[i] / max;
        if (h > 0) out += '<rect x="' + (PAD + i * bw + 1) + '" y="' + (y - h) + '" width="' + Math.max(1, bw - 2) + '" height="' + h + '" fill="' + s.color + '"><title>' + esc(label + ': ' + s.label + ' ' + s.values[i]) + '</title></rect>';
        y -= h;
      }
      if (totals[i]) out += '<text x="' + (PAD + i * bw + bw / 2) + '" y="' + (y - 2) + '" text-anchor="middle">' + totals[i] + '</text>';
      if (i % Math.ceil(labels.length / 7) === 0) out += '<text x="' + (PAD + i * bw + bw / 2) + '" y="' + (H - PAD + 12) + '" text-anchor="middle">' + esc(label) + '</text>';
    });
    out += '<line x1="' + PAD + '" x2="' + W + '" y1="' + (H - PAD) + '" y2="' + (H - PAD) + '" stroke="#d1d5db"></line><text x="0" y="12">' + max + '</text>';
    return figure(id, title, note, '<svg class="chart" viewBox="0 0 ' + W + ' ' + H + '" width="' + W + '" height="' + H + '" role="img" aria-label="' + esc(title) + '">' + out + '</svg>', series.length > 1 ? series : null);
  }
  function lines(id, title, note, labels, series) {
    const bw = (W - PAD) / labels.length, y = (v) => H - PAD - (H - PAD - 10) * v;
    let out = '<line x1="' + PAD + '" x2="' + W + '" y1="' + y(0) + '" y2="' + y(0) + '" stroke="#d1d5db"></line><line x1="' + PAD + '" x2="' + W + '" y1="' + y(1) + '" y2="' + y(1) + '" stroke="#eef0f3"></line><text x="0" y="' + (y(1) + 4) + '">100%</text><text x="0" y="' + (y(0) + 4) + '">0%</text>';
    for (const s of series) {
      const points = s.values.map((v, i) => v === null ? null : [PAD + i * bw + bw / 2, y(v)]).filter(Boolean);
      if (points.length) out += '<polyline fill="none" stroke="' + s.color + '" stroke-width="2" points="' + points.map((p) => p.join(',')).join(' ') + '"></polyline>' + points.map((p) => '<circle cx="' + p[0] + '" cy="' + p[1] + '" r="2.5" fill="' + s.color + '"></circle>').join('');
    }
    labels.forEach((label, i) => { if (i % Math.ceil(labels.length / 7) === 0) out += '<text x="' + (PAD + i * bw + bw / 2) + '" y="' + (H - PAD + 12) + '" text-anchor="middle">' + esc(label) + '</text>'; });
    return figure(id, title, note, '<svg class="chart" viewBox="0 0 ' + W + ' ' + H + '" width="' + W + '" height="' + H + '" role="img" aria-label="' + esc(title) + '">' + out + '</svg>', series);
  }
  function bars(id, title, note, items) {
    const max = Math.max(1, ...items.map((i) => i.value)), rowH = 18, lw = 150;
    const rows = items.length ? items.map((i, n) => '<text x="0" y="' + (n * rowH + 12) + '">' + esc(i.label) + '</text><rect x="' + lw + '" y="' + (n * rowH + 2) + '" height="13" width="' + Math.max(1, (W - lw - 40) * i.value / max) +
      '" fill="' + (i.color || COLORS.main) + '"></rect><text x="' + (lw + 6 + (W - lw - 40) * i.value / max) + '" y="' + (n * rowH + 12) + '">' + i.value + '</text>').join('') : '<text x="0" y="12">none yet</text>';
    return figure(id, title, note, '<svg class="chart" width="' + W + '" height="' + Math.max(rowH, items.length * rowH) + '" role="img" aria-label="' + esc(title) + '">' + rows + '</svg>');
  }
  const bucketLabel = (le, prev) => le === '+Inf' ? '> ' + dur(prev) : '≤ ' + dur(le);
  const histogram = (id, title, q) => bars(id, title, 'median ' + dur(q.median) + ' · p90 ' + dur(q.p90) + ' · ' + q.samples + ' handoffs',
    q.buckets.map((b, i) => ({ label: bucketLabel(b.le, i ? q.buckets[i - 1].le : 0), value: b.count })).filter((b, i, all) => b.value > 0 || all.slice(i).some((x) => x.value > 0)));

  async function dashboard() {
    const { data: m } = await api('GET', '/metrics?days=' + $('#days').value);
    const pct = (v) => Math.round(v * 100) + '%';
    const kpi = (key, value, more) => '<div class="kpi" data-metric="' + key + '"><b>' + esc(value) + '</b>' + esc(DEFINITIONS.kpi[key].label + (more || '')) + definition(DEFINITIONS.kpi[key].definition) + '</div>';
    $('#dashboard .kpis').innerHTML = kpi('conversations', m.conversations.total) + kpi('resolved_by_bot', pct(m.bot.resolvedShare)) +
      kpi('abandoned', pct(m.bot.abandonedShare)) + kpi('handoff_rate', pct(m.handoffs.rate)) +
      kpi('time_to_claim', dur(m.timeToClaimSeconds.median) + ' / ' + dur(m.timeToClaimSeconds.p90)) +
      kpi('resolution_time', dur(m.resolutionSeconds.median) + ' / ' + dur(m.resolutionSeconds.p90)) + kpi('rating', m.ratings.average ?? '—', ' (' + m.ratings.count + ')') + kpi('loops_caught', m.loopsCaught);
    const days = m.perDay.map((d) => d.day.slice(5));
    $('#charts').innerHTML =
      columns('conversations', 'Conversations per day', 'by outcome', days, [
        { label: 'resolved by the bot (confirmed)', color: COLORS.bot, values: m.perDay.map((d) => d.botResolved) },
        { label: 'handed off', color: COLORS.handoff, values: m.perDay.map((d) => d.handoffs) },
        { label: 'abandoned or still open', color: COLORS.neither, values: m.perDay.map((d) => d.neither) },
      ]) +
      lines('shares', 'Bot-resolved share and handoff rate', 'per day', days, [
        { label: 'resolved by the bot', color: COLORS.bot, values: m.perDay.map((d) => d.conversations ? d.botResolved / d.conversations : null) },
        { label: 'handoff rate', color: COLORS.handoff, values: m.perDay.map((d) => d.conversations ? d.handoffs / d.conversations : null) },
      ]) +
      bars('reasons', 'Handoff reasons', m.handoffs.total + ' handoffs', Object.entries(m.handoffs.reasons).sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value, color: COLORS.handoff }))) +
      histogram('claim', 'Time to claim', m.timeToClaimSeconds) +
      histogram('resolution', 'Resolution time', m.resolutionSeconds) +
      bars('ratings', 'Ratings', m.ratings.count ? 'average ' + m.ratings.average : 'none yet', ['5', '4', '3', '2', '1'].map((r) => ({ label: '★'.repeat(Number(r)), value: m.ratings.distribution[r] || 0 }))) +
      columns('loops', 'Loops caught per day', m.loopsCaught + ' repeated questions sent to a person', days, [{ label: 'loops caught', color: COLORS.rate, values: m.perDay.map((d) => d.loopsCaught) }]);
  }

  let entries = [];
  // The revision the editor's text came from: a save sends it, so an edit never silently overwrites a teach or
  // another admin's save made meanwhile (409, and the editor says so).
  let kbRevision;
  async function kb() {
    const { data } = await api('GET', '/kb');
    entries = data.entries;
    kbRevision = data.revision;
    $('#kbText').value = data.text;
    $('#kbInfo').textContent = data.source + ' · ' + data.entries.length + ' entries · version ' + data.version + (data.revision !== undefined ? ' · revision ' + data.revision : '');
  }
  const problemText = (p) => [p.entry && 'entry ' + p.entry, p.field && 'field "' + p.field + '"'].filter(Boolean).join(', ') + (p.entry || p.field ? ': ' : '') + p.message;
  const problemsText = (data) => (data.problems || []).map(problemText).join('; ') || data.error || 'failed';
  function showProblems(result) {
    $('#kbProblems').innerHTML = (result.problems || []).map((p) => '<li data-entry="' + esc((/"([^"]+)"/.exec(p.entry || '') || [])[1] || '') + '">' + esc(problemText(p)) + '</li>').join('');
  }
  $('#kbLintButton').addEventListener('click', async () => {
    $('#kbLint').innerHTML = '<li class="muted">Checking…</li>';
    const { status, data } = await api('POST', '/kb/lint', { text: $('#kbText').value });
    if (status !== 200) { $('#kbLint').innerHTML = ''; showProblems(data); return; }
    $('#kbLint').innerHTML = data.issues.length ? data.issues.map((i) => '<li data-entry="' + esc(i.entryIds[0] || '') + '"><b>' + esc(i.kind.replace('_', ' ')) + '</b> ' + esc(i.message) + '<br><span class="muted">fix: ' + esc(i.fix) + '</span></li>').join('')
      : '<li class="ok">No entry is confused with another on its own examples; every entry has enough examples and none is duplicated.</li>';
  });
  $('#kbLint').addEventListener('click', jumpToEntry);
  $('#kbProblems').addEventListener('click', jumpToEntry);
  function jumpToEntry(e) {
    const li = e.target.closest('li'); if (!li || !li.dataset.entry) return;
    const area = $('#kbText'), NL = String.fromCharCode(10), lines = area.value.split(NL);
    const n = lines.findIndex((l) => l.replace(/^[\\s-]+/, '').replace(/["']/g, '') === 'id: ' + li.dataset.entry); if (n < 0) return;
    const at = lines.slice(0, n).join(NL).length + (n ? 1 : 0);
    area.focus(); area.setSelectionRange(at, at + lines[n].length); area.scrollTop = Math.max(0, n * 16.8 - 40);
  }
  let validating;
  $('#kbText').addEventListener('input', () => {
    clearTimeout(validating);
    validating = setTimeout(async () => {
      const { data } = await api('POST', '/kb/validate', { text: $('#kbText').value });
      showProblems(data); $('#kbStatus').innerHTML = data.ok ? '<span class="ok">Valid: ' + data.entries + ' entries (not saved yet).</span>' : '<span class="bad">Invalid: ' + data.problems.length + ' problem(s).</span>';
    }, 500);
  });
  $('#kbReload').addEventListener('click', async () => {
    clearTimeout(validating);
    const { status, data } = await api('POST', '/kb/reload');
    showProblems(data);
    $('#kbStatus').innerHTML = status === 200 ? '<span class="ok">Reloaded from the file: version ' + esc(data.version) + '.</span>' : '<span class="bad">The file is invalid; the bot keeps the one in use.</span>';
    if (status === 200) await kb();
  });
  $('#kbValidate').addEventListener('click', async () => {
    const { data } = await api('POST', '/kb/validate', { text: $('#kbText').value });
    showProblems(data); $('#kbStatus').innerHTML = data.ok ? '<span class="ok">Valid: ' + data.entries + ' entries.</span>' : '<span class="bad">Invalid.</span>';
  });
  $('#kbSave').addEventListener('click', async () => {
    clearTimeout(validating);
    const { status, data } = await api('PUT', '/kb', { text: $('#kbText').value, revision: kbRevision });
    showProblems(data);
    $('#kbStatus').innerHTML = status === 200 ? '<span class="ok saved">Saved: the bot now uses version ' + esc(data.version) + '.</span>'
      : status === 409 ? '<span class="bad">Not saved: the knowledge base changed since you opened it (a teach or another admin). Copy your edit, reload this page to get the current version, then apply it again. ' + esc(data.error) + '</span>'
      : '<span class="bad">Not saved: ' + esc(data.error) + '</span>';
    if (status === 200) await kb();
  });

  async function open() {
    $('#login').hidden = true; $('#app').hidden = false;
    await kb();
    await Promise.all([channels(), queue(), dashboard(), audit(), deadLetters()]);
    setInterval(() => { queue().catch(() => {}); channels().catch(() => {}); audit().catch(() => {}); deadLetters().catch(() => {}); }, 3000);
    setInterval(() => dashboard().catch(() => {}), 15000);
    $('#days').addEventListener('change', () => dashboard().catch(() => {}));
  }
  $('#signin').addEventListener('click', async () => {
    token = $('#token').value; sessionStorage.setItem('adminToken', token);
    try { await api('GET', '/channels'); await open(); } catch (e) { /* showLogin already said why */ }
  });
  if (token) open().catch(() => showLogin());
})();
</script></body></html>`;
