// desk.js - the saywho desk: ingest, read, fix and browse attributions over the public API.
// Text from the API only ever goes into the page as text (textContent, createTextNode).
'use strict';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'saywho.token';
const PAGE = 25;            // statements per page in lists
const PALETTE = 8;          // speaker colours, .sp-0 … .sp-7 in desk.css

// ---- talking to the API -------------------------------------------------------------

/** An answer the API refused: its problem+json, or what we could make of it. */
class Problem extends Error {
  constructor(status, title, detail, headers) {
    super(`${title}: ${detail}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.headers = headers;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** fetch() with the token on writes; resolves to {body, etag, headers} or throws a Problem. */
async function api(path, { method = 'GET', body, type = 'application/json', ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    if (token()) headers.Authorization = `Bearer ${token()}`;
    if (ifMatch) headers['If-Match'] = ifMatch;
    if (body !== undefined) headers['Content-Type'] = type;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, cache: 'no-cache' });
  } catch (err) {
    throw new Problem(0, 'Network error', `the server could not be reached (${err.message})`);
  }
  if (!res.ok) throw await problemOf(res);
  const text = res.status === 204 ? '' : await res.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Problem(res.status, 'Unreadable answer', `${path} did not answer JSON`);
    }
  }
  return { body: parsed, etag: res.headers.get('ETag'), headers: res.headers, status: res.status };
}

async function problemOf(res) {
  let title = `${res.status} ${res.statusText}`.trim();
  let detail = '';
  try {
    const doc = await res.json();
    if (doc && typeof doc === 'object') {
      title = doc.title || title;
      detail = doc.detail || '';
    }
  } catch {
    detail = 'the answer was not problem+json';
  }
  return new Problem(res.status, title, detail, res.headers);
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- messages -----------------------------------------------------------------------

function showProblem(err) {
  const p = err instanceof Problem ? err : new Problem(0, 'Error', String(err && err.message || err));
  $('problem-title').textContent = p.title;
  $('problem-detail').textContent = p.detail;
  $('problem').hidden = false;
}

function clearProblem() {
  $('problem').hidden = true;
}

let noticeTimer = 0;
function notice(text) {
  const el = $('notice');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.hidden = true; }, 8000);
}

/** Runs an async action; its problem, if any, is shown. */
function guarded(fn) {
  return (...args) => fn(...args).catch(showProblem);
}

// ---- small DOM helpers --------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** text's code points [start, end) as a string (API offsets count code points). */
function slice(cps, start, end) {
  return cps.slice(start, end).join('');
}

/** A text node for plain text, with quotations set off in .quote spans. */
function withQuotes(text) {
  const frag = document.createDocumentFragment();
  const re = /“[^”]*”|"[^"]*"/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    frag.append(el('span', { class: 'quote', text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

/** text with its [start, end] code-point ranges wrapped in <mark>. */
function withHighlights(text, ranges) {
  if (!Array.isArray(ranges) || ranges.length === 0) return document.createTextNode(text);
  const cps = Array.from(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(at, Number(r[0]) || 0);
    const e = Math.min(cps.length, Number(r[1]) || 0);
    if (e <= s) continue;
    if (s > at) frag.append(slice(cps, at, s));
    frag.append(el('mark', { text: slice(cps, s, e) }));
    at = e;
  }
  if (at < cps.length) frag.append(slice(cps, at, cps.length));
  return frag;
}

function speakerClass(speaker) {
  return speaker ? `sp-${(speaker.id - 1) % PALETTE}` : 'narration';
}

function describe(st) {
  const a = st.attribution;
  if (!st.speaker) return a && a.method === 'manual' ? 'narration (marked by hand)' : 'narration';
  const conf = a && typeof a.confidence === 'number' ? a.confidence.toFixed(2) : '?';
  return `${st.speaker.name} · ${a ? a.method : '?'} · confidence ${conf}${a && a.cue ? ` · “${a.cue}”` : ''}`;
}

// ---- access -------------------------------------------------------------------------

function applyAccess() {
  const writable = token() !== '';
  document.body.classList.toggle('writable', writable);
  for (const c of document.querySelectorAll('.needs-token')) c.disabled = !writable;
  $('mode').textContent = writable ? 'token set: edits enabled' : 'read-only';
  $('token').value = '';
  $('token').placeholder = writable ? '(kept for this tab)' : '';
}

// ---- speakers (for the pickers) -----------------------------------------------------

let speakersCache = null;
async function allSpeakers(fresh = false) {
  if (speakersCache && !fresh) return speakersCache;
  const out = [];
  let path = '/speakers?limit=500';
  for (let pages = 0; path && pages < 20; pages++) {
    const { body } = await api(path);
    out.push(...body.items);
    path = body.next_cursor ? `/speakers?limit=500&cursor=${encodeURIComponent(body.next_cursor)}` : null;
  }
  speakersCache = out;
  return out;
}

// ---- router -------------------------------------------------------------------------

const views = ['ingest', 'article', 'browse', 'speaker'];

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const [path, qs = ''] = h.split('?');
  const parts = path.split('/').filter(Boolean);
  return { parts, params: new URLSearchParams(qs) };
}

function showView(name) {
  for (const v of views) $(`view-${v}`).hidden = v !== name;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

let routeSerial = 0;
async function route() {
  const serial = ++routeSerial;
  const { parts, params } = parseHash();
  clearProblem();
  try {
    if (parts[0] === 'article' && parts[1]) {
      showView('article');
      await openArticle(parts[1], serial);
    } else if (parts[0] === 'browse') {
      showView('browse');
      await openBrowse(params, serial);
    } else if (parts[0] === 'speaker' && parts[1]) {
      showView('speaker');
      await openSpeaker(decodeURIComponent(parts[1]), serial);
    } else {
      showView('ingest');
      await openIngest(serial);
    }
  } catch (err) {
    showProblem(err);
  }
  if (serial === routeSerial) {
    const h = document.querySelector('.view:not([hidden]) h1');
    if (h) h.focus({ preventScroll: true });
    document.body.dataset.view = (views.find((v) => !$(`view-${v}`).hidden)) || '';
    document.body.dataset.ready = String(serial);
  }
}

// ---- ingest -------------------------------------------------------------------------

async function openIngest(serial) {
  const { body } = await api('/articles?limit=20');
  if (serial !== routeSerial) return;
  const list = $('recent');
  list.replaceChildren();
  for (const a of body.items) {
    const label = a.title || `${a.source || 'unknown source'}, ${a.published_at || 'undated'}`;
    list.append(el('li', {},
      el('a', { href: `#/article/${a.id}`, text: label }),
      ` (${a.statement_count} statements)`));
  }
  if (body.items.length === 0) list.append(el('li', { text: 'No articles yet.' }));
}

function contentTypeOf(name, text) {
  if (/\.json$/i.test(name)) return 'application/json';
  if (/\.txt$/i.test(name)) return 'text/plain';
  return text.trimStart().startsWith('{') ? 'application/json' : 'text/plain';
}

/** Posts each {name, text}; logs every outcome; opens the article when there is one. */
async function ingest(items) {
  const box = $('ingest-progress'), bar = $('ingest-bar'), log = $('ingest-log');
  box.hidden = false;
  log.replaceChildren();
  bar.max = items.length;
  bar.value = 0;
  let opened = null;
  for (let i = 0; i < items.length; i++) {
    const { name, text } = items[i];
    $('ingest-count').textContent = `Storing ${i + 1} of ${items.length}: ${name}`;
    const line = el('li', { text: `${name}: storing…` });
    log.append(line);
    try {
      const { body, status } = await api('/articles', { method: 'POST', body: text, type: contentTypeOf(name, text) });
      line.textContent = '';
      line.className = 'ok';
      line.append(`${name}: ${status === 201 ? 'stored' : 'already stored'} as `,
        el('a', { href: `#/article/${body.id}`, text: `article ${body.id}` }),
        ` (${body.statement_count} statements)`);
      opened = { id: body.id, duplicate: status === 200 };
    } catch (err) {
      const p = err instanceof Problem ? err : new Problem(0, 'Error', String(err));
      line.className = 'failed';
      line.textContent = `${name}: ${p.title}: ${p.detail}`;
      showProblem(p);
    }
    bar.value = i + 1;
  }
  $('ingest-count').textContent = `Done: ${items.length} of ${items.length}`;
  if (items.length === 1 && opened) {
    if (opened.duplicate) notice('This article was already stored: here is the stored one.');
    location.hash = `#/article/${opened.id}`;
  }
}

async function readFiles(fileList) {
  const files = [...fileList].filter((f) => /\.(txt|json)$/i.test(f.name));
  if (files.length < fileList.length) notice('Only .txt and .json files are taken; the others were left out.');
  const items = [];
  for (const f of files) items.push({ name: f.name, text: await f.text() });
  if (items.length) await ingest(items);
}

function setUpIngest() {
  $('paste-form').addEventListener('submit', guarded(async (ev) => {
    ev.preventDefault();
    const text = $('paste').value;
    if (!text.trim()) throw new Problem(0, 'Nothing to store', 'paste an article first');
    await ingest([{ name: 'pasted text', text }]);
  }));
  $('files').addEventListener('change', guarded(async (ev) => {
    await readFiles(ev.target.files);
    ev.target.value = '';
  }));
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', guarded(async (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    if (!token()) throw new Problem(0, 'Read-only', 'enter an API token to store articles');
    await readFiles(ev.dataTransfer.files);
  }));
}

// ---- article view -------------------------------------------------------------------

const art = { id: null, article: null, selected: null };

async function openArticle(id, serial, keepSelection = false) {
  const { body } = await api(`/articles/${encodeURIComponent(id)}`);
  if (serial !== undefined && serial !== routeSerial) return;
  const same = art.article && art.article.id === body.id;
  art.id = body.id;
  art.article = body;
  renderArticle(body);
  if (!(keepSelection && same && art.selected)) {
    art.selected = null;
    $('panel').hidden = true;
  } else {
    markSelected(art.selected.id);
  }
}

function renderArticle(a) {
  $('article-h').textContent = a.title || `${a.source || 'Unknown source'}, ${a.published_at || 'undated'}`;
  $('article-meta').textContent = [a.source, a.published_at, a.byline, a.credit,
    `${a.statement_count} statements`].filter(Boolean).join(' · ');
  const cps = Array.from(a.body);
  const statements = [...a.statements].sort((x, y) => x.start - y.start);
  const sections = new Set(a.sections || []);
  const out = document.createDocumentFragment();
  let lineStart = 0, k = 0;
  while (lineStart <= cps.length) {
    let lineEnd = cps.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = cps.length;
    const line = slice(cps, lineStart, lineEnd);
    while (k < statements.length && statements[k].end <= lineStart) k++;
    const covered = k < statements.length && statements[k].start < lineEnd;
    if (!covered && sections.has(line.trim())) {
      out.append(el('h2', { text: line.trim() }));
    } else if (line.trim() !== '') {
      const p = el('p');
      let at = lineStart;
      while (k < statements.length && statements[k].start < lineEnd) {
        const st = statements[k];
        const s = Math.max(st.start, at);
        if (s > at) p.append(slice(cps, at, s));
        const e = Math.min(st.end, lineEnd);
        p.append(statementSpan(st, slice(cps, s, e)));
        at = e;
        if (st.end > lineEnd) break;
        k++;
      }
      if (at < lineEnd) p.append(slice(cps, at, lineEnd));
      out.append(p);
    }
    lineStart = lineEnd + 1;
  }
  $('article-body').replaceChildren(out);
  renderArticleSpeakers(a);
}

function statementSpan(st, text) {
  const tip = describe(st);
  const span = el('span', {
    class: `st ${speakerClass(st.speaker)}`, tabIndex: 0, role: 'button', title: tip,
    'data-tip': tip, 'data-id': st.id, 'data-speaker': st.speaker ? st.speaker.slug : '',
    'aria-pressed': 'false', 'aria-description': tip,
  }, withQuotes(text));
  return span;
}

function renderArticleSpeakers(a) {
  const counts = new Map();
  for (const st of a.statements) {
    const key = st.speaker ? st.speaker.slug : '';
    const c = counts.get(key) || { speaker: st.speaker, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  const rows = [...counts.values()].sort((x, y) => y.n - x.n);
  const list = $('article-speakers');
  list.replaceChildren();
  for (const { speaker, n } of rows) {
    const name = speaker
      ? el('a', { href: `#/speaker/${encodeURIComponent(speaker.slug)}`, text: speaker.name })
      : el('span', { text: 'Narration (no speaker)' });
    list.append(el('li', { 'data-speaker': speaker ? speaker.slug : '' },
      el('span', {}, el('span', { class: `swatch ${speakerClass(speaker)}`, 'aria-hidden': 'true' }), name),
      el('span', { class: 'count', text: String(n), 'aria-label': `${n} statements` })));
  }
}

function markSelected(id) {
  for (const s of $('article-body').querySelectorAll('.st')) {
    s.setAttribute('aria-pressed', String(s.dataset.id === String(id)));
  }
}

/** Opens the panel on statement id; its ETag is the version later edits must match. */
async function selectStatement(id) {
  const { body, etag } = await api(`/statements/${id}`);
  art.selected = { id: body.id, etag, statement: body };
  markSelected(body.id);
  renderPanel(body);
  $('panel').hidden = false;
  $('history').hidden = true;
  $('show-history').setAttribute('aria-expanded', 'false');
  $('panel-h').focus();
  await renderChoices();
}

function renderPanel(st) {
  $('panel-h').textContent = `Statement ${st.seq + 1}${st.section ? ` · ${st.section}` : ''}`;
  $('panel-text').replaceChildren(withQuotes(st.text));
  const a = st.attribution || {};
  const rows = [
    ['Speaker', st.speaker ? st.speaker.name : 'narration'],
    ['Method', a.method || '—'],
    ['Confidence', typeof a.confidence === 'number' ? a.confidence.toFixed(2) : '—'],
    ['Cue', a.cue || '—'],
    ['Evidence', a.evidence || '—'],
  ];
  $('panel-attr').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

async function renderChoices() {
  const filter = $('speaker-filter').value.trim().toLowerCase();
  const speakers = await allSpeakers();
  const list = $('speaker-choices');
  list.replaceChildren();
  const current = art.selected && art.selected.statement.speaker;
  for (const sp of speakers) {
    const hay = [sp.name, sp.slug, ...(sp.aliases || [])].join('\n').toLowerCase();
    if (filter && !hay.includes(filter)) continue;
    const b = el('button', { type: 'button', class: 'needs-token', 'data-slug': sp.slug },
      sp.name, ' ', el('small', { text: current && current.id === sp.id ? '(current)' : `(${sp.slug})` }));
    b.disabled = !token();
    b.addEventListener('click', guarded(() => attribute(sp)));
    list.append(el('li', {}, b));
  }
  if (!list.children.length) list.append(el('li', { text: 'No speaker matches.' }));
}

/** A write on the selected statement, conditional on the version the panel shows. */
async function editSelected(method, body, done) {
  const sel = art.selected;
  try {
    const res = await api(`/statements/${sel.id}/speaker`, {
      method, body: body === undefined ? undefined : JSON.stringify(body), ifMatch: sel.etag,
    });
    art.selected = { id: res.body.id, etag: res.etag, statement: res.body };
    await openArticle(art.id, undefined, true);
    renderPanel(res.body);
    await renderChoices();
    notice(done);
  } catch (err) {
    if (err instanceof Problem && err.status === 412) {
      showProblem(new Problem(412, err.title,
        `${err.detail} — someone changed this statement since you opened it; it has been reloaded, nothing was changed`));
      await openArticle(art.id, undefined, true);
      const fresh = await api(`/statements/${sel.id}`);
      art.selected = { id: fresh.body.id, etag: fresh.etag, statement: fresh.body };
      renderPanel(fresh.body);
      await renderChoices();
      return;
    }
    throw err;
  }
}

function attribute(sp) {
  return editSelected('PUT', { speaker: sp.slug }, `Attributed to ${sp.name}.`);
}

/** "2026-12-02T06:19:01.006096Z" as "2026-12-02 06:19:01 UTC". */
function shortTime(ts) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(ts || '');
  return m ? `${m[1]} ${m[2]} UTC` : String(ts);
}

async function toggleHistory() {
  const box = $('history');
  if (!box.hidden) {
    box.hidden = true;
    $('show-history').setAttribute('aria-expanded', 'false');
    return;
  }
  const { body } = await api(`/statements/${art.selected.id}/history`);
  const rows = body.items.map((h) => el('tr', {},
    el('td', {}, el('time', { dateTime: h.changed_at, title: h.changed_at, text: shortTime(h.changed_at) })),
    el('td', { text: h.changed_by }),
    el('td', { text: h.speaker ? h.speaker.name : 'narration' }), el('td', { text: h.method || '—' }),
    el('td', { text: h.cue || '—' }),
    el('td', { text: typeof h.confidence === 'number' ? h.confidence.toFixed(2) : '—' })));
  $('history-rows').replaceChildren(...rows);
  box.hidden = false;
  $('show-history').setAttribute('aria-expanded', 'true');
}

async function rerun(what) {
  const { body } = await api(`/articles/${art.id}/extract`, { method: 'POST' });
  art.article = body;
  renderArticle(body);
  if (art.selected) markSelected(art.selected.id);
  notice(`${what}Extraction ran again: ${body.statement_count} statements; decisions taken by hand stay.`);
}

function setUpArticle() {
  const body = $('article-body');
  const pick = (ev) => {
    const span = ev.target.closest('.st');
    if (span) guarded(selectStatement)(span.dataset.id);
  };
  body.addEventListener('click', pick);
  body.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      if (ev.target.closest('.st')) ev.preventDefault();
      pick(ev);
    }
  });
  $('speaker-filter').addEventListener('input', guarded(renderChoices));
  $('speaker-filter').addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      const first = $('speaker-choices').querySelector('button');
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });
  $('speaker-choices').addEventListener('keydown', (ev) => {
    const items = [...$('speaker-choices').querySelectorAll('button')];
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown' && i + 1 < items.length) { ev.preventDefault(); items[i + 1].focus(); }
    if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? items[i - 1] : $('speaker-filter')).focus(); }
  });
  $('mark-narration').addEventListener('click', guarded(() =>
    editSelected('DELETE', undefined, 'Marked as narration.')));
  $('show-history').addEventListener('click', guarded(toggleHistory));
  $('rerun').addEventListener('click', guarded(() => rerun('')));
  $('add-speaker').addEventListener('submit', guarded(async (ev) => {
    ev.preventDefault();
    const name = $('new-name').value.trim();
    const aliases = $('new-aliases').value.split(',').map((s) => s.trim()).filter(Boolean);
    const title = $('new-title').value.trim();
    const doc = { name, aliases };
    if (title) doc.title = title;
    const { body } = await api('/speakers', { method: 'POST', body: JSON.stringify(doc) });
    speakersCache = null;
    $('add-speaker').reset();
    await rerun(`Added ${body.name} (${body.slug}). `);
    if (art.selected) await renderChoices();
  }));
}

// ---- statement lists (browse, speaker page) -----------------------------------------

/** An endless list over a keyset-paged endpoint: a page per scroll to the end. */
class Feed {
  constructor(listEl, moreEl, endEl) {
    this.list = listEl;
    this.more = moreEl;
    this.end = endEl;
    this.next = null;
    this.busy = false;
    this.generation = 0;
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.load().catch(showProblem);
    });
    this.observer.observe(moreEl);
    moreEl.addEventListener('click', () => this.load().catch(showProblem));
  }

  async start(path) {
    this.generation++;
    this.list.replaceChildren();
    this.next = path;
    this.more.hidden = true;
    this.end.hidden = true;
    this.busy = false;
    await this.load();
  }

  async load() {
    if (this.busy || !this.next) return;
    this.busy = true;
    const gen = this.generation;
    try {
      const { body, headers } = await api(this.next);
      if (gen !== this.generation) return;
      for (const item of body.items) this.list.append(statementItem(item));
      this.next = nextPage(this.next, body, headers);
      if (!body.items.length && !this.list.children.length) this.list.append(el('li', { text: 'Nothing matches.' }));
    } finally {
      if (gen === this.generation) {
        this.busy = false;
        this.more.hidden = !this.next;
        this.end.hidden = !!this.next;
      }
    }
  }
}

/** The next page's path: the Link rel="next" header, else next_cursor on the same path. */
function nextPage(path, body, headers) {
  const link = headers.get('Link');
  const m = link && link.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  if (m) return m[1];
  if (!body.next_cursor) return null;
  const u = new URL(path, location.origin);
  u.searchParams.set('cursor', body.next_cursor);
  return u.pathname + u.search;
}

function statementItem(st) {
  const who = st.speaker
    ? el('a', { class: 'who', href: `#/speaker/${encodeURIComponent(st.speaker.slug)}`, text: st.speaker.name })
    : el('span', { class: 'who', text: 'Narration' });
  const where = el('span', { class: 'where' },
    ` · ${st.published_at || 'undated'} · `,
    el('a', { href: `#/article/${st.article_id}`, text: `article ${st.article_id}` }),
    st.section ? ` · ${st.section}` : '',
    st.attribution ? ` · ${st.attribution.method}${st.attribution.cue ? `, “${st.attribution.cue}”` : ''}` : '');
  const li = el('li', { 'data-id': st.id }, who, where, el('br'), withHighlights(st.text, st.highlight));
  if (typeof st.rank === 'number') li.dataset.rank = String(st.rank);
  return li;
}

// ---- browse -------------------------------------------------------------------------

let browseFeed = null;
const FILTERS = ['q', 'speaker', 'from', 'to', 'section', 'cue'];

async function fillSpeakerSelect() {
  const select = $('f-speaker');
  if (select.dataset.filled) return;
  const speakers = await allSpeakers();
  for (const sp of speakers) select.append(el('option', { value: sp.slug, text: sp.name }));
  select.dataset.filled = '1';
}

async function openBrowse(params, serial) {
  await fillSpeakerSelect();
  if (serial !== routeSerial) return;
  const filters = {};
  for (const f of FILTERS) {
    filters[f] = params.get(f) || '';
    $(`f-${f}`).value = filters[f];
  }
  const qs = query(filters);
  $('export-csv').href = `/statements${query({ ...filters, format: 'csv' })}`;
  $('export-ndjson').href = `/statements${query({ ...filters, format: 'ndjson' })}`;
  await browseFeed.start(`/statements${query({ ...filters, limit: PAGE })}`);
  document.body.dataset.browse = qs;
}

/** Downloads an export, or shows why the server would not make it. */
async function download(ev) {
  ev.preventDefault();
  const a = ev.currentTarget;
  let res;
  try {
    res = await fetch(a.href, { cache: 'no-cache' });
  } catch (err) {
    throw new Problem(0, 'Network error', `the export could not be fetched (${err.message})`);
  }
  if (!res.ok) throw await problemOf(res);
  const url = URL.createObjectURL(await res.blob());
  const save = el('a', { href: url, download: a.getAttribute('download') });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  notice(`Exported ${a.textContent}.`);
}

function setUpBrowse() {
  browseFeed = new Feed($('browse-list'), $('browse-more'), $('browse-end'));
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const filters = {};
    for (const f of FILTERS) filters[f] = $(`f-${f}`).value.trim();
    const target = `#/browse${query(filters)}`;
    if (location.hash === target) route();
    else location.hash = target;
  });
  for (const id of ['export-csv', 'export-ndjson']) $(id).addEventListener('click', guarded(download));
}

// ---- speaker page -------------------------------------------------------------------

let speakerFeed = null;

async function openSpeaker(ref, serial) {
  const { body: sp } = await api(`/speakers/${encodeURIComponent(ref)}`);
  if (serial !== routeSerial) return;
  $('speaker-h').textContent = sp.name;
  const aliases = (sp.aliases || []).join(', ');
  $('speaker-meta').textContent = [sp.title, sp.country, `${sp.statement_count} statements`,
    aliases && `also: ${aliases}`].filter(Boolean).join(' · ');
  const statements = speakerFeed.start(`/speakers/${encodeURIComponent(sp.slug)}/statements${query({ limit: PAGE })}`);
  await Promise.all([statements, renderStats(sp.slug, serial)]);
}

/** [[label, count]] from a stats field (an array of objects, or an object of counts), in the
 * server's order; a null label (undated, outside any section, no cue) becomes nullLabel. */
function pairs(value, labelKeys, nullLabel) {
  if (!value) return [];
  if (Array.isArray(value)) {
    return value.map((row) => {
      let label = null;
      for (const k of labelKeys) {
        const v = row[k];
        if (v !== undefined) { label = v && typeof v === 'object' ? v.name || v.slug : v; break; }
      }
      const n = row.count ?? row.statements ?? row.statement_count ?? row.n ?? 0;
      return [label === null || label === undefined ? nullLabel : String(label), Number(n) || 0];
    });
  }
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, Number(v) || 0]);
  return [];
}

async function renderStats(slug, serial) {
  const box = $('speaker-stats'), problem = $('stats-problem');
  try {
    const { body } = await api(`/speakers/${encodeURIComponent(slug)}/stats`);
    if (serial !== routeSerial) return;
    box.hidden = false;
    problem.hidden = true;
    const months = pairs(body.by_month, ['month'], 'undated');
    $('chart-month').replaceChildren(columnChart(months, 'chart-month-h'));
    const sections = pairs(body.by_section, ['section'], '(no section)');
    $('chart-section').replaceChildren(barChart(sections, 'chart-section-h'));
    const cues = pairs(body.by_cue, ['cue'], '(no cue)');
    $('stats-cues').replaceChildren(...cues.map(([c, n]) => el('li', { text: `${c}: ${n}` })));
    const co = pairs(body.co_mentioned, ['name', 'slug'], '?');
    $('stats-co').replaceChildren(...co.map(([c, n]) => el('li', { text: `${c}: ${n}` })));
    if (!co.length) $('stats-co').append(el('li', { text: 'nobody' }));
  } catch (err) {
    if (!(err instanceof Problem)) throw err;
    box.hidden = true;
    problem.textContent = `Statistics are not available: ${err.title}: ${err.detail}`;
    problem.hidden = false;
  }
}

/** Vertical bars, one per [label, count], in an SVG with a text alternative. */
function columnChart(data, labelledBy) {
  const h = 220, pad = { l: 36, r: 8, t: 12, b: 42 };
  // Bars at most 56 wide: one month is a bar, not a wall.
  const w = Math.max(240, Math.min(560, pad.l + pad.r + 56 * data.length));
  const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', 'aria-labelledby': labelledBy });
  root.append(svg('title'));
  root.firstChild.textContent = data.map(([l, n]) => `${l}: ${n}`).join(', ') || 'no statements';
  const max = Math.max(1, ...data.map((d) => d[1]));
  const bw = data.length ? (w - pad.l - pad.r) / data.length : 0;
  root.append(svg('line', { class: 'axis', x1: pad.l, y1: h - pad.b, x2: w - pad.r, y2: h - pad.b }));
  for (const v of [0, max]) {
    const t = svg('text', { x: pad.l - 4, y: h - pad.b - (v / max) * (h - pad.t - pad.b) + 4, 'text-anchor': 'end' });
    t.textContent = String(v);
    root.append(t);
  }
  data.forEach(([label, n], i) => {
    const bh = (n / max) * (h - pad.t - pad.b);
    const x = pad.l + i * bw;
    const r = svg('rect', { class: 'bar', x: x + bw * 0.1, y: h - pad.b - bh, width: Math.max(1, bw * 0.8), height: bh });
    const tip = svg('title');
    tip.textContent = `${label}: ${n}`;
    r.append(tip);
    root.append(r);
    const t = svg('text', { x: x + bw / 2, y: h - pad.b + 14, 'text-anchor': 'middle' });
    t.textContent = label;
    root.append(t);
  });
  return root;
}

/** Horizontal bars, one row per [label, count]. */
function barChart(data, labelledBy) {
  const row = 22, w = 560, lw = 200, h = Math.max(1, data.length) * row + 8;
  const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', 'aria-labelledby': labelledBy });
  root.append(svg('title'));
  root.firstChild.textContent = data.map(([l, n]) => `${l}: ${n}`).join(', ') || 'no statements';
  const max = Math.max(1, ...data.map((d) => d[1]));
  data.forEach(([label, n], i) => {
    const y = 4 + i * row;
    const t = svg('text', { x: lw - 6, y: y + 15, 'text-anchor': 'end' });
    t.textContent = label.length > 30 ? `${label.slice(0, 29)}…` : label;
    const bw = (n / max) * (w - lw - 40);
    const r = svg('rect', { class: 'bar', x: lw, y: y + 3, width: Math.max(1, bw), height: row - 6 });
    const c = svg('text', { x: lw + bw + 4, y: y + 15 });
    c.textContent = String(n);
    root.append(t, r, c);
  });
  return root;
}

// ---- start --------------------------------------------------------------------------

function setUpToken() {
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token').value.trim();
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    applyAccess();
    notice(t ? 'Token kept for this tab: edits are enabled.' : 'No token entered.');
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    applyAccess();
    notice('Token forgotten: read-only.');
  });
  $('problem-close').addEventListener('click', clearProblem);
}

setUpToken();
setUpIngest();
setUpArticle();
setUpBrowse();
speakerFeed = new Feed($('speaker-list'), $('speaker-more'), $('speaker-end'));
applyAccess();
window.addEventListener('hashchange', route);
route();
