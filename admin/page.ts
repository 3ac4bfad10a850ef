/**
 * The admin page: one self-contained HTML document (inline CSS and JS, charts drawn as SVG), so it loads fast
 * and needs no CDN or build step. It talks only to /admin/api with the token the admin types once (kept in
 * sessionStorage for the tab).
 */
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
  .kpi { background: #f5f6f8; border-radius: 6px; padding: 6px 10px; } .kpi b { display: block; font-size: 18px; }
  svg text { font-size: 10px; fill: #374151; }
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
    <h2>Teach the bot</h2><p class="muted">Resolved handoffs: attach the customer's question to the entry that answers it, and the bot answers it next time.</p>
    <table id="teach"><thead><tr><th>Customer asked</th><th>Answered by entry</th><th></th></tr></thead><tbody></tbody></table></section>
  <section id="dashboard"><h2>How support is doing</h2><div class="kpis"></div><div id="charts"></div></section>
  <section id="kb" style="grid-column: 1 / -1"><h2>Knowledge base <span id="kbInfo" class="muted"></span></h2>
    <textarea id="kbText" spellcheck="false"></textarea>
    <p><button id="kbValidate">Validate</button> <button id="kbSave">Save and use</button> <span id="kbStatus"></span></p><ul class="problems" id="kbProblems"></ul></section>
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
    $('#decision').innerHTML = 'Decision: ' + what + (d.confidence !== undefined ? ' · confidence <b>' + Number(d.confidence).toFixed(2) + '</b>' : '') + (d.reply ? '<p>' + esc(d.reply.text) + '</p>' : '');
  });

  async function queue() {
    const { data } = await api('GET', '/handoffs');
    $('#queue tbody').innerHTML = data.open.map((h) => '<tr><td>' + esc(h.customer.displayName) + '</td><td>' + esc(h.platform) + '</td><td>' + esc(h.reason) + '</td><td>' + esc(h.status) + '</td><td>' + ago(h.queuedAt) + '</td></tr>').join('');
    $('#queueEmpty').hidden = data.open.length > 0;
    const options = entries.map((e) => '<option value="' + esc(e.id) + '">' + esc(e.question) + '</option>').join('');
    const teachable = data.recent.filter((h) => h.status === 'resolved' && h.question);
    const rows = teachable.map((h) => '<tr data-question="' + esc(h.question) + '"><td>' + esc(h.question) + '</td><td><select>' + options + '</select></td><td><button class="teach">Teach</button></td></tr>').join('');
    if ($('#teach tbody').dataset.rows !== rows) { $('#teach tbody').innerHTML = rows; $('#teach tbody').dataset.rows = rows; }
  }
  $('#teach').addEventListener('click', async (e) => {
    const button = e.target.closest('button.teach'); if (!button) return;
    const row = button.closest('tr');
    const { status, data } = await api('POST', '/kb/learn', { entryId: row.querySelector('select').value, question: row.dataset.question });
    button.replaceWith(Object.assign(document.createElement('span'), { className: status === 200 ? 'ok' : 'bad', textContent: status === 200 ? 'Learned' : (data.error || 'Not learned') }));
    if (status === 200) await kb();
  });

  function bars(title, items) {
    const max = Math.max(1, ...items.map((i) => i.value)), w = 400, rowH = 18;
    const rows = items.map((i, n) => '<text x="0" y="' + (n * rowH + 12) + '">' + esc(i.label) + '</text><rect x="150" y="' + (n * rowH + 2) + '" height="13" width="' + Math.max(1, (w - 190) * i.value / max) +
      '" fill="#3451b2"></rect><text x="' + (156 + (w - 190) * i.value / max) + '" y="' + (n * rowH + 12) + '">' + i.value + '</text>').join('');
    return '<figure><figcaption><b>' + esc(title) + '</b></figcaption><svg class="chart" width="' + w + '" height="' + Math.max(rowH, items.length * rowH) + '" role="img" aria-label="' + esc(title) + '">' + rows + '</svg></figure>';
  }
  async function dashboard() {
    const { data: m } = await api('GET', '/metrics');
    const kpi = (label, value) => '<div class="kpi"><b>' + value + '</b>' + label + '</div>';
    $('#dashboard .kpis').innerHTML = kpi('conversations (14 days)', m.conversations.total) + kpi('resolved by the bot, confirmed', Math.round(m.bot.resolvedShare * 100) + '%') +
      kpi('answered, unconfirmed', m.bot.unconfirmed) + kpi('handoff rate', Math.round(m.handoffs.rate * 100) + '%') + kpi('time to claim, median / p90', dur(m.timeToClaimSeconds.median) + ' / ' + dur(m.timeToClaimSeconds.p90)) +
      kpi('resolution, median / p90', dur(m.resolutionSeconds.median) + ' / ' + dur(m.resolutionSeconds.p90)) + kpi('average rating', m.ratings.average ?? '—') + kpi('loops caught', m.loopsCaught);
    $('#charts').innerHTML = bars('Conversations per day', m.conversations.perDay.map((d) => ({ label: d.day.slice(5), value: d.count }))) +
      bars('Handoff reasons', Object.entries(m.handoffs.reasons).map(([label, value]) => ({ label, value }))) +
      bars('Ratings', Object.entries(m.ratings.distribution).map(([label, value]) => ({ label: label + ' ★', value })));
  }

  let entries = [];
  async function kb() {
    const { data } = await api('GET', '/kb');
    entries = data.entries;
    $('#kbText').value = data.text;
    $('#kbInfo').textContent = data.source + ' · ' + data.entries.length + ' entries · version ' + data.version;
  }
  function showProblems(result) {
    $('#kbProblems').innerHTML = (result.problems || []).map((p) => '<li>' + esc([p.entry && 'entry ' + p.entry, p.field && 'field "' + p.field + '"'].filter(Boolean).join(', ')) + ': ' + esc(p.message) + '</li>').join('');
  }
  $('#kbValidate').addEventListener('click', async () => {
    const { data } = await api('POST', '/kb/validate', { text: $('#kbText').value });
    showProblems(data); $('#kbStatus').innerHTML = data.ok ? '<span class="ok">Valid: ' + data.entries + ' entries.</span>' : '<span class="bad">Invalid.</span>';
  });
  $('#kbSave').addEventListener('click', async () => {
    const { status, data } = await api('PUT', '/kb', { text: $('#kbText').value });
    showProblems(data);
    $('#kbStatus').innerHTML = status === 200 ? '<span class="ok">Saved: the bot now uses version ' + esc(data.version) + '.</span>' : '<span class="bad">Not saved: ' + esc(data.error) + '</span>';
    if (status === 200) await kb();
  });

  async function open() {
    $('#login').hidden = true; $('#app').hidden = false;
    await kb();
    await Promise.all([channels(), queue(), dashboard()]);
    setInterval(() => { queue().catch(() => {}); channels().catch(() => {}); }, 3000);
    setInterval(() => dashboard().catch(() => {}), 15000);
  }
  $('#signin').addEventListener('click', async () => {
    token = $('#token').value; sessionStorage.setItem('adminToken', token);
    try { await api('GET', '/channels'); await open(); } catch (e) { /* showLogin already said why */ }
  });
  if (token) open().catch(() => showLogin());
})();
</script></body></html>`;
