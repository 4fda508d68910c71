// The attorneys' queue page: plain JavaScript against the JSON API, signed in with a server-side session (the
// HttpOnly aa_session cookie, which no script can read). The CSRF token lives in this page's memory only: nothing is
// kept in browser storage. Everything people wrote is put in the page with textContent, never as HTML.
(function () {
  'use strict';
  const POLL_MS = 3000;
  const $ = (id) => document.getElementById(id);
  let me = null;
  let current = null;
  let known = null;        // case id → what the list last showed of it, to see what changed
  let lastChange = null;   // the newest updatedAt seen: the next poll asks for what changed after it
  let pollTimer = null;
  let urgentId = null;
  let savedReplies = [];

  const Unauthorised = Session.Unauthorised;
  const client = Session.client((message) => signedOut(message));
  const api = client.api;

  // An action's confirmation ("Reply queued.") stays a few seconds before a background poll's count replaces it.
  let heldUntil = 0;
  function say(message) { $('status').textContent = message; heldUntil = message ? Date.now() + 4000 : 0; }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }

  function duration(ms) {
    const m = Math.round(Math.abs(ms) / 60000);
    if (m < 60) return m + ' min';
    const h = Math.round(m / 60);
    return h < 48 ? h + ' h' : Math.round(h / 24) + ' d';
  }

  /** +13015550123 → (301) 555-0123; other numbers as they are. */
  function phone(e164) {
    const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164 || '');
    return us ? '(' + us[1] + ') ' + us[2] + '-' + us[3] : e164;
  }

  function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }

  function badge(parent, cls, text) {
    const b = document.createElement('span');
    b.className = 'badge ' + cls;
    b.textContent = text;
    parent.append(parent.childNodes.length ? ' ' : '', b);
  }

  function sla(c) {
    if (c.status === 'resolved') return { text: 'resolved', late: false };
    if (c.firstResponseAt) return { text: 'answered', late: false };
    if (!c.dueAt) return { text: '—', late: false };
    const left = new Date(c.dueAt) - Date.now();
    return c.overdue || left < 0 ? { text: 'overdue ' + duration(left), late: true } : { text: 'in ' + duration(left), late: false };
  }

  function query() {
    const params = ['limit=500', 'status=' + encodeURIComponent($('status-filter').value)];
    const queue = $('queue-filter').value.trim();
    if (queue) params.push('queue=' + encodeURIComponent(queue));
    if ($('mine').checked) params.push('assignee=me');
    else if ($('unassigned').checked) params.push('assignee=none');
    return '/cases?' + params.join('&');
  }

  const signature = (c) => [c.status, c.priority, c.assignee ? c.assignee.name : '', c.updatedAt, c.messages, c.queue].join('|');

  async function loadList(fromPoll) {
    const { json } = await api('GET', query());
    const items = json.items.slice().sort((a, b) =>
      (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) ||
      (a.overdue === b.overdue ? 0 : a.overdue ? -1 : 1) ||
      new Date(a.createdAt) - new Date(b.createdAt)); // as times: "…:05Z" is earlier than "…:05.250Z"
    known = new Map(items.map((c) => [c.id, signature(c)]));
    for (const c of items) if (!lastChange || c.updatedAt > lastChange) lastChange = c.updatedAt;
    render(items, fromPoll);
  }

  function render(all, fromPoll) {
    const wanted = $('search').value.trim().toUpperCase();
    const items = wanted ? all.filter((c) => c.reference.toUpperCase().includes(wanted)) : all;
    const body = $('cases');
    body.replaceChildren();
    const queues = new Set();
    for (const c of items) {
      queues.add(c.queue);
      const tr = document.createElement('tr');
      if (c.priority === 'urgent') tr.classList.add('urgent');
      const due = sla(c);
      if (due.late) tr.classList.add('overdue');
      if (current && current.id === c.id) tr.setAttribute('aria-current', 'true');
      const ref = cell(tr, '');
      const link = document.createElement('a');
      link.href = '#' + c.id;
      link.textContent = c.reference;
      ref.appendChild(link);
      const prio = cell(tr, '');
      badge(prio, c.priority, c.priority);
      cell(tr, c.topic || '—');
      cell(tr, c.queue);
      cell(tr, c.status);
      cell(tr, c.language || '—');
      cell(tr, duration(Date.now() - new Date(c.createdAt)));
      cell(tr, c.assignee ? c.assignee.name : '—');
      const slaCell = cell(tr, '');
      if (due.late) badge(slaCell, 'overdue', due.text); else slaCell.textContent = due.text;
      body.appendChild(tr);
    }
    const list = $('queues');
    for (const q of queues) {
      if (![...list.options].some((o) => o.value === q)) { const o = document.createElement('option'); o.value = q; list.appendChild(o); }
    }
    if (fromPoll && Date.now() < heldUntil) return;
    $('status').textContent = items.length + ' ' + ($('status-filter').value === 'open' ? 'open ' : '') + 'case'
      + (items.length === 1 ? '' : 's') + (wanted ? ' matching ' + wanted : '');
  }

  /** The cheap poll: which cases changed since the newest change seen (with a few seconds' overlap for late commits). */
  async function poll() {
    if (!me || !known) return;
    const since = lastChange ? new Date(new Date(lastChange).getTime() - 5000).toISOString() : new Date(0).toISOString();
    const { json } = await api('GET', '/cases?limit=100&changedSince=' + encodeURIComponent(since));
    const changed = json.items.filter((c) => known.get(c.id) !== signature(c) && !(c.status === 'resolved' && !known.has(c.id)
      && $('status-filter').value !== 'resolved'));
    for (const c of json.items) if (!lastChange || c.updatedAt > lastChange) lastChange = c.updatedAt;
    const arrived = changed.filter((c) => !known.has(c.id) && c.priority === 'urgent' && c.status === 'new');
    if (changed.length) await loadList(true);
    for (const c of json.items) known.set(c.id, signature(c));
    if (arrived.length) announceUrgent(arrived[arrived.length - 1], arrived.length);
    if (current && (changed.some((c) => c.id === current.id) || current.thread.some((m) => m.status === 'queued' || m.status === 'sending'))) {
      await showCase(current.id, { keepFocus: true });
    }
  }

  function announceUrgent(c, count) {
    urgentId = c.id;
    const text = (count > 1 ? count + ' urgent cases arrived; the newest: ' : 'Urgent case arrived: ') + c.reference
      + (c.topic ? ' (' + c.topic + ')' : '') + ' in ' + c.queue + '.';
    $('urgent-text').textContent = text;
    $('urgent-banner').hidden = false;
    $('announce').textContent = text;
    if (window.Notification && Notification.permission === 'granted') {
      try { new Notification('Urgent legal help request', { body: c.reference + ' in ' + c.queue, tag: 'urgent-' + c.id }); } catch (e) { /* not here */ }
    }
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      try { await poll(); } catch (e) { if (!(e instanceof Unauthorised)) say(e.message); }
      if (me) schedulePoll();
    }, POLL_MS);
  }

  function fact(list, term, value) {
    const dt = document.createElement('dt'); dt.textContent = term;
    const dd = document.createElement('dd'); dd.textContent = value == null || value === '' ? '—' : value;
    list.append(dt, dd);
  }

  async function showCase(id, options) {
    const keepFocus = options && options.keepFocus;
    const { json: c } = await api('GET', '/cases/' + id);
    let person = null;
    if (c.requester && c.requester.supporterId && !keepFocus) {
      try { person = (await api('GET', '/cases/' + id + '/requester')).json; } catch (e) { if (e instanceof Unauthorised) throw e; }
    } else if (keepFocus && current && current.id === c.id) {
      person = current.person;
    }
    c.person = person;
    const same = current && current.id === c.id;
    current = c;
    $('detail').hidden = false;
    $('case-title').textContent = 'Case ' + c.reference + (c.priority === 'urgent' ? ' (urgent)' : '');
    const facts = $('case-facts');
    facts.replaceChildren();
    const r = c.requester || {};
    const due = sla(c);
    fact(facts, 'Status', c.status + (c.overdue ? ' — overdue' : ''));
    fact(facts, 'Queue / topic', c.queue + ' / ' + (c.topic || '—'));
    fact(facts, 'Assignee', c.assignee ? c.assignee.name : null);
    fact(facts, 'Requester', r.name);
    fact(facts, 'Phone', r.phone ? phone(r.phone) + (r.smsStatus === 'unsubscribed' ? ' (unsubscribed from texts)' : '') : null);
    fact(facts, 'Email', r.email ? r.email + (r.emailStatus === 'unsubscribed' ? ' (unsubscribed from email)' : '') : null);
    fact(facts, 'Language', c.language);
    fact(facts, 'State / county', person ? [person.state, person.county].filter(Boolean).join(' / ') : null);
    fact(facts, 'Opened / answer due', when(c.createdAt) + ' / ' + when(c.dueAt) + ' (' + due.text + ')');
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
    channels(r, same);
    offerSavedReplies(c.language);
    await colleagues(c);
    if (!keepFocus) $('case-title').focus();
  }

  /** Which channels the requester can receive; a channel they cannot is disabled, with the reason. */
  function channels(r, same) {
    const select = $('reply-channel');
    const sms = select.querySelector('option[value=sms]');
    const email = select.querySelector('option[value=email]');
    const smsWhy = !r.phone ? 'no phone number' : r.smsStatus === 'unsubscribed' ? 'they unsubscribed from texts (STOP)' : null;
    const emailWhy = !r.email ? 'no email address' : r.emailStatus === 'unsubscribed' ? 'they unsubscribed from email' : null;
    sms.disabled = !!smsWhy;
    sms.textContent = 'Text (SMS)' + (smsWhy ? ' — unavailable: ' + smsWhy : '');
    email.disabled = !!emailWhy;
    email.textContent = 'Email' + (emailWhy ? ' — unavailable: ' + emailWhy : '');
    if (!same || select.selectedOptions[0].disabled) select.value = !smsWhy ? 'sms' : 'email';
    $('channel-note').textContent = smsWhy && emailWhy ? 'This requester can receive neither texts nor email.'
      : smsWhy ? 'Texts are off: ' + smsWhy + '.' : '';
    counter();
  }

  function counter() {
    const out = $('segments');
    if ($('reply-channel').value !== 'sms') { out.textContent = ''; return; }
    const n = window.SmsSegments.count($('reply-body').value);
    out.textContent = n.characters + ' characters · ' + n.segments + ' segment' + (n.segments === 1 ? '' : 's') + ' · ' + n.encoding
      + (n.encoding === 'UCS-2' ? ' (accents or symbols outside GSM-7 make texts shorter)' : '');
  }

  async function loadSavedReplies() {
    try { savedReplies = (await api('GET', '/saved-replies')).json.items || []; } catch (e) { if (e instanceof Unauthorised) throw e; savedReplies = []; }
  }

  /** Saved replies in the requester's language first, then the others. */
  function offerSavedReplies(language) {
    const select = $('saved-replies');
    const lang = (language || 'en').split('-')[0];
    const ordered = savedReplies.slice().sort((a, b) => (a.language === lang ? 0 : 1) - (b.language === lang ? 0 : 1));
    select.replaceChildren(new Option('— write your own —', ''));
    for (const s of ordered) {
      const o = document.createElement('option');
      o.value = String(s.id);
      o.textContent = '[' + s.language + '] ' + s.title;
      select.appendChild(o);
    }
  }

  async function colleagues(c) {
    const select = $('reassign');
    if (select.dataset.loaded !== 'yes') {
      const { json } = await api('GET', '/users/attorneys');
      for (const u of json) {
        const o = document.createElement('option');
        o.value = String(u.id);
        o.textContent = u.name + (me && u.id === me.id ? ' (you)' : '');
        select.appendChild(o);
      }
      select.dataset.loaded = 'yes';
    }
    select.value = c.assignee && c.assignee.userId ? String(c.assignee.userId) : '';
  }

  async function run(action) {
    try { await action(); } catch (e) {
      if (e instanceof Unauthorised) return;
      say(e.message);
    }
  }

  /** Whoever signs in next at this screen must not find the last case, nor the list, still in the page. */
  function forget() {
    clearTimeout(pollTimer);
    me = null; client.csrf(null); current = null; known = null; lastChange = null; urgentId = null;
    $('detail').hidden = true;
    for (const id of ['cases', 'case-title', 'case-facts', 'thread', 'notes', 'urgent-text', 'announce']) $(id).replaceChildren();
    $('reply-body').value = ''; $('note-body').value = '';
    $('urgent-banner').hidden = true;
    const reassign = $('reassign');
    reassign.replaceChildren(new Option('Back to the queue (nobody)', ''));
    delete reassign.dataset.loaded;
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  }

  function signedOut(message) {
    forget();
    $('app').hidden = true;
    $('password').hidden = true;
    $('account').hidden = true;
    $('login').hidden = false;
    say('');
    $('who').textContent = message || '';
  }

  async function start(session) {
    client.csrf(session.csrfToken);
    me = session.user;
    $('who').textContent = 'Signed in as ' + me.name + ' (' + me.role + ')';
    $('login').hidden = true;
    $('account').hidden = false;
    $('notify').hidden = !(window.Notification && Notification.permission === 'default');
    if (me.role !== 'attorney' && me.role !== 'admin') {
      $('app').hidden = true;
      say('');
      $('who').textContent = 'Signed in as ' + me.name + ' (' + me.role + '). The queue is for attorneys: your role does not allow this.'
        + (me.role === 'staff' ? ' Staff sign in at /console.' : '');
      return;
    }
    $('app').hidden = false;
    await run(async () => {
      await loadSavedReplies();
      await loadList();
      const id = location.hash.replace('#', '');
      if (/^\d+$/.test(id)) await showCase(id);
    });
    schedulePoll();
  }

  $('case-title').tabIndex = -1;
  Session.attach($, api, start, signedOut);
  $('password-toggle').addEventListener('click', () => {
    const section = $('password');
    section.hidden = !section.hidden;
    $('password-toggle').setAttribute('aria-expanded', String(!section.hidden));
    if (!section.hidden) $('current-password').focus();
  });
  $('password-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('password-error').textContent = '';
    try {
      await api('POST', '/users/me/password', { current: $('current-password').value, new: $('new-password').value });
      $('current-password').value = ''; $('new-password').value = '';
      signedOut('Password changed. Sign in with your new password.');
    } catch (err) {
      if (err instanceof Unauthorised) return;
      const field = err.json && err.json.errors && err.json.errors[0];
      $('password-error').textContent = field ? (field.field === 'new' ? 'New password ' : 'Current password ') + field.message : err.message;
    }
  });
  $('notify').addEventListener('click', async () => {
    await Notification.requestPermission();
    $('notify').hidden = Notification.permission !== 'default';
  });
  for (const id of ['status-filter', 'mine', 'unassigned']) {
    $(id).addEventListener('change', () => {
      if (id === 'mine' && $('mine').checked) $('unassigned').checked = false;
      if (id === 'unassigned' && $('unassigned').checked) $('mine').checked = false;
      run(loadList);
    });
  }
  $('queue-filter').addEventListener('change', () => run(loadList));
  $('search').addEventListener('input', () => run(loadList));
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); run(loadList); });
  $('refresh').addEventListener('click', () => run(loadList));
  const claimNext = () => run(async () => {
    const queue = $('queue-filter').value.trim();
    const r = await api('POST', '/cases/claim' + (queue ? '?queue=' + encodeURIComponent(queue) : ''));
    if (r.status === 204) { say('No case is waiting.'); return; }
    // The claimed case may be the one already open, and then setting the same hash would not show the claim.
    if (location.hash === '#' + r.json.id) await showCase(r.json.id); else location.hash = '#' + r.json.id;
    await loadList();
    if (urgentId === r.json.id) $('urgent-banner').hidden = true;
    say('You claimed ' + r.json.reference + '.');
  });
  $('claim').addEventListener('click', claimNext);
  $('urgent-open').addEventListener('click', () => {
    $('urgent-banner').hidden = true;
    if (urgentId != null) location.hash = '#' + urgentId;
  });
  $('urgent-dismiss').addEventListener('click', () => { $('urgent-banner').hidden = true; });
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
  $('reassign-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!current) return;
    const value = $('reassign').value;
    run(async () => {
      await api('PATCH', '/cases/' + current.id, { assignee: value ? Number(value) : null });
      await showCase(current.id);
      await loadList();
      say('Case ' + current.reference + (value ? ' is now with ' + $('reassign').selectedOptions[0].textContent.replace(' (you)', '') : ' is back in the queue') + '.');
    });
  });
  $('reply-channel').addEventListener('change', counter);
  $('reply-body').addEventListener('input', counter);
  $('saved-replies').addEventListener('change', () => {
    const chosen = savedReplies.find((s) => String(s.id) === $('saved-replies').value);
    if (chosen) { $('reply-body').value = chosen.body; counter(); $('reply-body').focus(); }
  });
  $('reply-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(async () => {
      await api('POST', '/cases/' + current.id + '/replies', { channel: $('reply-channel').value, body: $('reply-body').value });
      $('reply-body').value = '';
      $('saved-replies').value = '';
      counter();
      await showCase(current.id, { keepFocus: true });
      say('Reply queued.');
    });
  });
  $('note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(async () => {
      await api('POST', '/cases/' + current.id + '/notes', { body: $('note-body').value });
      $('note-body').value = '';
      await showCase(current.id, { keepFocus: true });
      say('Note added.');
    });
  });
  // Shortcuts, never while typing: n claim next, r reply, i internal note, / find.
  document.addEventListener('keydown', (e) => {
    if (!me || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (e.key === 'n') { e.preventDefault(); claimNext(); }
    else if (e.key === 'r' && current) { e.preventDefault(); $('reply-body').focus(); }
    else if (e.key === 'i' && current) { e.preventDefault(); $('note-body').focus(); }
    else if (e.key === '/') { e.preventDefault(); $('search').focus(); }
  });
  window.addEventListener('hashchange', () => {
    const id = location.hash.replace('#', '');
    if (me && /^\d+$/.test(id)) run(() => showCase(id));
  });

  Session.resume(api, start, signedOut);
})();
