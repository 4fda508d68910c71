// A campaign's report for signed-in staff: the funnel, an hourly chart (ECharts, served by the service from its
// WebJar, canvas renderer: nothing inline, so the strict CSP holds) and the county table, sortable by its headers.
// The session is the HttpOnly aa_session cookie; data goes into the page with textContent only.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const say = (m) => { $('status').textContent = m; };
  const count = (n) => (typeof n === 'number' ? n.toLocaleString() : '—');

  async function get(path) {
    const r = await fetch('/api/v1' + path, { credentials: 'same-origin', cache: 'no-store' });
    const text = await r.text();
    const json = text ? JSON.parse(text) : null;
    if (!r.ok) {
      const e = new Error(json && json.message ? json.message : 'Request failed (' + r.status + ')');
      e.status = r.status;
      throw e;
    }
    return json;
  }

  let counties = [];
  let sortKey = null;
  let ascending = true;

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function drawCounties() {
    const rows = counties.slice();
    if (sortKey) {
      rows.sort((a, b) => {
        const x = a[sortKey], y = b[sortKey];
        const c = (typeof x === 'number' && typeof y === 'number') ? x - y
          : String(x == null ? '' : x).localeCompare(String(y == null ? '' : y));
        return ascending ? c : -c;
      });
    }
    const body = $('counties');
    body.replaceChildren();
    for (const c of rows) {
      const tr = document.createElement('tr');
      cell(tr, c.state || '—');
      cell(tr, c.county || '—');
      cell(tr, count(c.recipients), 'num');
      cell(tr, count(c.delivered), 'num');
      cell(tr, count(c.clicked), 'num');
      cell(tr, count(c.acted), 'num');
      body.appendChild(tr);
    }
    for (const b of document.querySelectorAll('button.sort')) {
      const th = b.parentElement;
      th.setAttribute('aria-sort', b.dataset.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none');
    }
  }

  function drawChart(hourly) {
    const hours = hourly.map((h) => String(h.hour).slice(0, 13).replace('T', ' ') + ':00');
    const chart = echarts.init($('hourly-chart'), null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      legend: { data: ['Sent', 'Clicked', 'Acted'] },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: hours },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Sent', type: 'bar', data: hourly.map((h) => h.sent), itemStyle: { color: '#0b57d0' } },
        { name: 'Clicked', type: 'bar', data: hourly.map((h) => h.clicked), itemStyle: { color: '#b35c00' } },
        { name: 'Acted', type: 'bar', data: hourly.map((h) => h.acted), itemStyle: { color: '#1e7a34' } }
      ]
    });
    window.addEventListener('resize', () => chart.resize());
    const total = (k) => hourly.reduce((s, h) => s + (h[k] || 0), 0);
    $('hourly-summary').textContent = hourly.length + ' hour' + (hourly.length === 1 ? '' : 's') + ' with activity: '
      + count(total('sent')) + ' sent, ' + count(total('clicked')) + ' clicked, ' + count(total('acted')) + ' acted.';
  }

  for (const b of document.querySelectorAll('button.sort')) {
    b.addEventListener('click', () => {
      if (sortKey === b.dataset.key) ascending = !ascending; else { sortKey = b.dataset.key; ascending = true; }
      drawCounties();
    });
  }

  (async () => {
    const id = new URLSearchParams(location.search).get('campaign');
    if (!id || !/^[0-9]+$/.test(id)) { say('No campaign given.'); return; }
    try {
      const session = await get('/session');
      const me = session.user;
      $('who').textContent = 'Signed in as ' + me.name + ' (' + me.role + ')';
      if (me.role !== 'staff' && me.role !== 'admin') { say('This report is for staff: your role does not allow it.'); return; }
      const campaign = await get('/campaigns/' + id);
      const report = await get('/campaigns/' + id + '/report');
      $('campaign-name').textContent = campaign.name;
      $('f-recipients').textContent = count(report.recipients);
      $('f-delivered').textContent = count(report.delivered);
      $('f-clicked').textContent = count(report.clicked);
      $('f-acted').textContent = count(report.acted);
      counties = report.byCounty || [];
      $('report').hidden = false;
      drawCounties();
      drawChart(report.hourly || []);
      say('Report loaded');
    } catch (e) {
      say(e.status === 401 ? 'You are signed out: sign in on the campaigns page.' : e.message);
    }
  })();
})();
