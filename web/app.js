// SPDX-License-Identifier: Apache-2.0
// The search page of `vnsearch serve`. Plain DOM, no framework. Everything that comes from the
// index (titles, snippets, sources, facet values) is inserted with textContent or as text nodes,
// never as HTML: a title like <img src=x onerror=...> must show as those characters.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 180;
  const FACETS_SHOWN = 6;  // values per facet before "Xem thêm"
  const MAX_PAGE_LINKS = 7;

  // The facet fields the page asks for, how each is labelled, and how a value becomes a filter of
  // the query language. One value per field, except tags, which narrow further when stacked; year
  // and month are one date filter (a group): choosing one drops the other. Months ("2020-10", the
  // filter's spelling) show as Vietnamese write them, 10/2020.
  const FACETS = [
    { field: 'source', label: 'Nguồn', clause: (v) => `source:"${v}"` },
    { field: 'year', label: 'Năm', clause: (v) => `date:${v}`, group: 'date' },
    {
      field: 'month', label: 'Tháng', clause: (v) => `date:${v}`, group: 'date',
      show: (v) => (/^\d{4}-\d{2}$/.test(v) ? `${v.slice(5)}/${v.slice(0, 4)}` : v),
    },
    { field: 'category', label: 'Chuyên mục', clause: (v) => `category:"${v}"` },
    { field: 'tag', label: 'Chủ đề', clause: (v) => `tag:"${v}"`, multiple: true },
    { field: 'author', label: 'Tác giả', clause: (v) => `author:"${v}"` },
  ];
  const FACET_BY_FIELD = new Map(FACETS.map((f) => [f.field, f]));
  const groupOf = (field) => FACET_BY_FIELD.get(field).group ?? field;
  const shown = (field, value) => (FACET_BY_FIELD.get(field).show ?? String)(value);

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $('search-form'), q: $('q'), sort: $('sort'), toolbar: $('toolbar'), status: $('status'),
    progress: $('progress'), activeFilters: $('active-filters'), chips: $('chips'),
    clearFilters: $('clear-filters'), facets: $('facets'), filtersToggle: $('filters-toggle'),
    interpreted: $('interpreted'), suggestion: $('suggestion'), partial: $('partial'), message: $('message'), results: $('results'),
    pager: $('pager'), welcome: $('welcome'), brand: $('brand'),
  };

  const numberFormat = new Intl.NumberFormat('vi-VN');
  const expandedFacets = new Set();  // fields whose whole list is shown

  // --- state <-> URL -------------------------------------------------------------------------

  // state: { q, sort: 'relevance'|'date', page: 1-based, filters: [{field, value}] }
  function stateFromUrl(search) {
    const p = new URLSearchParams(search);
    const filters = [];
    for (const f of FACETS) {
      const values = p.getAll(f.field).map(cleanValue).filter((v) => v !== '');
      if (!f.multiple && filters.some((x) => groupOf(x.field) === groupOf(f.field))) continue;
      for (const v of f.multiple ? unique(values) : values.slice(0, 1)) filters.push({ field: f.field, value: v });
    }
    const page = Number.parseInt(p.get('page') || '1', 10);
    return {
      q: p.get('q') || '',
      sort: p.get('sort') === 'date' ? 'date' : 'relevance',
      page: Number.isFinite(page) && page >= 1 ? Math.min(page, 1000) : 1,
      filters,
    };
  }

  function urlFromState(s) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const f of s.filters) p.append(f.field, f.value);
    if (s.sort !== 'relevance') p.set('sort', s.sort);
    if (s.page > 1) p.set('page', String(s.page));
    const query = p.toString();
    return query ? `/?${query}` : '/';
  }

  function unique(values) { return [...new Set(values)]; }

  // A filter value goes between double quotes in the query; the query language has no escape,
  // and the index folds punctuation in filter values anyway, so a quote becomes a space.
  function cleanValue(v) { return String(v).replace(/"/g, ' ').trim(); }

  function hasQuery(s) { return s.q.trim() !== '' || s.filters.length > 0; }

  // The text sent to the engine: what the user typed, then one clause per active filter.
  function engineQuery(s) {
    const clauses = s.filters.map((f) => FACET_BY_FIELD.get(f.field).clause(f.value));
    return [s.q.trim(), ...clauses].filter((x) => x !== '').join(' ');
  }

  let state = stateFromUrl(location.search);
  let typingEntry = false;  // the current history entry was made by typing (replace, not push)

  // Moves to `next`: a new history entry, or (while the user types) the same one rewritten, so
  // that Back goes to the previous search and not to every prefix of the word being typed.
  function navigate(next, { typing = false } = {}) {
    const url = urlFromState(next);
    if (typing && typingEntry) history.replaceState(null, '', url);
    else if (url !== location.pathname + location.search) history.pushState(null, '', url);
    typingEntry = typing;
    state = next;
    if (!typing) window.scrollTo({ top: 0 });  // a new list of hits starts at its top
    render();
  }

  // --- highlights: UTF-8 byte offsets -> string pieces ---------------------------------------

  // The engine marks matches as [start, end) byte offsets into the UTF-8 text. JavaScript strings
  // count UTF-16 code units, so map every code point boundary from bytes to units.
  function byteToIndex(text) {
    const map = new Map();
    let bytes = 0;
    let units = 0;
    for (const ch of text) {
      map.set(bytes, units);
      const cp = ch.codePointAt(0);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      units += ch.length;
    }
    map.set(bytes, units);
    return map;
  }

  // Appends `text` to `parent`, the highlighted ranges wrapped in <mark>. Ranges that do not fall
  // on character boundaries, overlap or run backwards are ignored rather than trusted.
  function appendHighlighted(parent, text, ranges) {
    const map = byteToIndex(text);
    const pieces = [];
    for (const range of Array.isArray(ranges) ? ranges : []) {
      const start = Array.isArray(range) ? map.get(range[0]) : undefined;
      const end = Array.isArray(range) ? map.get(range[1]) : undefined;
      const previous = pieces[pieces.length - 1];
      if (start === undefined || end === undefined || end <= start) continue;
      if (previous && start < previous.end) continue;
      // The syllables of one word ("Hà", "Nội") come as separate ranges: mark them as one.
      if (previous && /^\s*$/.test(text.slice(previous.end, start))) previous.end = end;
      else pieces.push({ start, end });
    }
    let at = 0;
    for (const { start, end } of pieces) {
      if (start > at) parent.append(text.slice(at, start));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, end);
      parent.append(mark);
      at = end;
    }
    if (at < text.length) parent.append(text.slice(at));
  }

  // --- fetching ------------------------------------------------------------------------------

  let controller = null;
  let latestRequest = 0;
  let debounceTimer = 0;
  let facetsSupported = true;

  async function fetchResults(s) {
    if (controller) controller.abort();
    controller = new AbortController();
    const request = ++latestRequest;
    const params = new URLSearchParams({
      q: engineQuery(s), limit: String(PAGE_SIZE), offset: String((s.page - 1) * PAGE_SIZE),
      sort: s.sort,
    });
    if (facetsSupported) params.set('facets', FACETS.map((f) => f.field).join(','));
    setLoading(true);
    try {
      const response = await fetch(`/api/search?${params}`, {
        signal: controller.signal, headers: { Accept: 'application/json' },
      });
      const body = await response.json().catch(() => null);
      if (request !== latestRequest) return;  // a newer search was started meanwhile
      if (response.status === 400 && facetsSupported && /"facets"/.test(errorDetail(body))) {
        // A server without facets: search without them from now on.
        facetsSupported = false;
        fetchResults(s);
        return;
      }
      if (!response.ok || !body || !Array.isArray(body.hits)) throw new Error(errorText(response, body));
      showResults(s, body);
    } catch (err) {
      if (err.name === 'AbortError' || request !== latestRequest) return;
      showError(err.message || 'Không kết nối được máy chủ.');
    } finally {
      if (request === latestRequest) setLoading(false);
    }
  }

  // The server's errors are {"error": {"message": ..., "status": ...}}.
  function errorDetail(body) {
    const error = body && body.error;
    if (typeof error === 'string') return error;
    return error && typeof error.message === 'string' ? error.message : '';
  }

  function errorText(response, body) {
    const detail = errorDetail(body);
    if (response.status === 400 && detail) return `Câu tìm không hợp lệ: ${detail}`;
    if (response.status === 503) return 'Máy chủ đang bận, xin thử lại sau giây lát.';
    return `Máy chủ báo lỗi ${response.status}${detail ? `: ${detail}` : ''}.`;
  }

  function setLoading(on) {
    el.progress.hidden = !on;
    el.results.setAttribute('aria-busy', on ? 'true' : 'false');
    document.body.classList.toggle('is-loading', on);
    if (on && !el.results.hasChildNodes()) el.status.textContent = 'Đang tìm…';
  }

  // --- rendering -----------------------------------------------------------------------------

  // Shows `state`: the form always, then either the welcome text or a search.
  function render() {
    if (document.activeElement !== el.q && el.q.value !== state.q) el.q.value = state.q;
    el.sort.value = state.sort;
    renderChips();
    document.title = state.q ? `${state.q} – vnsearch` : 'vnsearch – Tìm kiếm bài viết';
    const searching = hasQuery(state);
    el.welcome.hidden = searching;
    el.toolbar.hidden = !searching;
    if (!searching) {
      if (controller) controller.abort();
      ++latestRequest;
      setLoading(false);
      clearResults();
      el.facets.hidden = true;
      el.status.textContent = '';
      return;
    }
    fetchResults(state);
  }

  function clearResults() {
    el.results.replaceChildren();
    el.pager.replaceChildren();
    el.pager.hidden = true;
    el.interpreted.hidden = true;
    el.suggestion.hidden = true;
    el.partial.hidden = true;
    el.message.hidden = true;
  }

  function showResults(s, body) {
    clearResults();
    const total = Number(body.total) || 0;
    const hits = body.hits;
    el.status.textContent = statusText(s, total, hits.length, body.took_ms);
    renderInterpreted(body.interpreted);
    renderSuggestion(body.suggestion);
    el.partial.hidden = !(body.partial && hits.length > 0);
    if (hits.length === 0) {
      showMessage(s.page > 1 && total > 0 ? 'Trang này không còn kết quả.' : 'Không tìm thấy bài viết nào.',
        s.filters.length > 0 ? 'Thử bỏ bớt bộ lọc, hoặc gõ từ khóa khác.'
          : 'Thử từ khóa khác, ít từ hơn, hoặc bỏ dấu ngoặc kép.');
    }
    for (const hit of hits) el.results.append(renderHit(hit));
    renderFacets(body.facets);
    renderPager(s, total);
  }

  function statusText(s, total, shown, tookMs) {
    if (shown === 0) return 'Không có kết quả';
    const from = (s.page - 1) * PAGE_SIZE + 1;
    const range = total > shown ? `${numberFormat.format(from)}–${numberFormat.format(from + shown - 1)} trong ` : '';
    const seconds = Number.isFinite(tookMs) ? ` (${numberFormat.format(Math.max(tookMs, 1) / 1000)} giây)` : '';
    return `${range}${numberFormat.format(Math.max(total, shown))} kết quả${seconds}`;
  }

  function showMessage(title, detail, kind = 'empty') {
    el.message.replaceChildren();
    el.message.className = `message message-${kind}`;
    const strong = document.createElement('p');
    strong.className = 'message-title';
    strong.textContent = title;
    el.message.append(strong);
    if (detail) {
      const p = document.createElement('p');
      p.textContent = detail;
      el.message.append(p);
    }
    el.message.hidden = false;
  }

  function showError(text) {
    clearResults();
    el.status.textContent = 'Lỗi khi tìm';
    showMessage('Không tìm được.', text, 'error');
  }

  function renderHit(hit) {
    const li = document.createElement('li');
    li.className = 'hit';
    const h2 = document.createElement('h2');
    h2.className = 'hit-title';
    const a = document.createElement('a');
    a.href = safeUrl(hit.url) || `/api/documents/${encodeURIComponent(hit.id)}`;
    a.className = 'hit-link';
    const title = String(hit.title || '');
    if (title) appendHighlighted(a, title, hit.title_highlights);
    else a.textContent = `(không có tiêu đề: ${hit.id})`;
    h2.append(a);
    li.append(h2);

    const meta = document.createElement('p');
    meta.className = 'hit-meta';
    const parts = [];
    if (hit.source) parts.push(textSpan('hit-source', hit.source));
    if (hit.date) parts.push(dateNode(hit.date));
    if (hit.author) parts.push(textSpan('hit-author', hit.author));
    parts.forEach((node, i) => {
      if (i > 0) meta.append(sep());
      meta.append(node);
    });
    if (parts.length) li.append(meta);

    const snippet = hit.snippet && typeof hit.snippet.text === 'string' ? hit.snippet : null;
    if (snippet && snippet.text) {
      const p = document.createElement('p');
      p.className = 'hit-snippet';
      appendHighlighted(p, snippet.text, snippet.highlights);
      li.append(p);
    }
    return li;
  }

  // Only web links are followed; anything else (javascript:, data:) is not a link.
  function safeUrl(url) {
    if (typeof url !== 'string' || url === '') return '';
    try {
      const parsed = new URL(url, location.href);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '';
    } catch {
      return '';
    }
  }

  function textSpan(className, text) {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = String(text);
    return span;
  }

  function sep() {
    const span = textSpan('sep', '·');
    span.setAttribute('aria-hidden', 'true');
    return span;
  }

  // "2021-05-17" -> <time datetime="2021-05-17">17/05/2021</time>
  function dateNode(date) {
    const time = document.createElement('time');
    time.className = 'hit-date';
    const text = String(date);
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (m) {
      time.dateTime = text;
      time.textContent = `${m[3]}/${m[2]}/${m[1]}`;
    } else {
      time.textContent = text;
    }
    return time;
  }

  // The engine proposes a spelling of the whole query it was sent, filter clauses included: keep
  // only the part the user typed (the filters stay chips). A suggestion that rewrote a clause
  // cannot be split safely, so it is not shown.
  function typedPartOf(suggestion, s) {
    let rest = ` ${suggestion} `;
    for (const f of s.filters) {
      const clause = ` ${FACET_BY_FIELD.get(f.field).clause(f.value)} `;
      const at = rest.lastIndexOf(clause);
      if (at < 0) return '';
      rest = `${rest.slice(0, at)} ${rest.slice(at + clause.length)}`;
    }
    return rest.replace(/\s+/g, ' ').trim();
  }

  // Words typed as Telex or VNI keystrokes ("Haf Nooij") were searched as what they spell.
  function renderInterpreted(interpreted) {
    el.interpreted.replaceChildren();
    if (typeof interpreted !== 'string' || !interpreted) {
      el.interpreted.hidden = true;
      return;
    }
    const strong = document.createElement('strong');
    strong.textContent = interpreted;
    el.interpreted.append('Đã tìm theo cách gõ Telex/VNI: ', strong);
    el.interpreted.hidden = false;
  }

  function renderSuggestion(suggestion) {
    el.suggestion.replaceChildren();
    const typed = typeof suggestion === 'string' && suggestion ? typedPartOf(suggestion, state) : '';
    if (!typed || typed === state.q.trim()) {
      el.suggestion.hidden = true;
      return;
    }
    const next = { ...state, q: typed, page: 1 };
    const a = link(urlFromState(next), typed, () => navigate(next));
    a.className = 'suggestion-link';
    el.suggestion.append('Có phải bạn muốn tìm: ', a, '?');
    el.suggestion.hidden = false;
  }

  // An <a> with a real href (it opens in a new tab, it can be copied) that, clicked plainly,
  // moves within the page instead of reloading it.
  function link(href, text, onClick) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    a.addEventListener('click', (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      onClick();
    });
    return a;
  }

  // --- facets and filters --------------------------------------------------------------------

  function facetEntries(counts) {
    if (!counts || typeof counts !== 'object') return [];
    // JSON objects keep the server's order, except that JavaScript lists integer-like keys
    // (years) first in numeric order: sort again by count, then by value.
    return Object.entries(counts)
      .filter(([, n]) => Number.isFinite(Number(n)) && Number(n) > 0)
      .sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0], 'vi'));
  }

  function isActive(field, value) {
    return state.filters.some((f) => f.field === field && f.value === value);
  }

  function toggleFilter(field, value) {
    const v = cleanValue(value);
    let filters;
    if (isActive(field, v)) {
      filters = state.filters.filter((f) => !(f.field === field && f.value === v));
    } else {
      const keep = FACET_BY_FIELD.get(field).multiple ? state.filters : state.filters.filter((f) => groupOf(f.field) !== groupOf(field));
      filters = [...keep, { field, value: v }];
    }
    setFiltersOpen(false);  // on a phone, show the narrowed hits rather than the lists
    navigate({ ...state, filters, page: 1 });
  }

  function setFiltersOpen(open) {
    el.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    document.body.classList.toggle('filters-open', open);
  }

  function renderFacets(facets) {
    el.facets.replaceChildren();
    let any = false;
    for (const facet of FACETS) {
      const entries = facetEntries(facets && facets[facet.field]);
      if (entries.length === 0) continue;
      any = true;
      el.facets.append(renderFacet(facet, entries));
    }
    el.facets.hidden = !any;
    el.filtersToggle.hidden = !any;
  }

  function renderFacet(facet, entries) {
    const section = document.createElement('section');
    section.className = 'facet';
    const headingId = `facet-${facet.field}`;
    const h2 = document.createElement('h2');
    h2.id = headingId;
    h2.textContent = facet.label;
    section.append(h2);
    const ul = document.createElement('ul');
    ul.setAttribute('aria-labelledby', headingId);
    const expanded = expandedFacets.has(facet.field);
    entries.forEach(([value, count], i) => {
      const active = isActive(facet.field, cleanValue(value));
      if (!expanded && !active && i >= FACETS_SHOWN) return;
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'facet-value';
      button.dataset.field = facet.field;
      button.dataset.value = value;
      button.setAttribute('aria-pressed', active ? 'true' : 'false');
      button.append(textSpan('facet-name', shown(facet.field, value)), textSpan('facet-count', numberFormat.format(Number(count))));
      button.addEventListener('click', () => toggleFilter(facet.field, value));
      li.append(button);
      ul.append(li);
    });
    section.append(ul);
    if (entries.length > FACETS_SHOWN) {
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'link-button facet-more';
      more.textContent = expanded ? 'Thu gọn' : `Xem thêm (${entries.length - FACETS_SHOWN})`;
      more.setAttribute('aria-expanded', expanded ? 'true' : 'false');
      more.addEventListener('click', () => {
        if (expanded) expandedFacets.delete(facet.field);
        else expandedFacets.add(facet.field);
        section.replaceWith(renderFacet(facet, entries));
      });
      section.append(more);
    }
    return section;
  }

  function renderChips() {
    el.chips.replaceChildren();
    for (const f of state.filters) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'chip';
      button.dataset.field = f.field;
      button.dataset.value = f.value;
      const label = FACET_BY_FIELD.get(f.field).label;
      const value = shown(f.field, f.value);
      button.setAttribute('aria-label', `Bỏ lọc ${label}: ${value}`);
      button.append(textSpan('chip-field', `${label}:`), textSpan('chip-value', value), textSpan('chip-x', '×'));
      button.addEventListener('click', () => toggleFilter(f.field, f.value));
      li.append(button);
      el.chips.append(li);
    }
    el.activeFilters.hidden = state.filters.length === 0;
  }

  // --- pagination ----------------------------------------------------------------------------

  function renderPager(s, total) {
    el.pager.replaceChildren();
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), 1000);
    if (pages <= 1 && s.page === 1) return;
    const last = Math.max(pages, s.page);
    const ul = document.createElement('ul');
    const add = (page, text, { current = false, rel = '', label = '' } = {}) => {
      const li = document.createElement('li');
      if (current) {
        const span = textSpan('page current', text);
        span.setAttribute('aria-current', 'page');
        li.append(span);
      } else {
        const next = { ...s, page };
        const a = link(urlFromState(next), text, () => navigate(next));
        a.className = 'page';
        if (rel) a.rel = rel;
        if (label) a.setAttribute('aria-label', label);
        li.append(a);
      }
      ul.append(li);
    };
    if (s.page > 1) add(s.page - 1, '‹ Trước', { rel: 'prev', label: 'Trang trước' });
    let from = Math.max(1, s.page - Math.floor(MAX_PAGE_LINKS / 2));
    const to = Math.min(last, from + MAX_PAGE_LINKS - 1);
    from = Math.max(1, to - MAX_PAGE_LINKS + 1);
    for (let p = from; p <= to; ++p) add(p, String(p), { current: p === s.page, label: `Trang ${p}` });
    if (s.page < pages) add(s.page + 1, 'Sau ›', { rel: 'next', label: 'Trang sau' });
    el.pager.append(ul);
    el.pager.hidden = false;
  }

  // --- keyboard ------------------------------------------------------------------------------

  function hitLinks() { return [...el.results.querySelectorAll('.hit-link')]; }

  function isTypingTarget(target) {
    return target instanceof HTMLElement
      && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  }

  // "/" focuses the box; Up and Down move between the box and the hits; Enter on a hit opens it
  // (it is a link); Escape in the box clears it.
  function onKeyDown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === '/' && !isTypingTarget(event.target)) {
      event.preventDefault();
      el.q.focus();
      el.q.select();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = hitLinks();
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement);
    if (event.target === el.q || at >= 0) {
      event.preventDefault();
      if (at < 0) {
        if (event.key === 'ArrowDown') links[0].focus();
      } else if (event.key === 'ArrowDown') {
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (at === 0) {
        el.q.focus();
      } else {
        links[at - 1].focus();
      }
    }
  }

  // --- wiring --------------------------------------------------------------------------------

  el.q.addEventListener('input', () => {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      if (el.q.value === state.q) return;
      navigate({ ...state, q: el.q.value, page: 1 }, { typing: true });
    }, DEBOUNCE_MS);
  });

  el.q.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && el.q.value !== '') {
      event.preventDefault();
      el.q.value = '';
      clearTimeout(debounceTimer);
      navigate({ ...state, q: '', page: 1 });
    }
  });

  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(debounceTimer);
    const next = { ...state, q: el.q.value, page: 1 };
    typingEntry = false;  // a submitted search is an entry of its own
    if (urlFromState(next) === location.pathname + location.search) render();
    else navigate(next);
  });

  el.sort.addEventListener('change', () => navigate({ ...state, sort: el.sort.value === 'date' ? 'date' : 'relevance', page: 1 }));
  el.clearFilters.addEventListener('click', () => navigate({ ...state, filters: [], page: 1 }));
  el.filtersToggle.addEventListener('click', () => setFiltersOpen(el.filtersToggle.getAttribute('aria-expanded') !== 'true'));
  el.brand.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate({ q: '', sort: 'relevance', page: 1, filters: [] });
    el.q.focus();
  });

  // The hits of an entry are fetched again after Back, so the browser's own scroll restoration
  // would act on the old list: start each restored entry at the top instead.
  history.scrollRestoration = 'manual';
  window.addEventListener('popstate', () => {
    window.scrollTo({ top: 0 });
    clearTimeout(debounceTimer);
    typingEntry = false;
    state = stateFromUrl(location.search);
    el.q.value = state.q;
    render();
  });
  document.addEventListener('keydown', onKeyDown);

  el.q.value = state.q;
  render();
  if (!hasQuery(state)) el.q.focus();
})();
