// Why: indicator roll-ups are as big as the places × months × categories that really occur, so the
// seeded submissions must spread over the real gazetteer (~1,650 communes, ~14,600 villages), not a
// handful of codes. Only the codes are needed, so the YAML keys are read with a line regex (fast, no
// parse); without the vendored gazetteer folder a synthetic one of the same size is used instead.
import { existsSync, readFileSync } from 'node:fs';
import { GAZETTEER_DIR } from '../../tests/fixtures/gazetteer';

export interface Places {
  communes: string[];
  villages: string[];
  source: string;
}

const GAZETTEER = GAZETTEER_DIR;

function keys(file: string, digits: number): string[] {
  const re = new RegExp(`^  '(\\d{${digits}})':`, 'gm');
  return [...readFileSync(file, 'utf8').matchAll(re)].map((m) => m[1] as string);
}

/** 25 provinces × 8 districts × 8 communes × 9 villages: the real gazetteer's order of magnitude. */
function synthetic(): Places {
  const two = (n: number) => String(n).padStart(2, '0');
  const communes: string[] = [];
  for (let p = 1; p <= 25; p++) for (let d = 1; d <= 8; d++) for (let c = 1; c <= 8; c++) communes.push(`${two(p)}${two(d)}${two(c)}`);
  const villages = communes.flatMap((c) => Array.from({ length: 9 }, (_, v) => `${c}${two(v + 1)}`));
  return { communes, villages, source: 'synthetic codes (gazetteer not found)' };
}

export function loadPlaces(dir = process.env.BENCH_GAZETTEER_DIR || GAZETTEER): Places {
  const communesFile = `${dir.replace(/\/?$/, '/')}communes.yml`;
  const villagesFile = `${dir.replace(/\/?$/, '/')}villages.yml`;
  if (!existsSync(communesFile) || !existsSync(villagesFile)) return synthetic();
  const communes = keys(communesFile, 6);
  const villages = keys(villagesFile, 8);
  if (communes.length === 0 || villages.length === 0) return synthetic();
  return { communes, villages, source: `gazetteer: ${communes.length.toLocaleString('en-US')} communes, ${villages.length.toLocaleString('en-US')} villages` };
}
