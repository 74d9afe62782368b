// tests/browser/visual.test.mjs — the pages as people see them, with the
// CSP enforced: full-page screenshots of the overview and /goals/1D (to
// /tmp/pejl-overview.png and /tmp/pejl-goal-1D.png, for a person to look
// at), and on every page: the stylesheet applies, no console errors (a CSP
// violation would show here), no sideways scrolling at 1280 px, and the
// charts' text labels neither overlap one another nor leave the chart.
import { suite, assert, assertEqual } from './lib.mjs';

const SHOTS = {
	'/': process.env.PEJL_SHOT_OVERVIEW || '/tmp/pejl-overview.png',
	'/goals/1D': process.env.PEJL_SHOT_GOAL || '/tmp/pejl-goal-1D.png',
};

// Every page is checked in Danish and in English (?lang= sets the cookie).
const PAGES = [
	'/',
	...Array.from({ length: 9 }, (_, i) => `/pejlemaerker/${i + 1}`),
	'/goals/1A',
	'/goals/1D',
	'/goals/5A',
	'/goals/8A',
	'/units',
	'/measurements/new',
	'/imports',
	'/goals/1B/edit',
];

// In the page: overlapping or escaping <text> boxes of every chart.
function chartTextProblems() {
	const out = [];
	const label = (e) => `<text${e.getAttribute('class') ? ` class="${e.getAttribute('class')}"` : ''}>${e.textContent.trim()}</text>`;
	document.querySelectorAll('svg').forEach((svg, si) => {
		const box = svg.getBoundingClientRect();
		const name = `svg${svg.id ? '#' + svg.id : ''}${svg.getAttribute('aria-labelledby') ? `[aria-labelledby="${svg.getAttribute('aria-labelledby')}"]` : ''} (#${si + 1})`;
		const texts = [...svg.querySelectorAll('text')]
			.filter((e) => e.textContent.trim() && getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none')
			.map((e) => ({ e, r: e.getBoundingClientRect() }));
		const tol = 1.5; // the advance box of a glyph may pass its ink by a pixel
		for (const { e, r } of texts)
			if (r.left < box.left - tol || r.right > box.right + tol || r.top < box.top - tol || r.bottom > box.bottom + tol)
				out.push(`${name}: ${label(e)} sticks out of the chart (text ${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)} × ${Math.round(r.top - box.top)}..${Math.round(r.bottom - box.top)}, chart ${Math.round(box.width)} × ${Math.round(box.height)})`);
		for (let i = 0; i < texts.length; i++)
			for (let j = i + 1; j < texts.length; j++) {
				const a = texts[i].r, b = texts[j].r;
				const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
				const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
				if (w > 1 && h > 1)
					out.push(`${name}: ${label(texts[i].e)} overlaps ${label(texts[j].e)} (${w.toFixed(1)} × ${h.toFixed(1)} px)`);
			}
	});
	return out;
}

await suite('visual', async (t, env) => {
	const page = await env.newPage();
	await env.login(page, 'ana');

	for (const [path, file] of Object.entries(SHOTS)) {
		await t.test(`full-page screenshot of ${path} → ${file}`, async () => {
			const r = await page.goto(env.url(path));
			assertEqual(r.status(), 200, 'status');
			await page.screenshot({ path: file, fullPage: true, timeout: 20000 });
			t.diag(`screenshot: ${file}`);
		});
	}

	for (const lang of ['da', 'en'])
		for (const p of PAGES) {
			const path = `${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;
			await t.test(`${path}: styled, no console errors, no sideways scroll, chart labels clear`, async () => {
				const before = page.consoleErrors.length;
				const r = await page.goto(env.url(path));
				assertEqual(r.status(), 200, 'status');
				const problems = [];
				const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
				if (!/system-ui/.test(font)) problems.push(`the stylesheet did not apply (body font-family ${font})`);
				problems.push(...page.consoleErrors.slice(before).map((e) => `console: ${e}`));
				const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
				if (w.scroll > w.client) {
					const wide = await page.evaluate(() => {
						const cw = document.documentElement.clientWidth;
						return [...document.querySelectorAll('main *')]
							.filter((e) => e.getBoundingClientRect().right > cw + 0.5)
							.slice(0, 3)
							.map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`);
					});
					problems.push(`sideways scroll at ${w.client} px: content is ${w.scroll} px wide; widest: ${wide.join(', ')}`);
				}
				problems.push(...(await page.evaluate(chartTextProblems)));
				assert(problems.length === 0, problems.join('\n'));
			});
		}
	await page.goto(env.url('/?lang=da'));

	await t.test('the overview: the per-verdict goal counts all look alike (none boxed)', async () => {
		await page.goto(env.url('/'));
		const counts = await page.locator('table.status .count').evaluateAll((cs) =>
			cs.map((c) => {
				const st = getComputedStyle(c);
				return { cls: c.className, text: c.textContent.trim(), border: `${st.borderTopWidth} ${st.borderTopStyle}` };
			}),
		);
		assert(counts.length > 0, 'no .count elements on the overview');
		const boxed = counts.filter((c) => !/ none$/.test(c.border) && !/^0px/.test(c.border));
		assert(
			boxed.length === 0,
			`counts with a border while the others have none (the .v-* verdict rules reach .count):\n${boxed.map((c) => `span.${c.cls.split(' ').join('.')} "${c.text}": border ${c.border}`).join('\n')}`,
		);
	});

	await t.test('the charts have a text alternative (role=img with a title, or a table next to them)', async () => {
		await page.goto(env.url('/goals/1D'));
		const svgs = await page.locator('figure.chart svg').evaluateAll((ss) =>
			ss.map((s) => ({ role: s.getAttribute('role'), title: (s.querySelector('title') || {}).textContent || '', labelledby: s.getAttribute('aria-labelledby') })),
		);
		assert(svgs.length === 1, `wanted one chart on /goals/1D, found ${svgs.length}`);
		assertEqual(svgs[0].role, 'img', 'role of the chart');
		assert(svgs[0].title.trim() !== '', 'the chart has no <title>');
		assert((await page.locator('table.data tbody tr').count()) > 0, 'the data table is empty');
	});

	// A narrow screen: not a failure (data tables may scroll), but a picture to look at.
	await t.test('narrow (390 px) screenshot of /goals/1D → /tmp/pejl-goal-1D-narrow.png', async () => {
		const p = await env.newPage({ viewport: { width: 390, height: 844 } });
		await env.login(p, 'ana');
		await p.goto(env.url('/goals/1D'));
		await p.screenshot({ path: '/tmp/pejl-goal-1D-narrow.png', fullPage: true, timeout: 20000 });
		const w = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
		if (w.scroll > w.client) t.diag(`at 390 px /goals/1D scrolls sideways: ${w.scroll} px wide`);
		await p.context().close();
	});
});
