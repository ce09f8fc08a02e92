// The browser's verdict is the server's, proven against real formio.js in Chromium (the bundle
// the fill page loads, not only @formio/core): every case is rendered from toFormio(definition)
// and submitted the way the fill page does (`nosubmit`, setSubmission, submit()); formio.js
// accepting or refusing must match the server's validator (re2js patterns). The corpus is the
// explicit disagreement classes (emoji lengths, whitespace-only required, u-flag patterns), the
// fixtures and seeded generated definitions × submissions.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDefinition, toFormio, validate, type Definition, type FieldNode, type FormioForm } from '../../form-engine/index';
import { createSubmissionValidator } from '../../server/submissions/validator';
import { loadFixtures } from '../unit/form-engine/support/corpus';
import { inVerdictCorpus } from '../unit/form-engine/support/expressible';
import { mutate, validData } from '../unit/form-engine/support/generate-data';
import { generateDefinition } from '../unit/form-engine/support/generate-definition';
import { seeded } from '../unit/form-engine/support/random';
import { verdictClasses } from '../unit/form-engine/support/verdict-classes';
import { cascadeClasses } from '../unit/form-engine/support/cascade';
import { launchBrowser, watchErrors } from './browser';

const FORMIO_BUNDLE = join(import.meta.dirname, '..', '..', 'node_modules', '@formio', 'js', 'dist', 'formio.form.min.js');

interface Case {
  name: string;
  definition: Definition;
  data: Record<string, unknown>;
  /** The agreed verdict, when the case states one. */
  expected?: boolean;
}

interface BrowserVerdict {
  valid: boolean;
  errors: string[];
  /** What formio.js holds after rendering the answers: what the fill page sends and the server checks. */
  data: Record<string, unknown>;
}

let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  pageErrors = watchErrors(page);
  // formio.js reads document.cookie, which about:blank refuses: serve a page from a stub origin.
  await page.route('http://verdict.test/**', (route) =>
    route.request().url().endsWith('/formio.form.min.js')
      ? route.fulfill({ path: FORMIO_BUNDLE, contentType: 'text/javascript; charset=utf-8' })
      : route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="host"></div><script src="/formio.form.min.js"></script></body></html>' }),
  );
  await page.goto('http://verdict.test/');
  await page.waitForFunction(() => 'Formio' in window);
});

afterAll(async () => {
  await browser?.close();
});

/** formio.js's own verdict for each case, as the fill page asks for it (form-filler.svelte send()). */
async function formioVerdicts(cases: Array<{ form: FormioForm; data: Record<string, unknown> }>): Promise<BrowserVerdict[]> {
  return page.evaluate(async (list) => {
    type Webform = {
      nosubmit: boolean;
      setSubmission(s: unknown): Promise<unknown>;
      submit(): Promise<unknown>;
      data: unknown;
      checkData(data: unknown, flags: object): void;
      destroy(all?: boolean): void;
    };
    const Formio = (window as unknown as { Formio: { createForm(el: HTMLElement, form: unknown, options: unknown): Promise<Webform> } }).Formio;
    const host = document.getElementById('host') as HTMLElement;
    const out: Array<{ valid: boolean; errors: string[]; data: Record<string, unknown> }> = [];
    // Destroyed only once their debounced change handlers have run: formio.js throws from a pending
    // handler of a form destroyed under it ("reading 'submission'"), which is a teardown artefact.
    const done: Webform[] = [];
    for (const { form, data } of list) {
      host.replaceChildren();
      const webform = await Formio.createForm(host, form, { noAlerts: true, buttonSettings: { showCancel: false, showSubmit: false } });
      webform.nosubmit = true;
      await webform.setSubmission({ data: structuredClone(data) });
      // A user submits after formio.js has run conditions and calculations on the answers (its
      // change handling is debounced); settle them as that change would.
      webform.checkData(webform.data, {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      const held = JSON.parse(JSON.stringify(webform.data)) as Record<string, unknown>;
      try {
        await webform.submit();
        out.push({ valid: true, errors: [], data: held });
      } catch (errors) {
        const list = Array.isArray(errors) ? errors : [errors];
        out.push({ valid: false, errors: list.map((e: { message?: string; path?: string; ruleName?: string }) => `${e?.ruleName ?? ''} ${e?.message ?? String(e)}`), data: held });
      }
      done.push(webform);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const webform of done) webform.destroy(true);
    return out;
  }, cases);
}

function generatedCases(seeds: number, perDefinition: number): Case[] {
  const cases: Case[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = seeded(seed);
    const definition = generateDefinition(r);
    for (let k = 0; k < perDefinition; k++) {
      const base = validData(definition, r);
      const data = k === 0 ? base : (mutate(definition, base, r) ?? base);
      cases.push({ name: `seed ${seed} #${k}`, definition, data });
    }
  }
  return cases;
}

function fixtureCases(): Case[] {
  return loadFixtures().flatMap((f) =>
    f.tests
      .filter((t) => typeof t.data === 'object' && t.data !== null && !Array.isArray(t.data))
      .map((t) => ({ name: `${f.file}: ${t.description}`, definition: f.definition, data: t.data as Record<string, unknown> })),
  );
}

/** True when formio.js turned an empty repeat (anywhere) into one starter row, as its data grid shows it. */
function addedStarterRow(nodes: readonly FieldNode[], sent: unknown, held: unknown): boolean {
  if (typeof sent !== 'object' || sent === null || typeof held !== 'object' || held === null) return false;
  const s = sent as Record<string, unknown>;
  const h = held as Record<string, unknown>;
  return nodes.some((node) => {
    if (node.widget === 'repeat') {
      const rows = s[node.key];
      const heldRows = h[node.key];
      if (Array.isArray(rows) && rows.length === 0 && Array.isArray(heldRows) && heldRows.length === 1) return true;
      return Array.isArray(rows) && Array.isArray(heldRows) && rows.some((row, i) => addedStarterRow(node.children, row, heldRows[i]));
    }
    return node.widget === 'group' && addedStarterRow(node.children, s[node.key], h[node.key]);
  });
}

const server = createSubmissionValidator();
// The server validator caches by key@version: one key per definition object.
const keys = new Map<Definition, string>();
const keyOf = (d: Definition): string => keys.get(d) ?? keys.set(d, `verdict-${keys.size}@1`).get(d)!;

async function compare(cases: Case[]): Promise<{ valid: number; invalid: number; skipped: number }> {
  const tally = { valid: 0, invalid: 0, skipped: 0 };
  const kept = cases.filter((c) => inVerdictCorpus(c.definition, validate(c.definition, c.data).errors));
  tally.skipped = cases.length - kept.length;
  const forms = new Map<Definition, FormioForm>();
  const formOf = (d: Definition): FormioForm => forms.get(d) ?? forms.set(d, toFormio(d, 'en')).get(d)!;
  const theirs = await formioVerdicts(kept.map((c) => ({ form: formOf(c.definition), data: c.data })));
  const disagreements: string[] = [];
  // Only one normalization may change a verdict: the starter row of an empty repeat.
  let normalized = 0;
  kept.forEach((c, i) => {
    const browser = theirs[i] as BrowserVerdict;
    const key = keyOf(c.definition);
    const serverValid = server.validate(key, c.definition, c.data).errors.length === 0;
    // The contract: what formio.js accepts, the server accepts, judged on the data formio.js
    // holds (an empty repeat, for one, is shown and held as one starter row).
    const held = server.validate(key, c.definition, browser.data).errors;
    const heldValid = held.length === 0;
    if (heldValid !== serverValid) {
      normalized++;
      if (!addedStarterRow(compileDefinition(c.definition), c.data, browser.data)) disagreements.push(`${c.name}: formio.js changed the answers' verdict: sent ${JSON.stringify(c.data)}, held ${JSON.stringify(browser.data)}`);
    }
    if (c.expected !== undefined && (serverValid !== c.expected || heldValid !== c.expected)) disagreements.push(`${c.name}: server says ${serverValid}/${heldValid}, expected ${c.expected}`);
    if (browser.valid !== heldValid) {
      disagreements.push(`${c.name}: formio.js ${browser.valid ? 'valid' : `invalid ${JSON.stringify(browser.errors)}`} / server ${JSON.stringify(held.map((e) => `${e.path}:${e.keyword}`))} for ${JSON.stringify(browser.data)} (sent ${JSON.stringify(c.data)})`);
    }
    tally[heldValid ? 'valid' : 'invalid']++;
  });
  expect(disagreements).toEqual([]);
  return tally;
}

describe('validation verdict equals real formio.js in Chromium', () => {
  it('agrees on the former disagreement classes, with the agreed verdicts', async () => {
    const cases = verdictClasses().map((c) => ({ name: c.name, definition: c.definition, data: c.data, expected: c.valid }));
    const tally = await compare(cases);
    expect(tally.skipped).toBe(0);
  });

  it('agrees on cascading choices (x-choice-filter) in real formio.js', async () => {
    // Form.io refuses an answer its filter does not offer through validate.json (the rule unrolled
    // over the options); cases outside the corpus's comparable kinds are left out as everywhere.
    const tally = await compare(cascadeClasses().map((c) => ({ name: c.name, definition: c.definition, data: c.data, expected: c.valid })));
    expect(tally.valid).toBeGreaterThan(0);
    expect(tally.invalid).toBeGreaterThan(0);
  });

  it('agrees on every fixture submission', async () => {
    await compare(fixtureCases());
  });

  it('agrees on seeded generated definitions and submissions', async () => {
    const tally = await compare(generatedCases(80, 4));
    // The corpus must stay meaningful: both verdicts well represented, few exclusions.
    expect(tally.valid).toBeGreaterThan(60);
    expect(tally.invalid).toBeGreaterThan(60);
    expect(tally.skipped).toBeLessThan(tally.valid + tally.invalid);
    expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
