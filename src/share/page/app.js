// gavel: the attendee page and the projector page (issue 18).
// Vanilla JS, no build step. All text from the host is untrusted: it reaches the page only
// through textContent / createTextNode.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const show = (el, on) => { el.hidden = !on; };

  // ---- storage ---------------------------------------------------------------------------
  const mem = {};
  // Kept per link: last week's meeting on the same host and port never gets this week's
  // pending commands, device or name.
  const scope = 'gavel:' + location.pathname.replace(/^.*\/join\//, '').replace(/\/+$/, '') + ':';
  const load = (key) => { const k = scope + key; try { const v = localStorage.getItem(k); return v === null ? mem[k] ?? null : v; } catch { return mem[k] ?? null; } };
  const save = (key, v) => {
    const k = scope + key;
    if (v === null || v === undefined) delete mem[k]; else mem[k] = String(v);
    try { if (v === null || v === undefined) localStorage.removeItem(k); else localStorage.setItem(k, String(v)); } catch { /* private mode */ }
  };

  function deviceId() {
    let d = load('gavel-device');
    if (!/^[0-9a-f]{32}$/.test(d || '')) {
      const b = new Uint8Array(16);
      crypto.getRandomValues(b);
      d = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      save('gavel-device', d);
    }
    return d;
  }
  const DEVICE = deviceId();
  const storedSeq = () => { const n = parseInt(load('gavel-seq') || '0', 10); return Number.isFinite(n) && n > 0 ? n : 0; };
  let pending = [];
  try { const p = JSON.parse(load('gavel-pending') || '[]'); if (Array.isArray(p)) pending = p.filter((c) => c && Number.isInteger(c.seq) && c.event && typeof c.event === 'object'); } catch { pending = []; }
  const savePending = () => save('gavel-pending', pending.length ? JSON.stringify(pending) : null);
  let me = load('gavel-name') || '';
  const setMe = (n) => { me = n; save('gavel-name', n || null); if (!n) save('gavel-since', null); };

  // ---- small helpers -----------------------------------------------------------------------
  function el(tag, cls, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(typeof k === 'string' ? document.createTextNode(k) : k);
    return e;
  }
  const clear = (e) => { while (e.firstChild) e.removeChild(e.firstChild); };
  const str = (v) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  const same = (a, b) => !!a && !!b && str(a).trim().toLowerCase() === str(b).trim().toLowerCase();
  const two = (n) => String(n).padStart(2, '0');
  const hhmm = (d) => two(d.getHours()) + ':' + two(d.getMinutes());
  function mss(s) {
    s = Math.max(0, Math.floor(s || 0));
    return Math.floor(s / 60) + ':' + two(s % 60);
  }
  const mins = (s) => (s % 60 === 0 ? s / 60 + ' min' : mss(s) + ' min');
  const KINDS = { topic: 'new topic', reply: 'reply', clarify: 'clarifying question', order: 'point of order' };

  // ---- elements ----------------------------------------------------------------------------
  const E = {};
  ['offline', 'top', 'title', 'date', 'status', 'alert', 'pending', 'main', 'notice', 'attendee', 'checkin', 'name-filter',
    'name-list', 'name-hint', 'checkin-button', 'guest-box', 'guest-name', 'guest-affiliation', 'guest-button', 'me-box', 'me',
    'leave-button', 'hand-box', 'hand', 'hand-kind', 'hand-topic', 'hand-button', 'lower-button', 'place', 'board',
    'now', 'phase', 'current-title', 'current-presenter', 'clock', 'clock-state', 'progress', 'speaker', 'queue',
    'queue-empty', 'notes', 'notes-list', 'agenda', 'people-box', 'people-count', 'people', 'projector', 'qr',
    'join-link', 'vote-box', 'vote-motion', 'vote-mine', 'vote-yes', 'vote-no', 'vote-abstain'].forEach((id) => { E[id] = $(id); });

  // ---- announcements -----------------------------------------------------------------------
  function say(text) {
    E.status.textContent = text;
  }
  function alertText(text) {
    E.alert.textContent = text ? str(text) : '';
  }

  // ---- connection --------------------------------------------------------------------------
  const token = location.pathname.replace(/^.*\/join\//, '').replace(/\/+$/, '');
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/' + token;
  let ws = null;
  let ready = false; // welcomed on the current socket
  let stopped = false;
  let everOnline = false;
  let tries = 0;
  let retryTimer = null;
  let pingTimer = null;
  let heard = 0;
  let role = null;
  let view = null;
  let viewAt = 0;
  let joinAcked = false; // a check-in or leave was acked and no view has followed yet

  function send(obj) {
    if (!ws || ws.readyState !== 1) return false;
    try { ws.send(JSON.stringify(obj)); return true; } catch { return false; }
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped || ws) return;
    let s;
    try { s = new WebSocket(wsUrl); } catch { lost(null); return; }
    ws = s;
    ready = false;
    heard = Date.now();
    const opening = setTimeout(() => { if (ws === s && s.readyState !== 1) lost(s); }, 8000);
    s.onopen = () => {
      clearTimeout(opening);
      if (ws !== s) return;
      heard = Date.now();
      send({ type: 'hello', v: 1, participant: DEVICE, name: me, since: 0, view: true });
    };
    s.onmessage = (e) => { if (ws === s) { heard = Date.now(); receive(e.data); } };
    s.onclose = () => { clearTimeout(opening); if (ws === s) lost(s); };
    s.onerror = () => { /* a close follows */ };
  }

  function lost(s) {
    if (s) { s.onopen = s.onmessage = s.onclose = s.onerror = null; try { s.close(); } catch { /* already closed */ } }
    if (ws === s) ws = null;
    ready = false;
    clearInterval(pingTimer);
    if (stopped) return;
    online(false);
    tries += 1;
    retryTimer = setTimeout(connect, tries === 1 ? 300 : tries === 2 ? 1000 : 2000);
  }

  function stop(message, asCode) {
    stopped = true;
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    if (ws) { const s = ws; ws = null; s.onopen = s.onmessage = s.onclose = s.onerror = null; try { s.close(); } catch { /* closed */ } }
    show(E.offline, false);
    show(E.attendee, false);
    show(E.board, false);
    show(E.projector, false);
    show(E.pending, false);
    clear(E.notice);
    if (asCode) E.notice.append('This link is for ', el('code', null, 'gavel join'), ' in a terminal.');
    else E.notice.textContent = message;
    show(E.notice, true);
    say(E.notice.textContent);
    document.body.classList.remove('viewer');
  }

  function online(on) {
    show(E.offline, !on && (everOnline || tries > 0));
    document.body.classList.toggle('is-offline', !on);
    if (on) say('Connected');
    else if (everOnline || tries > 0) say('Offline — reconnecting…');
    renderPending();
  }

  function ping() {
    if (!ws) return;
    if (Date.now() - heard > 45000) { lost(ws); return; }
    send({ type: 'ping' });
  }

  window.addEventListener('online', () => { if (!ws && !stopped) { tries = 0; connect(); } });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !stopped) { if (!ws) connect(); else ping(); }
  });

  // ---- messages from the host ------------------------------------------------------------
  function receive(data) {
    let m;
    try { m = JSON.parse(data); } catch { return; }
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'welcome': welcome(m); break;
      case 'view': if (ready) { view = m; viewAt = performance.now(); joinAcked = false; render(); ticker(); } break;
      case 'ack': settle(m.seq, null); break;
      case 'refused': settle(m.seq, str(m.reason) || 'Refused.'); break;
      case 'error':
        if (m.fatal) stop('This link no longer works: ' + (str(m.reason) || 'the session has ended') + '.');
        else alertText(m.reason);
        break;
      default: break; // pong, and messages for terminal participants
    }
  }

  function welcome(m) {
    role = str(m.role);
    if (role !== 'attendee' && role !== 'viewer') {
      stop('', true);
      return;
    }
    ready = true;
    everOnline = true;
    tries = 0;
    const last = Number(m.last_seq) || 0;
    if (storedSeq() < last) save('gavel-seq', last);
    pending = pending.filter((c) => c.seq > last);
    savePending();
    setRole();
    online(true);
    if (role === 'attendee') for (const c of pending) send({ type: 'command', seq: c.seq, event: c.event });
    clearInterval(pingTimer);
    pingTimer = setInterval(ping, 15000);
  }

  let roleSet = false;
  function setRole() {
    if (roleSet) return;
    roleSet = true;
    show(E.notice, false);
    if (role === 'viewer') {
      document.body.classList.add('viewer');
      E.projector.prepend(E.top);
      E.projector.append(E.board);
      show(E.projector, true);
      show(E['people-box'], false);
      keepAwake();
    } else {
      show(E.attendee, true);
    }
    show(E.board, true);
  }

  // A projector should not dim while it shows the meeting (where the browser allows it).
  function keepAwake() {
    const ask = () => {
      if (document.visibilityState === 'visible' && navigator.wakeLock) navigator.wakeLock.request('screen').catch(() => {});
    };
    ask();
    document.addEventListener('visibilitychange', ask);
  }

  // ---- commands ----------------------------------------------------------------------------
  const isCheckin = (ev) => ev.type === 'guest' || (ev.type === 'attendance' && ev.status === 'present');
  const isLeave = (ev) => ev.type === 'attendance' && ev.status === 'left';
  const evName = (ev) => (ev.type === 'attendance' ? str(ev.names && ev.names[0]) : str(ev.name));

  function command(event) {
    if (role !== 'attendee') return;
    event = Object.assign({ at: new Date().toISOString() }, event);
    const seq = storedSeq() + 1;
    save('gavel-seq', seq);
    pending.push({ seq, event, claim: claiming(event) });
    savePending();
    alertText('');
    if (ready) send({ type: 'command', seq, event });
    else say('Offline — will send when reconnected');
    render();
  }

  function describe(ev) {
    const n = evName(ev);
    if (isCheckin(ev)) return 'check in as ' + n;
    if (isLeave(ev)) return 'leave the meeting';
    if (ev.type === 'queue') return 'raise your hand';
    if (ev.type === 'unqueue') return 'lower your hand';
    if (ev.type === 'ballot') return 'vote ' + str(ev.choice);
    return ev.type;
  }

  function settle(seq, reason) {
    const i = pending.findIndex((c) => c.seq === seq);
    const c = i >= 0 ? pending.splice(i, 1)[0] : null;
    savePending();
    if (!c) { if (reason) alertText(reason); return; }
    const ev = c.event;
    if (reason !== null) {
      alertText('Could not ' + describe(ev) + ': ' + reason);
      say('Could not ' + describe(ev));
      if (isCheckin(ev) && same(evName(ev), me)) setMe('');
    } else {
      if (isCheckin(ev)) {
        joinAcked = true;
        save('gavel-since', hhmm(new Date()));
        say('You are checked in as ' + evName(ev));
      } else if (isLeave(ev)) {
        joinAcked = true;
        setMe('');
        say('You have left the meeting');
      } else if (ev.type === 'queue') say('Your hand is raised');
      else if (ev.type === 'unqueue') say('Your hand is lowered');
      else if (ev.type === 'ballot') say('Your vote is recorded: ' + str(ev.choice));
    }
    render();
  }

  // ---- state derived from the view -------------------------------------------------------
  const people = () => (view && Array.isArray(view.people) ? view.people : []);
  const items = () => (view && Array.isArray(view.items) ? view.items : []);
  const queue = () => (view && Array.isArray(view.queue) ? view.queue : []);
  const person = (n) => people().find((p) => same(p.name, n));
  const pendingOf = (test) => pending.find((c) => test(c.event));

  // A check-in as someone already present (the chair ticked them) is a claim: it waits for
  // the chair to confirm that this page is theirs, and the host answers only then.
  const claiming = (ev) => isCheckin(ev) && ev.type === 'attendance' && !!(person(evName(ev)) || {}).present;

  // 'out' | 'joining' | 'claiming' | 'in' | 'leaving'
  function presence() {
    if (pendingOf(isLeave)) return 'leaving';
    if (!me) return 'out';
    const mine = pendingOf((ev) => isCheckin(ev) && same(evName(ev), me));
    if (mine) return mine.claim ? 'claiming' : 'joining';
    const p = person(me);
    if ((p && p.present) || joinAcked) return 'in';
    return 'out';
  }

  // ---- rendering -------------------------------------------------------------------------
  function render() {
    if (!view || stopped) return;
    const title = str(view.title) || 'Meeting';
    E.title.textContent = title;
    document.title = title + ' — gavel';
    let date = str(view.date);
    const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(date + 'T12:00:00') : null;
    if (d && !isNaN(d)) date = d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    E.date.textContent = date;
    renderNow();
    renderFloor();
    renderNotes();
    renderAgenda();
    if (role === 'viewer') renderProjector();
    else {
      const had = document.activeElement;
      renderPeople();
      renderYou();
      renderVote();
      if (had && had !== document.body && E.attendee.contains(had) && had.closest('[hidden]')) {
        const to = [E['name-filter'], E['lower-button'], E['hand-kind'], E.place, E.me, E['leave-button']].find((x) => !x.closest('[hidden]'));
        if (to) to.focus();
      }
    }
    renderPending();
  }

  // A recorded vote the chair opened to the room: shown to a voting member checked in here.
  function renderVote() {
    const v = view && view.vote;
    const voters = v && Array.isArray(v.voters) ? v.voters : [];
    const mayVote = !!v && presence() === 'in' && voters.some((n) => same(n, me));
    show(E['vote-box'], mayVote);
    if (!mayVote) return;
    E['vote-motion'].textContent = str(v.motion);
    const cast = (Array.isArray(v.ballots) ? v.ballots : []).find((b) => Array.isArray(b) && same(b[0], me));
    const waiting = pendingOf((ev) => ev.type === 'ballot');
    E['vote-mine'].textContent = waiting ? 'Sending your vote: ' + str(waiting.event.choice)
      : cast ? 'Your vote: ' + str(cast[1]) + ' (you can change it until the chair closes the vote)'
        : 'You have not voted yet.';
  }

  function renderNow() {
    const phase = str(view.phase);
    const list = items();
    const cur = Number.isInteger(view.current) ? list[view.current] : null;
    let phaseText = '';
    if (phase === 'not_started') phaseText = 'The meeting has not started yet.';
    else if (phase === 'ended') phaseText = 'The meeting has ended.';
    else if (view.paused) phaseText = 'Paused';
    E.phase.textContent = phaseText;
    show(E.phase, !!phaseText);
    E.now.classList.toggle('paused', !!view.paused && phase === 'running');
    E['current-title'].textContent = cur ? str(cur.title) : phase === 'running' ? 'Between items' : '';
    show(E['current-title'], !!(cur || phase === 'running'));
    E['current-presenter'].textContent = cur && cur.presenter ? 'Presented by ' + str(cur.presenter) : '';
    show(E['current-presenter'], !!(cur && cur.presenter));
    show(E.clock, !!cur);
    show(E['clock-state'], !!cur);
    E.progress.textContent = list.length ? (cur ? 'Item ' + (view.current + 1) + ' of ' + list.length : list.length + (list.length === 1 ? ' item' : ' items') + ' on the agenda') : '';
    tick();
  }

  // Ticks on the view's own second boundaries, so the clock never lags by up to a second.
  let tickTimer = null;
  function ticker() {
    clearTimeout(tickTimer);
    tick();
    tickTimer = setTimeout(ticker, 1000 - ((performance.now() - viewAt) % 1000) + 15);
  }

  let clockKey = '';
  function tick() {
    if (!view) return;
    const cur = Number.isInteger(view.current) ? items()[view.current] : null;
    if (!cur) return;
    const running = view.phase === 'running' && view.clock_running && !view.paused;
    const used = Math.max(0, Math.floor((Number(cur.used) || 0) + (running ? (performance.now() - viewAt) / 1000 : 0)));
    const box = Number(cur.timebox) || 0;
    const over = box > 0 && used > box;
    const key = used + '|' + box + '|' + running + '|' + view.paused;
    if (key === clockKey) return;
    clockKey = key;
    clear(E.clock);
    E.clock.append(el('span', 'used', mss(used)), box ? el('span', 'box', ' of ' + mins(box)) : null);
    E.clock.classList.toggle('over', over);
    E.now.classList.toggle('over', over);
    E.clock.classList.toggle('near', !over && box > 0 && used >= box * 0.8);
    let state = '';
    if (view.paused && view.phase === 'running') state = 'Paused';
    else if (over) state = mss(used - box) + ' over time';
    else if (box) state = mss(box - used) + ' left';
    E['clock-state'].textContent = state;
    E['clock-state'].classList.toggle('over', over);
  }

  function renderFloor() {
    const sp = view.speaker && typeof view.speaker === 'object' ? view.speaker : null;
    clear(E.speaker);
    if (sp) {
      E.speaker.append(el('span', 'eyebrow', 'Speaking '), el('strong', null, str(sp.name)));
      if (sp.topic) E.speaker.append(el('span', 'muted', ' — ' + str(sp.topic)));
      E.speaker.classList.toggle('mine', role === 'attendee' && same(sp.name, me));
    } else {
      E.speaker.append(el('span', 'muted', 'No one has the floor.'));
      E.speaker.classList.remove('mine');
    }
    clear(E.queue);
    for (const q of queue()) {
      const mine = role === 'attendee' && same(q.name, me);
      const kind = KINDS[q.kind] ? q.kind : 'topic';
      const li = el('li', mine ? 'mine' : null, el('strong', null, str(q.name)));
      if (mine) li.append(el('span', 'you', ' (you)'));
      li.append(' ', el('span', 'kind k-' + kind, KINDS[kind]));
      if (q.topic) li.append(el('span', 'topic', ' ' + str(q.topic)));
      E.queue.append(li);
    }
    show(E['queue-empty'], queue().length === 0);
  }

  function renderNotes() {
    const notes = Array.isArray(view.notes) ? view.notes : null;
    show(E.notes, !!notes);
    document.body.classList.toggle('has-notes', !!notes);
    clear(E['notes-list']);
    if (!notes) return;
    for (const n of notes) {
      const labels = { note: 'Note', outcome: 'Outcome', action: 'Action', motion: 'Motion' };
      const kind = Object.hasOwn(labels, n.kind) ? n.kind : 'note';
      E['notes-list'].append(el('li', 'n-' + kind,
        el('span', 'time', str(n.time)), ' ', el('span', 'kind', labels[kind]), ' ',
        el('span', 'text', str(n.text))));
    }
    if (!notes.length) E['notes-list'].append(el('li', 'muted', 'No notes yet.'));
  }

  const MARKS = { done: '✓', running: '▶', deferred: '↷', pending: '' };
  function renderAgenda() {
    clear(E.agenda);
    items().forEach((it, i) => {
      const isCur = i === view.current;
      const st = isCur ? 'running' : MARKS[it.status] !== undefined ? it.status : 'pending';
      const li = el('li', (isCur ? 'current ' : '') + 's-' + st);
      if (isCur) li.setAttribute('aria-current', 'step');
      const mark = el('span', 'mark', MARKS[st] || String(i + 1));
      mark.setAttribute('aria-hidden', 'true');
      const sr = el('span', 'sr', st === 'done' ? 'Done: ' : isCur ? 'Current: ' : st === 'deferred' ? 'Deferred: ' : '');
      const box = Number(it.timebox) || 0;
      let meta = box ? mins(box) : '';
      if (st === 'done' && Number(it.used)) meta = mss(it.used) + (box ? ' of ' + mins(box) : '');
      if (st === 'deferred') meta = 'deferred';
      const body = el('span', 'item', sr, el('span', 't', str(it.title)));
      if (it.presenter) body.append(el('span', 'who', str(it.presenter)));
      li.append(mark, body, el('span', 'meta', meta));
      E.agenda.append(li);
    });
    if (!items().length) E.agenda.append(el('li', 'muted', 'No agenda items.'));
  }

  function renderPeople() {
    const list = people();
    const here = list.filter((p) => p.present).length;
    E['people-count'].textContent = list.length ? here + ' of ' + list.length + ' here' : 'No one on the roster yet.';
    clear(E.people);
    for (const p of list) {
      const li = el('li', p.present ? 'here' : 'away', el('span', 'name', str(p.name)));
      if (p.affiliation) li.append(el('span', 'muted', ' · ' + str(p.affiliation)));
      if (p.guest) li.append(el('span', 'tag', ' guest'));
      li.append(el('span', 'sr', p.present ? ', here' : ', not here'));
      E.people.append(li);
    }
  }

  let rosterKey = null;
  function renderRoster() {
    const f = E['name-filter'].value.trim().toLowerCase();
    const list = people().filter((p) => !f || str(p.name).toLowerCase().includes(f) || str(p.affiliation).toLowerCase().includes(f));
    const key = f + '\n' + list.map((p) => str(p.name) + (p.present ? '+' : '-')).join('\n');
    if (key === rosterKey) return;
    rosterKey = key;
    const sel = E['name-list'];
    const was = sel.value || me;
    clear(sel);
    const away = el('optgroup');
    away.label = 'Not checked in';
    const here = el('optgroup');
    here.label = 'Already here';
    for (const p of list) {
      const o = el('option', p.present ? 'here' : null, str(p.name));
      o.value = str(p.name);
      if (p.affiliation) o.title = str(p.affiliation);
      (p.present ? here : away).append(o);
    }
    if (away.children.length) sel.append(away);
    if (here.children.length) sel.append(here);
    const opts = Array.from(sel.options);
    const keep = opts.find((o) => same(o.value, was));
    if (keep) keep.selected = true;
    else if (opts.length === 1) opts[0].selected = true;
    else sel.selectedIndex = -1;
    sel.disabled = opts.length === 0;
    E['checkin-button'].disabled = opts.length === 0;
    E['name-hint'].textContent = !people().length ? 'There is no roster yet: check in as a guest.'
      : !opts.length ? 'No name matches. Clear the filter, or check in as a guest.'
        : 'People already here are listed under “Already here”: picking one asks the chair to confirm it is you.';
  }

  function renderYou() {
    const state = presence();
    const ended = view.phase === 'ended';
    show(E.checkin, state === 'out' && !ended);
    if (state === 'out') renderRoster();
    show(E['me-box'], state !== 'out');
    clear(E.me);
    if (state === 'joining') E.me.append('Checking you in as ', el('strong', null, me), '…');
    else if (state === 'claiming') E.me.append('The chair marked ', el('strong', null, me), ' present: waiting for the chair to confirm that this is you…');
    else if (state === 'leaving') E.me.append('Leaving the meeting…');
    else if (state === 'in') {
      const since = load('gavel-since');
      const p = person(me);
      E.me.append('You are checked in as ', el('strong', null, p ? str(p.name) : me), since ? ' since ' + since : '');
    }
    if (state === 'out' && ended) E.me.textContent = '';
    E['leave-button'].disabled = state !== 'in' || ended;
    show(E['leave-button'], state === 'in' && !ended);

    const inside = state === 'in' || state === 'joining';
    show(E['hand-box'], inside && !ended);
    const qi = queue().findIndex((q) => same(q.name, me));
    const sp = view.speaker && same(view.speaker.name, me);
    const raising = pendingOf((ev) => ev.type === 'queue');
    const lowering = pendingOf((ev) => ev.type === 'unqueue');
    let place = '';
    if (sp) place = 'You have the floor';
    else if (lowering) place = 'Lowering your hand…';
    else if (qi >= 0) place = 'You are number ' + (qi + 1) + ' in the queue';
    else if (raising) place = 'Raising your hand…';
    E.place.textContent = place;
    E.place.classList.toggle('floor', !!sp);
    show(E.place, !!place);
    if (place !== lastPlace && (sp || qi >= 0) && !raising) say(place);
    // The floor or the queue moved on: what the status said of it is no longer true.
    else if (place !== lastPlace && lastPlace && E.status.textContent === lastPlace) say(place);
    lastPlace = place;
    show(E['lower-button'], qi >= 0 && !lowering);
    show(E.hand, !sp && qi < 0 && !raising);
  }
  let lastPlace = '';

  function renderProjector() {
    const qr = str(view.qr);
    if (qr && qr.startsWith('/') && !qr.startsWith('//')) {
      // Shown once the image is there (the load handler below): never an empty white box.
      if (E.qr.getAttribute('src') !== qr) {
        show(E.qr, false);
        E.qr.setAttribute('src', qr);
      } else show(E.qr, E.qr.complete && E.qr.naturalWidth > 0);
    } else show(E.qr, false);
    E['join-link'].textContent = str(view.attendee_link);
    show($('join'), !!(qr || view.attendee_link));
    // Keep the current item in sight when the agenda is longer than its box.
    const box = $('agenda-box');
    const cur = E.agenda.querySelector('.current');
    if (cur && box.scrollHeight > box.clientHeight) box.scrollTop = Math.max(0, cur.offsetTop - box.clientHeight / 3);
  }

  function renderPending() {
    if (role !== 'attendee' || stopped) { show(E.pending, false); return; }
    const list = pending.map((c) => describe(c.event) + (c.claim ? ' (waits for the chair)' : ''));
    if (!list.length) { show(E.pending, false); return; }
    E.pending.textContent = (ready ? 'Sending: ' : 'Waiting to send when back online: ') + list.join('; ');
    show(E.pending, true);
  }

  E.qr.addEventListener('load', () => show(E.qr, !!E.qr.getAttribute('src') && E.qr.naturalWidth > 0));
  E.qr.addEventListener('error', () => show(E.qr, false));

  // ---- user actions ------------------------------------------------------------------------
  E['name-filter'].addEventListener('input', () => renderRoster());
  E['name-filter'].addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && E['name-list'].options.length) {
      e.preventDefault();
      E['name-list'].focus();
      if (E['name-list'].selectedIndex < 0) E['name-list'].selectedIndex = 0;
    }
  });
  E['name-list'].addEventListener('dblclick', () => checkInRoster());
  E['name-list'].addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); checkInRoster(); } });

  E.checkin.addEventListener('submit', (e) => {
    e.preventDefault();
    if (e.submitter === E['guest-button']) checkInGuest();
    else checkInRoster();
  });
  for (const id of ['guest-name', 'guest-affiliation']) {
    E[id].addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); checkInGuest(); } });
  }

  function checkInRoster() {
    const name = E['name-list'].value;
    if (!name) {
      alertText('Pick your name from the list first, or check in as a guest.');
      E['name-list'].focus();
      return;
    }
    setMe(name);
    command({ type: 'attendance', names: [name], status: 'present' });
    E.me.focus();
  }

  function checkInGuest() {
    const name = E['guest-name'].value.trim().replace(/\s+/g, ' ');
    const aff = E['guest-affiliation'].value.trim().replace(/\s+/g, ' ');
    if (!name) {
      alertText('Type your name to check in as a guest.');
      E['guest-name'].focus();
      return;
    }
    const known = person(name);
    if (known) {
      setMe(str(known.name));
      command({ type: 'attendance', names: [str(known.name)], status: 'present' });
    } else {
      setMe(name);
      command({ type: 'guest', name, affiliation: aff || null });
    }
    E['guest-name'].value = '';
    E['guest-affiliation'].value = '';
    E.me.focus();
  }

  E['leave-button'].addEventListener('click', () => {
    if (!me) return;
    command({ type: 'attendance', names: [me], status: 'left' });
    E.me.focus();
  });

  E.hand.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!me) return;
    const kind = KINDS[E['hand-kind'].value] ? E['hand-kind'].value : 'topic';
    const topic = E['hand-topic'].value.trim().replace(/\s+/g, ' ');
    command({ type: 'queue', name: me, kind, topic: topic || null });
    E['hand-topic'].value = '';
    E.place.focus();
  });

  for (const choice of ['yes', 'no', 'abstain']) {
    E['vote-' + choice].addEventListener('click', () => {
      if (!me) return;
      command({ type: 'ballot', name: me, choice });
      E['vote-mine'].focus();
    });
  }

  E['lower-button'].addEventListener('click', () => {
    if (!me) return;
    command({ type: 'unqueue', name: me });
    E.place.focus();
  });

  // ---- start -------------------------------------------------------------------------------
  if (!token || !/^[A-Za-z0-9_~.%-]+$/.test(token)) stop('This page must be opened from a gavel link.');
  else connect();
})();
