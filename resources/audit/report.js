/* mlpc audit report: lists, filters and charts the commits of the data block. Text only ever reaches the page
   through textContent and attribute setters (never as markup): every string here is hostile input. */
(function () {
  'use strict';
  var body = document.body;
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e && e.message));
    body.setAttribute('data-errors', errors.join(' | '));
  });

  var PAGE_SIZE = 50;
  var SVG = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('mlpc-data').textContent);
  var all = data.commits || [];
  var newestFirst = all.slice().reverse();
  var state = { stack: '', person: '', from: '', to: '', applied: false, page: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function stackOf(c) { return c.stack || (c.proposal && c.proposal.stack) || ''; }
  function personOf(c) { return (c.email || c.author || '').toLowerCase(); }
  function dayOf(c) { return (c.date || '').substring(0, 10); }
  function isApplied(c) { return !!c.applied && c.applied !== 'no'; }

  // ---- filters ------------------------------------------------------------------------------------------------
  var fStack = document.getElementById('f-stack');
  var fPerson = document.getElementById('f-person');
  var fFrom = document.getElementById('f-from');
  var fTo = document.getElementById('f-to');
  var fApplied = document.getElementById('f-applied');

  function fillOptions() {
    var stacks = {}, people = {};
    all.forEach(function (c) {
      var s = stackOf(c);
      if (s) stacks[s] = true;
      var p = personOf(c);
      if (p && !people[p]) people[p] = (c.author || '') + (c.email ? ' <' + c.email + '>' : '');
    });
    Object.keys(stacks).sort().forEach(function (s) {
      var o = el('option', null, s); o.value = s; fStack.appendChild(o);
    });
    Object.keys(people).sort().forEach(function (p) {
      var o = el('option', null, people[p]); o.value = p; fPerson.appendChild(o);
    });
  }

  function readHash() {
    var h = (location.hash || '').replace(/^#/, '');
    var q = new URLSearchParams(h);
    state.stack = q.get('stack') || '';
    state.person = (q.get('person') || '').toLowerCase();
    state.from = q.get('from') || '';
    state.to = q.get('to') || '';
    state.applied = q.get('applied') === '1';
    var p = parseInt(q.get('page') || '1', 10);
    state.page = isFinite(p) && p > 0 ? p : 1;
  }
  function writeHash() {
    var q = new URLSearchParams();
    if (state.stack) q.set('stack', state.stack);
    if (state.person) q.set('person', state.person);
    if (state.from) q.set('from', state.from);
    if (state.to) q.set('to', state.to);
    if (state.applied) q.set('applied', '1');
    if (state.page > 1) q.set('page', String(state.page));
    var h = q.toString();
    if ((location.hash || '').replace(/^#/, '') !== h) location.hash = h;
    else render();
  }
  function ensureOption(select, value) {
    if (!value) return;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return;
    var o = el('option', null, value + ' (no commit)'); o.value = value; select.appendChild(o);
  }
  function syncControls() {
    ensureOption(fStack, state.stack);
    ensureOption(fPerson, state.person);
    fStack.value = state.stack; fPerson.value = state.person;
    fFrom.value = state.from; fTo.value = state.to; fApplied.checked = state.applied;
  }
  function onFilterChange() {
    state.stack = fStack.value; state.person = fPerson.value; state.from = fFrom.value; state.to = fTo.value;
    state.applied = fApplied.checked; state.page = 1;
    writeHash();
  }
  function matches(c) {
    if (state.stack && stackOf(c) !== state.stack) return false;
    if (state.person && personOf(c) !== state.person) return false;
    var d = dayOf(c);
    if (state.from && d < state.from) return false;
    if (state.to && d > state.to) return false;
    if (state.applied && !isApplied(c)) return false;
    return true;
  }

  // ---- one commit -----------------------------------------------------------------------------------------------
  function badge(text, tone) { return el('span', 'badge' + (tone ? ' ' + tone : ''), text); }
  function meta(dl, term, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', null, term));
    dl.appendChild(el('dd', null, value));
  }
  function signatureTone(s) {
    if (!s) return '';
    if (s.status === 'good') return 'good';
    if (s.status === 'bad') return 'bad';
    if (s.status === 'unsigned' || s.status === 'unknown-key') return 'warn';
    return '';
  }
  function appliedTone(a) {
    if (!a || a === 'no') return '';
    return a === 'yes' ? 'good' : 'bad';
  }

  function planTable(plan) {
    var t = el('table', 'plan');
    var head = el('tr');
    ['Action', 'Type', 'Name', 'Safety', 'Statements'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    t.appendChild(head);
    (plan.changes || []).forEach(function (ch) {
      var tr = el('tr');
      tr.appendChild(el('td', null, ch.action));
      tr.appendChild(el('td', null, ch.type));
      tr.appendChild(el('td', null, ch.name));
      tr.appendChild(el('td', 'safety-' + (ch.safety || ''), ch.safety));
      var td = el('td');
      (ch.statements || []).forEach(function (s) { td.appendChild(el('pre', 'st', s)); });
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }
  function journalTable(j) {
    var t = el('table', 'journal');
    var head = el('tr');
    ['Change', 'Resource', 'Statement', 'Outcome', 'ms', 'Error'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    t.appendChild(head);
    (j.statements || []).forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('td', null, s.change));
      tr.appendChild(el('td', null, s.resource));
      var td = el('td'); td.appendChild(el('pre', 'st', s.statement)); tr.appendChild(td);
      tr.appendChild(el('td', 'outcome-' + (s.outcome || ''), s.outcome));
      tr.appendChild(el('td', null, s.millis === undefined ? '' : s.millis));
      tr.appendChild(el('td', null, s.error));
      t.appendChild(tr);
    });
    return t;
  }
  function decisions(title, list) {
    var wrap = el('div', 'decision-block');
    wrap.appendChild(el('strong', null, title + ' (' + list.length + ')'));
    var ul = el('ul', 'decisions');
    list.forEach(function (d) {
      var text = d.by + (d.email ? ' <' + d.email + '>' : '') + ', ' + d.date + ', commit ' + d.shortId
        + (d.planSha256 ? (d.matchesPlan ? ', names this plan' : ', names another plan hash ' + d.planSha256) : '')
        + (d.reason ? ': ' + d.reason : '');
      var li = el('li', null, text);
      li.setAttribute('data-decision', d.decision || '');
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    return wrap;
  }

  function commitView(c) {
    var a = el('article', 'commit');
    a.setAttribute('data-commit', c.id);
    a.setAttribute('data-kind', c.kind || '');
    if (stackOf(c)) a.setAttribute('data-stack', stackOf(c));
    var h = el('header');
    h.appendChild(el('span', 'cid', c.shortId));
    h.appendChild(el('h3', null, c.subject));
    h.appendChild(el('span', 'who', c.author + (c.email ? ' <' + c.email + '>' : '')));
    var time = el('time', 'when', c.date); time.setAttribute('datetime', c.date); h.appendChild(time);
    a.appendChild(h);

    var badges = el('div', 'badges');
    badges.appendChild(badge(c.kind === 'record' ? 'record: ' + c.record : c.kind));
    if (c.kind === 'stack') badges.appendChild(badge(c.applied === undefined ? 'applied: ?' : 'applied: ' + c.applied, appliedTone(c.applied)));
    if (c.journal) badges.appendChild(badge('journal: ' + (c.journal.outcome || '?'), c.journal.outcome === 'succeeded' ? 'good' : 'bad'));
    if (c.approvalRequired) {
      var n = (c.approvals || []).filter(function (d) { return d.matchesPlan; }).length;
      badges.appendChild(badge('approval ' + c.approvalRequired + ': ' + n + ' given' + ((c.rejections || []).length ? ', rejected' : ''),
        (c.rejections || []).length ? 'bad' : ''));
    }
    if (c.signature) {
      var sb = badge('signature: ' + c.signature.status, signatureTone(c.signature));
      sb.title = c.signature.detail || '';
      badges.appendChild(sb);
    }
    var problems = c.problems || [];
    badges.appendChild(badge(problems.length ? 'verify: ' + problems.length + ' problem(s)' : 'verify: ok', problems.length ? 'bad' : 'good'));
    a.appendChild(badges);

    var dl = el('dl', 'meta');
    meta(dl, 'Commit', c.id);
    meta(dl, 'Stack', c.stack);
    meta(dl, 'Provider', c.provider);
    meta(dl, 'Target', c.target);
    meta(dl, 'Target connection', c.targetConnection);
    meta(dl, 'Plan', c.planTrailer);
    meta(dl, 'Plan SHA-256', c.planSha256);
    meta(dl, 'Reverts', c.reverts);
    if (c.proposal) {
      meta(dl, 'Decision', c.proposal.decision);
      meta(dl, 'Proposal', c.proposal.proposal);
      meta(dl, 'Proposal stack', c.proposal.stack);
      meta(dl, 'Approved plan SHA-256', c.proposal.planSha256);
    }
    if (c.signature && (c.signature.signer || c.signature.detail)) {
      meta(dl, 'Signature', [c.signature.signer, c.signature.detail].filter(Boolean).join(': '));
    }
    a.appendChild(dl);

    if (problems.length) {
      var pu = el('ul', 'commit-problems');
      problems.forEach(function (p) { pu.appendChild(el('li', null, p)); });
      a.appendChild(pu);
    }
    if (c.approvals && c.approvals.length) a.appendChild(decisions('Approvals', c.approvals));
    if (c.rejections && c.rejections.length) a.appendChild(decisions('Rejections', c.rejections));
    if (c.body) a.appendChild(el('pre', 'body', c.body));
    if (c.plan) {
      var pd = el('details', 'plan-details');
      pd.open = true;
      pd.appendChild(el('summary', null, 'Plan: +' + (c.plan.create || 0) + ' ~' + (c.plan.update || 0) + ' -' + (c.plan.drop || 0)
        + (c.plan.replace ? ' -/+' + c.plan.replace : '') + ' (' + c.plan.path + ')'));
      if (c.plan.changes && c.plan.changes.length) pd.appendChild(planTable(c.plan));
      else pd.appendChild(el('p', null, 'No changes.'));
      (c.plan.warnings || []).forEach(function (w) { pd.appendChild(el('p', 'warning', 'Warning: ' + w)); });
      a.appendChild(pd);
    }
    if (c.journal) {
      var jd = el('details', 'journal-details');
      jd.open = c.journal.outcome !== 'succeeded';
      jd.appendChild(el('summary', null, 'Journal: ' + (c.journal.outcome || '?') + ' (' + c.journal.path + ')'));
      if (c.journal.failure) jd.appendChild(el('p', 'outcome-failed', c.journal.failure));
      meta(jd.appendChild(el('dl', 'meta')), 'Started', c.journal.started);
      meta(jd.lastChild, 'Finished', c.journal.finished);
      if (c.journal.statements && c.journal.statements.length) jd.appendChild(journalTable(c.journal));
      a.appendChild(jd);
    }
    if (c.trailers) {
      var td = el('details', 'trailers');
      td.appendChild(el('summary', null, 'Trailers'));
      var tdl = el('dl', 'meta');
      Object.keys(c.trailers).forEach(function (k) { meta(tdl, k, c.trailers[k]); });
      td.appendChild(tdl);
      a.appendChild(td);
    }
    return a;
  }

  // ---- chart --------------------------------------------------------------------------------------------------
  var PROVIDER_COLORS = ['#2456a6', '#29a0b1', '#7b52ab', '#d9822b', '#5f8f3e', '#b84a62', '#6b7280'];
  var SAFETY_COLORS = { safe: '#1d7a3a', unsafe: '#d9822b', destructive: '#b3261e' };

  function weekOf(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return null;
    var day = (d.getUTCDay() + 6) % 7; // Monday = 0
    var m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
    return m.toISOString().substring(0, 10);
  }

  function chart(host, list, keyOf, colorOf, what) {
    while (host.firstChild) host.removeChild(host.firstChild);
    var weeks = {}, keys = {};
    list.forEach(function (c) {
      if (!c.plan || !c.plan.changes) return;
      var w = weekOf(c.date);
      if (!w) return;
      c.plan.changes.forEach(function (ch) {
        var k = keyOf(c, ch) || 'unknown';
        keys[k] = true;
        var m = weeks[w] || (weeks[w] = {});
        m[k] = (m[k] || 0) + 1;
      });
    });
    var weekList = Object.keys(weeks).sort();
    var keyList = Object.keys(keys).sort();
    host.setAttribute('data-weeks', String(weekList.length));
    if (!weekList.length) { host.appendChild(el('p', 'hint', 'No plan changes match the filters.')); return; }
    var max = 1;
    weekList.forEach(function (w) {
      var t = 0; keyList.forEach(function (k) { t += weeks[w][k] || 0; }); if (t > max) max = t;
    });
    var W = 960, H = 220, left = 44, bottom = 28, top = 10;
    var plotW = W - left - 10, plotH = H - bottom - top;
    var step = plotW / weekList.length, bar = Math.max(1, Math.min(40, step * 0.8));
    var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Changes per week by ' + what });
    s.appendChild(svg('line', { x1: left, y1: top + plotH, x2: W - 10, y2: top + plotH, stroke: '#8a94a6' }));
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plotH - f * plotH;
      var t = svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6473' });
      t.textContent = String(Math.round(max * f));
      s.appendChild(t);
    });
    var labelEvery = Math.max(1, Math.ceil(weekList.length / 8));
    weekList.forEach(function (w, i) {
      var x = left + i * step + (step - bar) / 2, y = top + plotH;
      keyList.forEach(function (k) {
        var n = weeks[w][k] || 0;
        if (!n) return;
        var hgt = n / max * plotH;
        y -= hgt;
        var r = svg('rect', { x: x.toFixed(2), y: y.toFixed(2), width: bar.toFixed(2), height: hgt.toFixed(2), fill: colorOf(k) });
        r.setAttribute('data-week', w); r.setAttribute('data-key', k); r.setAttribute('data-count', String(n));
        var title = svg('title'); title.textContent = 'week of ' + w + ': ' + n + ' ' + k; r.appendChild(title);
        s.appendChild(r);
      });
      if (i % labelEvery === 0) {
        var t = svg('text', { x: (left + i * step + step / 2).toFixed(2), y: H - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#5b6473' });
        t.textContent = w;
        s.appendChild(t);
      }
    });
    host.appendChild(s);
    var legend = el('div', 'legend');
    keyList.forEach(function (k) {
      var item = el('span');
      var sw = svg('svg', { width: 12, height: 12, 'aria-hidden': 'true', 'class': 'swatch' });
      sw.appendChild(svg('rect', { width: 12, height: 12, fill: colorOf(k) }));
      item.appendChild(sw);
      item.appendChild(document.createTextNode(' ' + k));
      legend.appendChild(item);
    });
    host.appendChild(legend);
  }

  var providerColor = {};
  function colorForProvider(k) {
    if (!providerColor[k]) providerColor[k] = PROVIDER_COLORS[Object.keys(providerColor).length % PROVIDER_COLORS.length];
    return providerColor[k];
  }

  // ---- page ---------------------------------------------------------------------------------------------------
  var list = document.getElementById('commits');
  var count = document.getElementById('count');

  function pager(host, pages) {
    while (host.firstChild) host.removeChild(host.firstChild);
    if (pages <= 1) return;
    var prev = el('button', null, '‹ Newer'); prev.type = 'button'; prev.disabled = state.page <= 1;
    prev.addEventListener('click', function () { state.page -= 1; writeHash(); });
    var next = el('button', null, 'Older ›'); next.type = 'button'; next.disabled = state.page >= pages;
    next.addEventListener('click', function () { state.page += 1; writeHash(); });
    host.appendChild(prev);
    host.appendChild(el('span', null, 'page ' + state.page + ' of ' + pages));
    host.appendChild(next);
  }

  function render() {
    syncControls();
    var shown = newestFirst.filter(matches);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    if (state.page > pages) state.page = pages;
    var from = (state.page - 1) * PAGE_SIZE;
    var page = shown.slice(from, from + PAGE_SIZE);
    while (list.firstChild) list.removeChild(list.firstChild);
    var frag = document.createDocumentFragment();
    page.forEach(function (c) { frag.appendChild(commitView(c)); });
    list.appendChild(frag);
    count.textContent = shown.length === 0 ? 'No commit matches the filters (' + all.length + ' in the report).'
      : 'Commits ' + (from + 1) + '–' + (from + page.length) + ' of ' + shown.length + ' matching ('
        + all.length + ' in the report), newest first.';
    body.setAttribute('data-matching', String(shown.length));
    body.setAttribute('data-shown', String(page.length));
    body.setAttribute('data-page', String(state.page));
    pager(document.getElementById('pager-top'), pages);
    pager(document.getElementById('pager-bottom'), pages);
    chart(document.getElementById('chart-provider'), shown, function (c) { return c.provider; }, colorForProvider, 'provider');
    chart(document.getElementById('chart-safety'), shown, function (c, ch) { return ch.safety; },
      function (k) { return SAFETY_COLORS[k] || '#6b7280'; }, 'safety');
  }

  fillOptions();
  [fStack, fPerson, fFrom, fTo, fApplied].forEach(function (c) { c.addEventListener('change', onFilterChange); });
  document.getElementById('f-clear').addEventListener('click', function () {
    state = { stack: '', person: '', from: '', to: '', applied: false, page: 1 };
    writeHash();
  });
  window.addEventListener('hashchange', function () { readHash(); render(); });
  readHash();
  render();
  body.setAttribute('data-total', String(all.length));
  body.setAttribute('data-ready', '1');
})();
