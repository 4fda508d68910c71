// The attorneys' queue page: plain JavaScript against the JSON API. Everything people wrote is put in the page
// with textContent, never as HTML.
(function () {
  'use strict';
  const KEY = 'actionAlertsToken';
  const $ = (id) => document.getElementById(id);
  let current = null;

  function token() { return sessionStorage.getItem(KEY); }

  async function api(method, path, body) {
    const headers = { 'Authorization': 'Bearer ' + token() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 401) { signOut('Your token was refused; sign in again.'); throw new Error('unauthorised'); }
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(json && json.message ? json.message : 'Request failed (' + r.status + ')');
    return { status: r.status, json };
  }

  function say(message) { $('status').textContent = message; }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }

  function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }

  async function loadList() {
    const queue = $('queue-filter').value.trim();
    const { json } = await api('GET', '/cases?status=open&limit=500' + (queue ? '&queue=' + encodeURIComponent(queue) : ''));
    const items = json.items.slice().sort((a, b) =>
      (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) ||
      (a.overdue === b.overdue ? 0 : a.overdue ? -1 : 1) ||
      new Date(a.createdAt) - new Date(b.createdAt)); // as times: "…:05Z" is earlier than "…:05.250Z"
    const body = $('cases');
    body.replaceChildren();
    for (const c of items) {
      const tr = document.createElement('tr');
      if (c.priority === 'urgent') tr.classList.add('urgent');
      if (c.overdue) tr.classList.add('overdue');
      const ref = cell(tr, '');
      const link = document.createElement('a');
      link.href = '#' + c.id;
      link.textContent = c.reference;
      ref.appendChild(link);
      const prio = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = 'badge ' + c.priority;
      badge.textContent = c.priority;
      prio.appendChild(badge);
      if (c.overdue) {
        const late = document.createElement('span');
        late.className = 'badge overdue';
        late.textContent = 'overdue';
        prio.append(' ', late);
      }
      cell(tr, c.status);
      cell(tr, c.queue);
      cell(tr, c.assignee ? c.assignee.name : '—');
      cell(tr, when(c.createdAt));
      body.appendChild(tr);
    }
    say(items.length + ' open case' + (items.length === 1 ? '' : 's'));
  }

  function fact(list, term, value) {
    const dt = document.createElement('dt'); dt.textContent = term;
    const dd = document.createElement('dd'); dd.textContent = value == null || value === '' ? '—' : value;
    list.append(dt, dd);
  }

  async function showCase(id) {
    const { json: c } = await api('GET', '/cases/' + id);
    current = c;
    $('detail').hidden = false;
    $('case-title').textContent = 'Case ' + c.reference + (c.priority === 'urgent' ? ' (urgent)' : '');
    const facts = $('case-facts');
    facts.replaceChildren();
    const r = c.requester || {};
    fact(facts, 'Status', c.status + (c.overdue ? ' — overdue' : ''));
    fact(facts, 'Queue / topic', c.queue + ' / ' + c.topic);
    fact(facts, 'Assignee', c.assignee ? c.assignee.name : null);
    fact(facts, 'Requester', r.name);
    fact(facts, 'Phone', r.phone ? r.phone + (r.smsStatus === 'unsubscribed' ? ' (unsubscribed from texts)' : '') : null);
    fact(facts, 'Email', r.email);
    fact(facts, 'Language', c.language);
    fact(facts, 'Opened / answer due', when(c.createdAt) + ' / ' + when(c.dueAt));
    const thread = $('thread');
    thread.replaceChildren();
    for (const m of c.thread) {
      const li = document.createElement('li');
      li.className = m.direction;
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = (m.direction === 'in' ? 'From requester' : 'To requester' + (m.author ? ' — ' + m.author : ''))
        + ' · ' + m.channel + ' · ' + when(m.at) + ' · ' + m.status + (m.errorCode ? ' (' + m.errorCode + ')' : '');
      const text = document.createElement('span');
      text.textContent = m.body == null ? '[erased under the retention policy]' : m.body;
      li.append(meta, text);
      thread.appendChild(li);
    }
    const notes = $('notes');
    notes.replaceChildren();
    for (const n of c.notes) {
      const li = document.createElement('li');
      li.textContent = (n.author || '') + ', ' + when(n.at) + ': ' + (n.body == null ? '[erased]' : n.body);
      notes.appendChild(li);
    }
    $('reply-channel').value = r.phone && r.smsStatus !== 'unsubscribed' ? 'sms' : 'email';
    $('case-title').focus();
  }

  async function run(action) {
    try { await action(); } catch (e) { if (e.message !== 'unauthorised') say(e.message); }
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    // Whoever signs in next at this screen must not find the last case, nor the list, still in the page.
    current = null;
    $('detail').hidden = true;
    for (const id of ['cases', 'case-title', 'case-facts', 'thread', 'notes']) $(id).replaceChildren();
    $('app').hidden = true;
    $('login').hidden = false;
    say('');
    $('who').textContent = message || '';
  }

  function start() {
    $('who').textContent = '';
    $('login').hidden = true;
    $('app').hidden = false;
    run(async () => {
      await loadList();
      const id = location.hash.replace('#', '');
      if (/^\d+$/.test(id)) await showCase(id);
    });
  }

  $('case-title').tabIndex = -1;
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    $('token').value = '';
    start();
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('refresh').addEventListener('click', () => run(loadList));
  $('claim').addEventListener('click', () => run(async () => {
    const queue = $('queue-filter').value.trim();
    const r = await api('POST', '/cases/claim' + (queue ? '?queue=' + encodeURIComponent(queue) : ''));
    if (r.status === 204) { say('No case is waiting.'); return; }
    // The claimed case may be the one already open, and then setting the same hash would not show the claim.
    if (location.hash === '#' + r.json.id) await showCase(r.json.id); else location.hash = '#' + r.json.id;
    await loadList();
    say('You claimed ' + r.json.reference + '.');
  }));
  $('status-buttons').addEventListener('click', (e) => {
    const status = e.target.dataset && e.target.dataset.status;
    if (!status || !current) return;
    run(async () => {
      await api('PATCH', '/cases/' + current.id, { status });
      await showCase(current.id);
      await loadList();
      say('Case ' + current.reference + ' is now ' + status + '.');
    });
  });
  $('reply-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(async () => {
      await api('POST', '/cases/' + current.id + '/replies', { channel: $('reply-channel').value, body: $('reply-body').value });
      $('reply-body').value = '';
      await showCase(current.id);
      say('Reply queued.');
    });
  });
  $('note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(async () => {
      await api('POST', '/cases/' + current.id + '/notes', { body: $('note-body').value });
      $('note-body').value = '';
      await showCase(current.id);
      say('Note added.');
    });
  });
  window.addEventListener('hashchange', () => {
    const id = location.hash.replace('#', '');
    if (token() && /^\d+$/.test(id)) run(() => showCase(id));
  });

  if (token()) start(); else signOut();
})();
