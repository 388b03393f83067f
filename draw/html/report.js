/* SPDX-License-Identifier: MIT */
/*
 * clonetrace report: the page's script, plain DOM, no library.
 * The data (html_data.c) is columns: T.tid[i] is task i's tid, C.line[j]
 * call j's line; strings are indices into S.  Every text of the trace is
 * put in with textContent (el(), below), never as HTML.  The tree and the
 * timeline draw only what is on screen, so 100,000 tasks stay responsive.
 */
'use strict';
(function () {
const D = JSON.parse(document.getElementById('ct-data').textContent);
const T = D.t, C = D.c, S = D.S, M = D.meta;
const N = T.tid.length, NC = C.task.length;
const K_THREAD = 1, K_BAD = 8;
const $ = (id) => document.getElementById(id);
const s = (x) => (x >= 0 ? S[x] : null);

/* An element with a class and text; text always as text. */
function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls) e.className = cls;
	if (text !== undefined && text !== null) e.textContent = String(text);
	return e;
}
function add(parent, ...kids) {
	for (const k of kids) if (k) parent.append(k);
	return parent;
}
function ms(ns) {
	if (ns === null || ns < 0) return '?';
	return ns < 1e9 ? (ns / 1e6).toFixed(3) + ' ms' : (ns / 1e9).toFixed(3) + ' s';
}
const isThread = (i) => (T.k[i] & K_THREAD) !== 0;
const base = (p) => (p === null ? '?' : p.replace(/.*\//, '') || p);

/* ---- indexes ---- */
const kids = [], threads = [], roots = [], callsOf = [], byTid = new Map();
for (let i = 0; i < N; i++) { kids.push([]); threads.push([]); callsOf.push([]); }
for (let i = 0; i < N; i++) {
	const r = T.row[i];
	if (r < 0) roots.push(i);
	else if (isThread(i) && r !== i && T.tgid[r] === T.tgid[i]) threads[r].push(i);
	else kids[r].push(i);
	const l = byTid.get(T.tid[i]);
	if (l) l.push(i); else byTid.set(T.tid[i], [i]);
}
for (let j = 0; j < NC; j++) if (C.task[j] >= 0) callsOf[C.task[j]].push(j);
let traceEnd = Math.max(0, M.duration);
for (let i = 0; i < N; i++) traceEnd = Math.max(traceEnd, T.end[i], T.start[i]);
const failedCalls = (i) => callsOf[i].filter((j) => C.st[j] === 1).length;
const nsMark = (i) => (T.call[i] >= 0 && C.nsk[T.call[i]] !== 0) ||
	callsOf[i].some((j) => C.child[j] < 0 && C.st[j] === 0);

/* ---- the filter: clonetrace's -e syntax (answers/filter.h), run on the data ---- */
const SYSCALLS = ['clone', 'clone3', 'fork', 'vfork', 'unshare', 'setns', 'execve'];
const STATUS = { failed: 1, successful: 0, ok: 0, unfinished: 2 };
const UNITS = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, min: 60e9 };
const KEYS = { syscall: 'syscall', trace: 'syscall', status: 'status', ns: 'ns', comm: 'comm',
	exe: 'exe', pid: 'pid', tree: 'tree', time: 'time', container: 'container' };

function glob(p) {
	let r = '';
	for (let i = 0; i < p.length; i++) {
		const ch = p[i];
		if (ch === '*') r += '.*';
		else if (ch === '?') r += '.';
		else if (ch === '[') {
			const j = p.indexOf(']', i + 2);
			if (j < 0) { r += '\\['; continue; }
			let set = p.slice(i + 1, j).replace(/\\/g, '\\\\');
			if (set[0] === '!') set = '^' + set.slice(1);
			r += '[' + set + ']';
			i = j;
		} else if (ch === '\\' && i + 1 < p.length) r += p[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		else r += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp('^' + r + '$', 's');
}
function parseTime(v) {
	const m = /^([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)([a-z]*)$/.exec(v);
	if (!m) return null;
	const x = parseFloat(m[1]);
	if (!m[2]) return x === 0 ? 0 : null;
	return UNITS[m[2]] ? Math.round(x * UNITS[m[2]]) : null;
}
function parseFilter(text) {
	const terms = [];
	for (let w of text.split(/[ \t\n;]+/).filter(Boolean)) {
		if (w === 'failed') w = 'status=failed';
		else if (w === 'newns') w = 'ns=any';
		const eq = w.indexOf('=');
		if (eq < 0) throw new Error(w + ': expected KEY=VALUE, KEY!=VALUE, failed or newns');
		let k = w.slice(0, eq);
		const neg = k.endsWith('!');
		if (neg) k = k.slice(0, -1);
		const key = KEYS[k];
		if (!key) throw new Error(w + ": unknown filter key '" + k + "' (syscall, status, ns, comm, exe, pid, tree, time, container)");
		if (key === 'time' && neg) throw new Error(w + ': a time window cannot be negated');
		const vals = w.slice(eq + 1).split(',');
		if (vals.some((v) => !v)) throw new Error(k + '=: an empty value');
		const t = { key, neg, vals, ns: 0 };
		for (const v of vals) {
			if (key === 'syscall' && !SYSCALLS.includes(v)) throw new Error(k + '=' + v + ': not a call clonetrace records (' + SYSCALLS.join(', ') + ')');
			if (key === 'status' && !(v in STATUS)) throw new Error(k + '=' + v + ': expected failed, successful (ok) or unfinished');
			if (key === 'ns') {
				const kind = M.ns.indexOf(v);
				if (v === 'any') t.ns = ~0;
				else if (kind < 0 || /_for_children$/.test(v)) throw new Error(k + '=' + v + ': expected cgroup, ipc, mnt, net, pid, time, user, uts or any');
				else t.ns |= 1 << kind;
			}
			if ((key === 'pid' || key === 'tree') && !/^[1-9][0-9]*$/.test(v)) throw new Error(k + '=' + v + ': expected a pid');
		}
		if (key === 'time') {
			if (vals.length > 1) throw new Error(k + '=: one window per term');
			const dots = vals[0].indexOf('..');
			if (dots < 0) throw new Error('time=' + vals[0] + ': expected a window A..B (1s..2.5s, ..500ms, 2s..)');
			const a = vals[0].slice(0, dots), b = vals[0].slice(dots + 2);
			t.from = a ? parseTime(a) : 0;
			t.to = b ? parseTime(b) : -1;
			if (t.from === null || t.to === null) throw new Error('time=' + vals[0] + ': expected durations with a unit (ns, us, ms, s, min)');
			if (t.to >= 0 && t.to < t.from) throw new Error('time=' + vals[0] + ': the window ends before it starts');
		}
		if (key === 'comm' || key === 'exe') t.re = vals.map(glob);
		if (key === 'pid' || key === 'tree') t.nums = vals.map(Number);
		if (key === 'status') t.st = vals.map((v) => STATUS[v]);
		terms.push(t);
	}
	if (!terms.length) throw new Error('an empty filter');
	return terms;
}
const CALL_KEYS = ['syscall', 'status', 'ns', 'time'];
function callTerm(t, e) {
	let hit;
	if (t.key === 'syscall') hit = t.vals.includes(e.sys);
	else if (t.key === 'status') hit = t.st.includes(e.st);
	else if (t.key === 'ns') hit = (e.nsk & t.ns) !== 0;
	else if (t.key === 'time') return e.time >= t.from && (t.to < 0 || e.time <= t.to);
	else return true;
	return hit !== t.neg;
}
const callEvent = (j) => ({ sys: s(C.sys[j]), st: C.st[j], nsk: C.nsk[j], time: C.time[j] });
/* Which tasks the filter keeps: as filter_apply() decides it. */
function applyFilter(terms) {
	const trees = terms.map((t) => {
		if (t.key !== 'tree') return null;
		const inside = new Uint8Array(N);
		for (const i of order) {
			const up = T.up[i];
			inside[i] = t.nums.includes(T.tid[i]) || (up >= 0 && inside[up]) ? 1 : 0;
		}
		return inside;
	});
	const eventTerms = terms.some((t) => CALL_KEYS.includes(t.key) && t.key !== 'time');
	const callOk = (e) => terms.every((t) => !CALL_KEYS.includes(t.key) || callTerm(t, e));
	const keep = new Uint8Array(N);
	for (let i = 0; i < N; i++) {
		let who = true;
		terms.forEach((t, n) => {
			if (!who) return;
			let hit;
			if (t.key === 'comm') hit = t.re.some((r) => r.test(s(T.comm[i]) ?? '?'));
			else if (t.key === 'exe') hit = s(T.exe[i]) !== null && t.re.some((r) => r.test(s(T.exe[i])));
			else if (t.key === 'pid') hit = t.nums.includes(T.tgid[i]);
			else if (t.key === 'tree') hit = trees[n][i] === 1;
			/* its id, or the beginning of it, as docker takes a short id */
			else if (t.key === 'container') hit = T.cid[i] >= 0 && t.vals.some((v) => S[T.cid[i]].startsWith(v));
			else if (t.key === 'time') {
				if ((t.to >= 0 && T.start[i] > t.to) || (T.end[i] >= 0 && T.end[i] < t.from)) who = false;
				return;
			} else return;
			if (hit === t.neg) who = false;
		});
		if (!who) continue;
		if (!eventTerms) { keep[i] = 1; continue; }
		const evs = [];
		if (T.call[i] >= 0) evs.push(callEvent(T.call[i]));
		for (const j of callsOf[i]) evs.push(callEvent(j));
		for (const x of T.ex[i]) evs.push({ sys: 'execve', st: 0, nsk: 0, time: x[0] });
		for (const x of T.xf[i]) evs.push({ sys: 'execve', st: 1, nsk: 0, time: x[0] });
		keep[i] = evs.some(callOk) ? 1 : 0;
	}
	return keep;
}

/* Every task after its "up" task: tops first (as the trace's order). */
const order = [];
{
	const below = Array.from({ length: N }, () => []), top = [];
	for (let i = 0; i < N; i++) (T.up[i] >= 0 ? below[T.up[i]] : top).push(i);
	const st = top.reverse();
	while (st.length) {
		const i = st.pop();
		order.push(i);
		for (let k = below[i].length - 1; k >= 0; k--) st.push(below[i][k]);
	}
}

/* ---- the tree: rows of tasks, "{N threads}" groups and folds ---- */
const open = new Uint8Array(N).fill(1);	/* a process's children shown */
const thOpen = new Uint8Array(N);	/* its threads shown */
const foldOpen = new Uint8Array(N);	/* the units folded into this representative shown */
let shown = null;	/* filter: tasks kept, or leading to one (Uint8Array: 2 kept, 1 leads) */
let rows = [], depth = [];	/* a row: task i, or -(i + 2) for i's threads group */
let cursor = 0, selected = -1, hits = [], hitSet = new Set(), hitAt = -1;
const ROW = 20, INDENT_MAX = 24;

const visible = (i) => !shown || shown[i] > 0;
const folded = (i) => !shown && T.fold[i] >= 0 && !foldOpen[T.fold[i]];
function shownThreads(i) { return threads[i].filter(visible); }

function flatten() {
	rows = []; depth = [];
	const st = [];
	for (let r = roots.length - 1; r >= 0; r--) st.push([roots[r], 0]);
	while (st.length) {
		const [x, d] = st.pop();
		rows.push(x); depth.push(d);
		if (x < 0) {
			const i = -x - 2;
			if (thOpen[i]) { const th = shownThreads(i); for (let k = th.length - 1; k >= 0; k--) st.push([th[k], d + 1]); }
			continue;
		}
		if (!open[x]) continue;
		const ks = kids[x].filter((c) => visible(c) && !folded(c));
		for (let k = ks.length - 1; k >= 0; k--) st.push([ks[k], d + 1]);
		if (shownThreads(x).length) st.push([-x - 2, d + 1]);
	}
	if (shown) {
		const keep = [], kd = [];
		rows.forEach((x, k) => { if (x < 0 || visible(x)) { keep.push(x); kd.push(depth[k]); } });
		rows = keep; depth = kd;
	}
	$('tree-space').style.height = rows.length * ROW + 'px';
}

const hasKids = (i) => kids[i].some(visible) || shownThreads(i).length > 0;
function rowNode(k) {
	const x = rows[k], d = el('div', 'row');
	d.style.top = k * ROW + 'px';
	/* as show shortens deep lines: past INDENT_MAX levels, the depth said, not drawn */
	d.style.paddingLeft = 4 + Math.min(depth[k], INDENT_MAX) * 16 + 'px';
	if (depth[k] > INDENT_MAX) d.append(el('span', 'group', '[depth ' + depth[k] + '] '));
	d.dataset.row = k;
	d.setAttribute('role', 'treeitem');
	if (k === cursor) d.classList.add('sel');
	if (x < 0) {
		const i = -x - 2, n = shownThreads(i).length;
		d.setAttribute('aria-expanded', thOpen[i] ? 'true' : 'false');
		add(d, el('span', 'tw', thOpen[i] ? '▾' : '▸'), el('span', 'group', '{' + n + ' thread' + (n === 1 ? '' : 's') + '}'));
		return d;
	}
	const i = x;
	if (isThread(i)) d.classList.add('thread');
	if (hitSet.has(i)) d.classList.add('hit');
	if (shown && shown[i] === 1) d.classList.add('dim');
	const expandable = hasKids(i);
	if (expandable) d.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
	add(d, el('span', 'tw', expandable ? (open[i] ? '▾' : '▸') : ' '));
	if (!shown && T.count[i] > 1 && !foldOpen[i]) add(d, el('span', 'count', T.count[i] + '×'));
	add(d, el('span', 'name', s(T.name[i])));
	/* as show: container:ID where a process enters a container, container:- where it leaves one */
	const above = T.row[i] >= 0 ? T.cid[T.row[i]] : -1;
	if (!isThread(i) && T.cid[i] !== above) add(d, el('span', 'mark ctr', ' container:' + (T.cid[i] >= 0 ? s(T.cshort[i]) : '-')));
	/* as show: the program it started as, then each it exec'd */
	const chain = (s(T.img[i]) !== null ? [base(s(T.img[i]))] : []).concat(T.ex[i].map((x) => base(s(x[1]))));
	if (chain.length > 1) add(d, el('span', 'chain', ' ' + chain.join(' -> ')));
	if (T.call[i] >= 0) add(d, el('span', 'call', ' [' + s(C.short[T.call[i]]) + ']'));
	for (const j of callsOf[i]) if (C.child[j] < 0 && C.st[j] === 0) add(d, el('span', 'call', ' ' + s(C.short[j])));
	const bad = (T.k[i] & K_BAD) !== 0;
	add(d, el('span', 'exit' + (bad ? ' bad' : ''), ' ' + (bad ? '! ' : '') + s(T.exit[i])));
	const f = failedCalls(i);
	if (f) add(d, el('span', 'mark fail', ' ✗ ' + f + ' failed'));
	if (nsMark(i)) add(d, el('span', 'mark ns', ' ◆'));
	return d;
}

const treeBox = $('tree');
function drawTree() {
	const space = $('tree-space');
	const top = treeBox.scrollTop, h = treeBox.clientHeight || 600;
	const from = Math.max(0, Math.floor(top / ROW) - 10), to = Math.min(rows.length, Math.ceil((top + h) / ROW) + 10);
	const frag = document.createDocumentFragment();
	for (let k = from; k < to; k++) frag.append(rowNode(k));
	space.replaceChildren(frag);
}
treeBox.addEventListener('scroll', () => requestAnimationFrame(drawTree));
function refresh() { flatten(); cursor = Math.min(cursor, Math.max(0, rows.length - 1)); drawTree(); }

function scrollToRow(k) {
	const top = k * ROW, h = treeBox.clientHeight;
	if (top < treeBox.scrollTop || top + ROW > treeBox.scrollTop + h) treeBox.scrollTop = Math.max(0, top - h / 3);
}
/* Opens what hides task i: its ancestors, its threads group, the folds it is in. */
function reveal(i) {
	if (!visible(i)) return false;
	for (let x = i; x >= 0; x = T.row[x]) {
		if (T.fold[x] >= 0) foldOpen[T.fold[x]] = 1;
		const r = T.row[x];
		if (r >= 0) { if (isThread(x) && threads[r].includes(x)) thOpen[r] = 1; else open[r] = 1; }
	}
	flatten();
	const k = rows.indexOf(i);
	if (k >= 0) { cursor = k; scrollToRow(k); }
	drawTree();
	return k >= 0;
}
function toggle(k) {
	const x = rows[k];
	if (x < 0) thOpen[-x - 2] ^= 1;
	else if (!shown && T.count[x] > 1 && !foldOpen[x]) foldOpen[x] = 1;
	else open[x] ^= 1;
	refresh();
}
function select(i, how) {
	selected = i;
	if (how !== 'stay') reveal(i);
	details(i);
	if (tlVisible()) drawTimeline();
}

treeBox.addEventListener('click', (ev) => {
	const r = ev.target.closest('.row');
	if (!r) return;
	const k = +r.dataset.row, x = rows[k];
	cursor = k;
	if (ev.target.classList.contains('tw') || ev.target.classList.contains('count') || x < 0) toggle(k);
	if (x >= 0) select(x, 'stay');
	drawTree();
	treeBox.focus({ preventScroll: true });
});
treeBox.addEventListener('keydown', (ev) => {
	const x = rows[cursor];
	let moved = true;
	switch (ev.key) {
	case 'ArrowDown': cursor = Math.min(rows.length - 1, cursor + 1); break;
	case 'ArrowUp': cursor = Math.max(0, cursor - 1); break;
	case 'PageDown': cursor = Math.min(rows.length - 1, cursor + Math.floor(treeBox.clientHeight / ROW)); break;
	case 'PageUp': cursor = Math.max(0, cursor - Math.floor(treeBox.clientHeight / ROW)); break;
	case 'Home': cursor = 0; break;
	case 'End': cursor = rows.length - 1; break;
	case 'ArrowRight':
		if (x < 0 ? !thOpen[-x - 2] : hasKids(x) && !open[x]) toggle(cursor);
		else cursor = Math.min(rows.length - 1, cursor + 1);
		break;
	case 'ArrowLeft':
		if (x < 0 ? thOpen[-x - 2] : hasKids(x) && open[x]) toggle(cursor);
		else {
			/* up: a thread's group row, a group's or a task's parent */
			const r = x < 0 ? -x - 2 : T.row[x];
			const k = rows.indexOf(x >= 0 && r >= 0 && threads[r].includes(x) ? -r - 2 : r);
			if (k >= 0) cursor = k;
		}
		break;
	case 'Enter': case ' ':
		if (x < 0 || hasKids(x)) toggle(cursor);
		break;
	default: moved = false;
	}
	if (!moved) return;
	ev.preventDefault();
	scrollToRow(cursor);
	if (rows[cursor] >= 0) select(rows[cursor], 'stay');
	drawTree();
});
$('expand-all').onclick = () => { open.fill(1); thOpen.fill(1); foldOpen.fill(1); refresh(); };
$('collapse-all').onclick = () => { open.fill(0); thOpen.fill(0); foldOpen.fill(0); cursor = 0; treeBox.scrollTop = 0; refresh(); };

/* ---- search ---- */
function searchText(i) {
	const parts = [s(T.comm[i]), s(T.name[i]), s(T.argv[i]), s(T.exe[i])];
	for (const x of T.ex[i]) parts.push(s(x[1]), s(x[2]));
	for (const x of T.names[i]) parts.push(s(x[1]));
	parts.push(s(T.container[i]));
	return parts.filter((p) => p !== null).join('\n').toLowerCase();
}
let texts = null;
function search(q, step) {
	q = q.trim();
	if (!step) {
		hits = [];
		if (q) {
			const n = /^[0-9]+$/.test(q) ? +q : -1, low = q.toLowerCase();
			if (n >= 0) for (const i of byTid.get(n) || []) if (visible(i)) hits.push(i);
			if (!texts) texts = Array.from({ length: N }, (_, i) => searchText(i));
			for (const i of order) if (visible(i) && T.tid[i] !== n && texts[i].includes(low)) hits.push(i);
		}
		hitSet = new Set(hits);
		hitAt = -1;
	}
	if (hits.length) {
		hitAt = (hitAt + (step || 1) + hits.length) % hits.length;
		select(hits[hitAt]);
	}
	$('hits').textContent = q ? (hits.length ? (hitAt + 1) + ' of ' + hits.length : 'no match') : '';
	drawTree();
}
let searchTimer = 0;
$('search').addEventListener('input', (ev) => { clearTimeout(searchTimer); searchTimer = setTimeout(() => search(ev.target.value, 0), 120); });
$('search').addEventListener('keydown', (ev) => {
	if (ev.key === 'Enter') { ev.preventDefault(); clearTimeout(searchTimer); search(ev.target.value, hits.length && hitAt >= 0 ? (ev.shiftKey ? -1 : 1) : 0); }
	if (ev.key === 'Escape') { showTab('tree'); treeBox.focus(); }
});
$('find').addEventListener('submit', (ev) => ev.preventDefault());

/* ---- the filter box ---- */
function setFilter(text) {
	const msg = $('filter-msg'), box = $('filter');
	msg.classList.remove('error'); box.classList.remove('error');
	if (!text.trim()) { shown = null; msg.textContent = ''; refresh(); drawTimelineSoon(); return; }
	let keep;
	try { keep = applyFilter(parseFilter(text)); } catch (e) {
		msg.textContent = e.message; msg.classList.add('error'); box.classList.add('error');
		return;
	}
	shown = new Uint8Array(N);
	let n = 0;
	/* what leads to a kept task: who created it, and the rows it hangs under */
	const byUp = new Uint8Array(N), byRow = new Uint8Array(N);
	for (let i = 0; i < N; i++) if (keep[i]) {
		n++;
		shown[i] = 2;
		for (let x = T.up[i]; x >= 0 && !byUp[x]; x = T.up[x]) byUp[x] = 1;
		for (let x = T.row[i]; x >= 0 && !byRow[x]; x = T.row[x]) byRow[x] = 1;
	}
	for (let i = 0; i < N; i++) if (!shown[i] && (byUp[i] || byRow[i])) shown[i] = 1;
	msg.textContent = n + ' of ' + N + ' tasks';
	open.fill(1);
	refresh();
	drawTimelineSoon();
}
$('filter').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); setFilter(ev.target.value); } if (ev.key === 'Escape') treeBox.focus(); });
$('filter').addEventListener('change', (ev) => setFilter(ev.target.value));

/* ---- task details ---- */
const link = (i, text) => {
	const a = el('a', 'task', text ?? s(T.name[i]));
	a.tabIndex = 0;
	a.onclick = () => select(i);
	a.onkeydown = (ev) => { if (ev.key === 'Enter') select(i); };
	return a;
};
const cache = new Map();
/* Tasks holding the same value of a column (a sharing instance, a namespace inode). */
function alike(col, v) {
	let m = cache.get(col);
	if (!m) {
		m = new Map();
		col.forEach((x, i) => { const l = m.get(x); if (l) l.push(i); else m.set(x, [i]); });
		cache.set(col, m);
	}
	return m.get(v) || [];
}
function links(list, self, max = 24) {
	const span = el('span');
	const others = list.filter((i) => i !== self);
	others.slice(0, max).forEach((i, n) => { if (n) span.append(', '); span.append(link(i)); });
	if (others.length > max) span.append(' and ' + (others.length - max) + ' more');
	if (!others.length) span.append('no other task');
	return span;
}
function table(rowsOf) {
	const t = el('table');
	for (const [k, v] of rowsOf) {
		if (v === null || v === undefined || v === '') continue;
		const tr = el('tr');
		add(tr, el('td', '', k), v instanceof Node ? add(el('td'), v) : el('td', 'mono', v));
		t.append(tr);
	}
	return t;
}
function callBlock(j, withChild) {
	const box = el('div');
	const pre = el('pre', C.st[j] === 1 ? 'failed' : '', s(C.line[j]));
	pre.dataset.call = j;
	add(box, pre);
	const rowsOf = [['at', '+' + ms(C.time[j])]];
	if (s(C.flags[j])) { const f = el('span', 'mono flags', s(C.flags[j])); rowsOf.push(['flags', f]); }
	if (C.st[j] === 1) rowsOf.push(['error', s(C.err[j])]);
	if (C.rules[j].length) rowsOf.push(['breaks', C.rules[j].map(s).join('\n')]);
	if (withChild && C.child[j] >= 0) rowsOf.push(['made', link(C.child[j])]);
	if (C.stack[j] >= 0) rowsOf.push(['stack', el('pre', '', s(C.stack[j]))]);
	else if (C.stack_error[j] >= 0) rowsOf.push(['stack', s(C.stack_error[j])]);
	return add(box, table(rowsOf));
}
/* Where task i's namespace of kind k came from: the first task up the tree that has it. */
function nsOrigin(i, k) {
	const col = T['ns.' + M.ns[k]], v = col[i];
	let x = i;
	while (T.up[x] >= 0 && col[T.up[x]] === v) x = T.up[x];
	const up = T.up[x], bit = 1 << (M.ns[k].replace('_for_children', '') === M.ns[k] ? k : M.ns.indexOf(M.ns[k].replace('_for_children', '')));
	if (up < 0) return el('span', '', 'there from the start (' + s(T.name[x]) + ')');
	const made = el('span');
	const c = T.call[x];
	if (c >= 0 && (C.nsk[c] & bit)) { made.append('made by ', link(up), ' with ' + s(C.short[c]) + ' → ', link(x)); return made; }
	for (const who of [x, up]) for (const j of callsOf[who]) {
		const sys = s(C.sys[j]);
		if (C.st[j] === 0 && C.child[j] < 0 && (((C.nsk[j] & bit) && sys === 'unshare') || sys === 'setns') &&
			(who === x || C.time[j] <= T.start[x])) {
			made.append((sys === 'setns' ? 'joined by ' : 'made by ') + s(C.short[j]) + ' of ', link(who));
			return made;
		}
	}
	made.append('first seen in ', link(x));
	return made;
}
function details(i) {
	const box = $('details');
	box.replaceChildren();
	const h = el('h2', '', s(T.name[i]) + (isThread(i) ? ' — thread' : ' — process'));
	box.append(h);
	const np = T.nspid[i];
	box.append(table([
		['tid', T.tid[i]], ['tgid', T.tgid[i]], ['task id', T.id[i]],
		['pids', np === null ? '? (never read)' : np.length > 1 ? np.join(' → ') + ' (outermost first)' : null],
		['comm', s(T.comm[i])], ['exe', s(T.exe[i])], ['argv', s(T.argv[i])],
		['started', '+' + ms(T.start[i])],
		['ended', T.end[i] >= 0 ? '+' + ms(T.end[i]) + '  (lived ' + ms(T.end[i] - T.start[i]) + ')' : 'alive at the end'],
		['exit', el('span', (T.k[i] & K_BAD) ? 'failed' : '', s(T.exit[i]))],
		['escaped', (T.k[i] & 2) ? 'yes: outlived the trace\'s tree' : null],
		['existed', (T.k[i] & 4) ? 'already there when attached' : null],
	]));
	if (T.names[i].length) {
		add(box, el('h3', '', 'Names over time'));
		box.append(table(T.names[i].map((x) => [x[0] >= 0 ? '+' + ms(x[0]) : '?', s(x[1]) + (x[2] >= 0 ? '  (' + s(x[2]) + ')' : '')])));
	}
	add(box, el('h3', '', 'Created'));
	if (T.up[i] >= 0) box.append(add(el('p'), 'by ', link(T.up[i])));
	if (T.call[i] >= 0) box.append(callBlock(T.call[i], false));
	else if (T.up[i] < 0) box.append(el('p', 'hint', 'the root of the trace'));
	if (T.ex[i].length || T.xf[i].length) {
		add(box, el('h3', '', 'Exec chain'));
		const list = T.ex[i].map((x) => [x[0], s(x[1]) + '\n    argv: ' + s(x[2]), false])
			.concat(T.xf[i].map((x) => [x[0], s(x[1]) + ' = -1 ' + s(x[2]), true])).sort((a, b) => a[0] - b[0]);
		for (const [t, text, bad] of list) box.append(el('pre', bad ? 'failed' : '', '+' + ms(t) + '  execve ' + text));
	}
	if (callsOf[i].length) {
		add(box, el('h3', '', 'Calls it made (' + callsOf[i].length + ')'));
		for (const j of callsOf[i].slice(0, 200)) box.append(callBlock(j, true));
		if (callsOf[i].length > 200) box.append(el('p', 'hint', (callsOf[i].length - 200) + ' more'));
	}
	if (T.container[i] >= 0 || T.cgroup[i] >= 0) {
		add(box, el('h3', '', 'Container'));
		box.append(table([['container', s(T.container[i]) ?? 'none named'], ['cgroups', s(T.cgroup[i])]]));
	}
	add(box, el('h3', '', 'Sharing'));
	box.append(table(M.res.map((r) => {
		const v = T['sh.' + r][i];
		if (v < 0) return [r, null];
		const span = el('span');
		span.append(s(v) + ': ', links(alike(T['sh.' + r], v), i));
		return [r, span];
	})));
	add(box, el('h3', '', 'Namespaces'));
	box.append(table(M.ns.map((name, k) => {
		const col = T['ns.' + name], v = col[i];
		if (v < 0) return [name, null];
		const span = el('span');
		span.append(s(v), el('br'), nsOrigin(i, k), el('br'), 'with: ', links(alike(col, v), i, 12));
		return [name, span];
	})));
}

/* ---- the timeline: a lane per task, threads below their process ---- */
const canvas = $('tl-canvas'), scroller = $('tl-scroll');
const LANE = 16, LABEL = 220, AXIS = 22;
let lanes = [], laneOf = new Int32Array(N), view = { t0: 0, t1: 1 };
function buildLanes() {
	lanes = [];
	const st = [];
	for (let r = roots.length - 1; r >= 0; r--) st.push(roots[r]);
	while (st.length) {
		const i = st.pop();
		if (visible(i)) lanes.push(i);
		for (let k = kids[i].length - 1; k >= 0; k--) st.push(kids[i][k]);
		for (let k = threads[i].length - 1; k >= 0; k--) st.push(threads[i][k]);
	}
	laneOf.fill(-1);
	lanes.forEach((i, n) => { laneOf[i] = n; });
	$('tl-space').style.height = AXIS + lanes.length * LANE + 'px';
}
function resetView() { view = { t0: 0, t1: Math.max(traceEnd, 1) * 1.02 }; }
const tlVisible = () => !$('timeline-pane').hidden;
let tlPending = false;
function drawTimelineSoon() {
	if (tlPending) return;
	tlPending = true;
	requestAnimationFrame(() => { tlPending = false; if (tlVisible()) { buildLanes(); drawTimeline(); } });
}
function drawTimeline() {
	const w = scroller.clientWidth, h = scroller.clientHeight, dpr = window.devicePixelRatio || 1;
	canvas.width = w * dpr; canvas.height = h * dpr;
	canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
	canvas.style.marginTop = -(AXIS + lanes.length * LANE) + 'px';
	const g = canvas.getContext('2d');
	g.setTransform(dpr, 0, 0, dpr, 0, 0);
	g.clearRect(0, 0, w, h);
	g.font = '11px system-ui, sans-serif';
	const top = scroller.scrollTop, span = view.t1 - view.t0, plotW = w - LABEL - 8;
	const X = (t) => LABEL + ((t - view.t0) / span) * plotW;
	const first = Math.max(0, Math.floor(top / LANE)), last = Math.min(lanes.length, first + Math.ceil(h / LANE) + 1);
	const Y = (n) => AXIS + (n - first) * LANE - (top % LANE);
	for (let n = first; n < last; n++) {
		const i = lanes[n], y = Y(n);
		if (i === selected) { g.fillStyle = '#cfe3f7'; g.fillRect(0, y, w, LANE); }
		const end = T.end[i] >= 0 ? T.end[i] : traceEnd;
		const x0 = Math.max(LABEL, X(T.start[i])), x1 = Math.min(w, Math.max(X(end), X(T.start[i]) + 2));
		if (x1 > LABEL) {
			g.fillStyle = isThread(i) ? '#e69f00' : '#0072b2';
			g.fillRect(x0, y + 3, Math.max(1, x1 - x0), LANE - 6);
			if (T.k[i] & K_BAD) { g.fillStyle = '#d55e00'; g.fillRect(Math.max(LABEL, x1 - 4), y + 1, 4, LANE - 2); }
			for (const x of T.ex[i]) { const ex = X(x[0]); if (ex >= LABEL) { g.fillStyle = '#000'; g.fillRect(ex, y + 2, 1.5, LANE - 4); } }
		}
	}
	/* creation arrows, from the creator's lane at the call to the child's start */
	g.strokeStyle = '#555'; g.fillStyle = '#555'; g.lineWidth = 1;
	for (let n = first; n < last; n++) {
		const i = lanes[n], up = T.up[i];
		if (up < 0 || laneOf[up] < 0) continue;
		const t = T.call[i] >= 0 ? C.time[T.call[i]] : T.start[i];
		const xa = X(t), xb = X(T.start[i]), ya = Y(laneOf[up]) + LANE / 2, yb = Y(n) + LANE / 2;
		if (Math.max(xa, xb) < LABEL) continue;
		g.beginPath(); g.moveTo(Math.max(LABEL, xa), ya); g.lineTo(Math.max(LABEL, xb), yb - 3); g.stroke();
		g.beginPath(); g.moveTo(xb, yb); g.lineTo(xb - 3, yb - 5); g.lineTo(xb + 3, yb - 5); g.fill();
	}
	/* failed calls: a red cross on the caller's lane */
	for (let n = first; n < last; n++) for (const j of callsOf[lanes[n]]) {
		if (C.st[j] !== 1) continue;
		const x = X(C.time[j]), y = Y(n) + LANE / 2;
		if (x < LABEL) continue;
		g.strokeStyle = '#d55e00'; g.lineWidth = 2;
		g.beginPath(); g.moveTo(x - 4, y - 4); g.lineTo(x + 4, y + 4); g.moveTo(x + 4, y - 4); g.lineTo(x - 4, y + 4); g.stroke();
	}
	/* labels, over the bars' left ends */
	g.fillStyle = '#fff'; g.fillRect(0, AXIS, LABEL, h);
	for (let n = first; n < last; n++) {
		const i = lanes[n], y = Y(n);
		g.fillStyle = i === selected ? '#cfe3f7' : '#fff'; g.fillRect(0, y, LABEL, LANE);
		g.fillStyle = isThread(i) ? '#7a4f00' : '#004f7c';
		g.fillText((isThread(i) ? '   ' : '') + s(T.name[i]), 4, y + LANE - 4, LABEL - 8);
	}
	/* the axis */
	g.fillStyle = '#f6f6f8'; g.fillRect(0, 0, w, AXIS);
	g.fillStyle = '#333'; g.strokeStyle = '#bbb'; g.lineWidth = 1;
	const stepNs = Math.pow(10, Math.floor(Math.log10(span / 8 || 1)));
	const step = [1, 2, 5, 10].map((m) => m * stepNs).find((x) => span / x <= 10) || stepNs * 10;
	for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
		const x = X(t);
		g.beginPath(); g.moveTo(x, AXIS - 5); g.lineTo(x, AXIS); g.stroke();
		g.fillText(tick(t, step), x + 2, 14);
	}
	g.fillText(lanes.length + ' lanes', 4, 14);
}
/* An axis label, as precise as the step between labels needs: "12 ms", "1.5 s". */
function tick(t, step) {
	const [unit, div] = step >= 1e8 ? ['s', 1e9] : step >= 1e5 ? ['ms', 1e6] : ['µs', 1e3];
	const digits = Math.max(0, Math.ceil(-Math.log10(step / div) - 1e-9));
	return (t / div).toFixed(digits) + ' ' + unit;
}
scroller.addEventListener('scroll', () => requestAnimationFrame(drawTimeline));
function zoom(f, atX) {
	const w = scroller.clientWidth - LABEL - 8, at = view.t0 + ((atX - LABEL) / w) * (view.t1 - view.t0);
	const span = Math.max(1000, (view.t1 - view.t0) * f);
	view.t0 = at - (at - view.t0) * (span / (view.t1 - view.t0));
	view.t1 = view.t0 + span;
	drawTimeline();
}
canvas.addEventListener('wheel', (ev) => {
	if (!ev.ctrlKey && !ev.shiftKey) return;	/* a plain wheel scrolls the lanes */
	ev.preventDefault();
	zoom(Math.exp((ev.deltaY || ev.deltaX) / 300), ev.offsetX);
}, { passive: false });
let drag = null;
canvas.addEventListener('mousedown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, t0: view.t0, t1: view.t1, top: scroller.scrollTop, moved: false }; });
window.addEventListener('mousemove', (ev) => {
	if (!drag) return;
	const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
	if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
	const per = (drag.t1 - drag.t0) / (scroller.clientWidth - LABEL - 8);
	view.t0 = drag.t0 - dx * per; view.t1 = drag.t1 - dx * per;
	scroller.scrollTop = drag.top - dy;
	drawTimeline();
});
window.addEventListener('mouseup', (ev) => {
	if (drag && !drag.moved) {
		const n = Math.floor((scroller.scrollTop + ev.offsetY - AXIS) / LANE);
		if (ev.target === canvas && ev.offsetY > AXIS && n >= 0 && n < lanes.length) select(lanes[n], 'stay');
	}
	drag = null;
});
$('tl-reset').onclick = () => { resetView(); drawTimeline(); };
document.addEventListener('keydown', (ev) => {
	if (!tlVisible() || ev.target.tagName === 'INPUT') return;
	if (ev.key === '+' || ev.key === '=') zoom(0.7, LABEL + (scroller.clientWidth - LABEL) / 2);
	else if (ev.key === '-') zoom(1 / 0.7, LABEL + (scroller.clientWidth - LABEL) / 2);
});
new ResizeObserver(() => { if (tlVisible()) drawTimeline(); else drawTree(); }).observe(document.body);

/* ---- the namespace audit, tids linked to their tasks ---- */
function drawAudit() {
	const pre = $('audit');
	if (D.audit === null) { pre.textContent = 'no audit'; return; }
	const frag = document.createDocumentFragment();
	const re = /\((\d+)(?=[,)])/g;
	let last = 0, m;
	while ((m = re.exec(D.audit))) {
		const tasks = byTid.get(+m[1]);
		if (!tasks) continue;
		frag.append(D.audit.slice(last, m.index + 1), link(tasks[0], m[1]));
		last = m.index + 1 + m[1].length;
	}
	frag.append(D.audit.slice(last));
	pre.replaceChildren(frag);
}

/* ---- the Graphviz views, as images (no script of theirs runs), pan and zoom ---- */
const viewBox = $('view-box');
let pan = null;
function showView(n) {
	const v = D.views[n];
	for (const b of $('view-tabs').children) b.setAttribute('aria-pressed', b.dataset.view === String(n) ? 'true' : 'false');
	viewBox.replaceChildren();
	if (!v.svg) { viewBox.append(el('p', 'hint', v.why)); pan = null; return; }
	const img = el('img');
	img.alt = 'the ' + v.name + ' view';
	img.src = URL.createObjectURL(new Blob([v.svg], { type: 'image/svg+xml' }));
	pan = { x: 8, y: 8, k: 1, img };
	img.onload = () => {
		const k = Math.min(1, (viewBox.clientWidth - 16) / img.naturalWidth, (viewBox.clientHeight - 16) / img.naturalHeight);
		pan.k = k > 0 ? k : 1;
		place();
	};
	viewBox.append(img);
	if (v.note) viewBox.append(el('p', 'hint', v.note));
}
function place() { if (pan) pan.img.style.transform = 'translate(' + pan.x + 'px,' + pan.y + 'px) scale(' + pan.k + ')'; }
viewBox.addEventListener('wheel', (ev) => {
	if (!pan) return;
	ev.preventDefault();
	const f = Math.exp(-ev.deltaY / 300), r = viewBox.getBoundingClientRect();
	const px = ev.clientX - r.left, py = ev.clientY - r.top;
	pan.x = px - (px - pan.x) * f; pan.y = py - (py - pan.y) * f; pan.k *= f;
	place();
}, { passive: false });
let vdrag = null;
viewBox.addEventListener('mousedown', (ev) => { if (pan) { vdrag = { x: ev.clientX - pan.x, y: ev.clientY - pan.y }; ev.preventDefault(); } });
window.addEventListener('mousemove', (ev) => { if (vdrag) { pan.x = ev.clientX - vdrag.x; pan.y = ev.clientY - vdrag.y; place(); } });
window.addEventListener('mouseup', () => { vdrag = null; });
D.views.forEach((v, n) => {
	const b = el('button', '', v.name);
	b.type = 'button';
	b.dataset.view = n;
	b.onclick = () => showView(n);
	$('view-tabs').append(b, ' ');
});

/* ---- tabs and keys ---- */
function showTab(name) {
	for (const b of $('tabs').children) b.setAttribute('aria-selected', b.dataset.tab === name ? 'true' : 'false');
	for (const p of document.querySelectorAll('.pane')) p.hidden = p.dataset.pane !== name;
	if (name === 'timeline') { buildLanes(); drawTimeline(); }
	if (name === 'audit' && !$('audit').firstChild) drawAudit();
	if (name === 'views' && !viewBox.firstChild && D.views.length) showView(0);
	if (name === 'tree') drawTree();
}
for (const b of $('tabs').children) b.onclick = () => showTab(b.dataset.tab);
document.addEventListener('keydown', (ev) => {
	if (ev.key === '/' && ev.target.tagName !== 'INPUT') { ev.preventDefault(); $('search').focus(); $('search').select(); }
});

/* ---- the header ---- */
const procs = T.k.filter((k) => !(k & K_THREAD)).length, failed = C.st.filter((x) => x === 1).length;
$('cmd').textContent = s(M.argv);
document.title = 'clonetrace: ' + s(M.argv);
$('summary').textContent = N.toLocaleString('en') + ' tasks (' + procs + ' processes, ' + (N - procs) + ' threads), ' +
	failed + ' failed call' + (failed === 1 ? '' : 's') + ', ' + ms(M.duration) + ' · ' + s(M.tool) +
	', ' + s(M.mode) + ' mode, Linux ' + s(M.kernel) + ' ' + s(M.arch) +
	(M.complete ? '' : ' · trace incomplete: clonetrace was interrupted') +
	(M.filter >= 0 ? ' · rendered with -e ' + s(M.filter) + ': ' + N + ' of ' + M.tasks + ' tasks' : '');
$('notes').textContent = M.notes.map(s).join(' · ');

resetView();
refresh();
if (N) { selected = roots[0]; details(roots[0]); }
treeBox.focus({ preventScroll: true });
/* For the tests: the rows as laid out, by tid ("{threads}" rows as -1) */
window.ctReport = {
	rowTids: () => rows.map((x) => (x < 0 ? -1 : T.tid[x])),
	rowIds: () => rows.map((x) => (x < 0 ? -1 : T.id[x])),
	rowCount: () => rows.length,
};
document.documentElement.dataset.ready = String(Math.round(performance.now()));
})();
