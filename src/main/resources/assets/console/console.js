// The staff console: plain JavaScript against the JSON API, signed in with the same server-side session as the
// queue page (the HttpOnly aa_session cookie). The CSRF token lives in this page's memory only; everything is put in
// the page with textContent, never as HTML. Only staff (and admins) see campaigns; attorneys are sent to the queue.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let me = null;

  const Unauthorised = Session.Unauthorised;
  const client = Session.client((message) => signedOut(message));
  const api = client.api;

  function say(message) { $('status').textContent = message; }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  const count = (n) => (typeof n === 'number' ? n.toLocaleString() : '—');

  async function loadCampaigns() {
    const all = [];
    let after = null;
    do {
      const { json } = await api('GET', '/campaigns?limit=100' + (after ? '&after=' + encodeURIComponent(after) : ''));
      all.push(...json.items);
      after = json.next;
    } while (after && all.length < 1000);
    const body = $('campaigns');
    body.replaceChildren();
    for (const c of all) {
      const tr = document.createElement('tr');
      const s = c.stats || {};
      // The name opens the campaign's report (a page of its own, the same session).
      const name = document.createElement('td');
      const link = document.createElement('a');
      link.href = 'report.html?campaign=' + encodeURIComponent(c.id);
      link.textContent = c.name;
      name.appendChild(link);
      tr.appendChild(name);
      cell(tr, c.status);
      cell(tr, count(s.recipients), 'num');
      cell(tr, count(s.delivered), 'num');
      cell(tr, count(s.replies), 'num');
      body.appendChild(tr);
    }
    say(all.length + ' campaign' + (all.length === 1 ? '' : 's'));
  }

  function forget() {
    me = null; client.csrf(null);
    $('campaigns').replaceChildren();
    say('');
  }

  function signedOut(message) {
    forget();
    $('app').hidden = true;
    $('account').hidden = true;
    $('login').hidden = false;
    $('who').textContent = message || '';
  }

  async function run(action) {
    try { await action(); } catch (e) {
      if (e instanceof Unauthorised) return;
      say(e.message);
    }
  }

  async function start(session) {
    client.csrf(session.csrfToken);
    me = session.user;
    $('login').hidden = true;
    $('account').hidden = false;
    if (me.role !== 'staff' && me.role !== 'admin') {
      // Nothing of any campaign is in the page for them; they keep the session (and the sign-out) only.
      $('app').hidden = true;
      $('campaigns').replaceChildren();
      say('');
      $('who').textContent = 'Signed in as ' + me.name + ' (' + me.role + '). This console is for staff: your role does not'
        + ' allow it. Attorneys work the assistance queue at /queue.';
      return;
    }
    $('who').textContent = 'Signed in as ' + me.name + ' (' + me.role + ')';
    $('app').hidden = false;
    await run(loadCampaigns);
  }

  Session.attach($, api, start, signedOut);
  $('refresh').addEventListener('click', () => run(loadCampaigns));

  Session.resume(api, start, signedOut);
})();
