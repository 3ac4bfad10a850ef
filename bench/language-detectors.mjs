// Which language detector is right most often on SHORT chat messages, in the 10 languages the bot speaks?
//
// The candidates are not all dependencies of the project (only the winner is), so install them somewhere first:
//   mkdir -p /tmp/ld && cd /tmp/ld && npm init -y && npm install eld tinyld franc-min
//   node bench/language-detectors.mjs /tmp/ld
// Reads test/fixtures/short-chat-messages.json (sets `short`, `tiny`, `holdout`); prints accuracy per detector and language, and time per message.
// The project's own detector (tinyld + script and function-word rules, core/i18n/detect-language.ts) is measured on
// the same sets by test/i18n-detect-language.test.ts.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.argv[2] ?? join(here, '..');
const fixture = JSON.parse(readFileSync(join(here, '../test/fixtures/short-chat-messages.json'), 'utf8'));
const LANGS = ['en', 'es', 'fr', 'de', 'pt', 'it', 'nl', 'sv', 'zh', 'ru'];
const ISO3 = { en: 'eng', es: 'spa', fr: 'fra', de: 'deu', pt: 'por', it: 'ita', nl: 'nld', sv: 'swe', zh: 'cmn', ru: 'rus' };
const FROM3 = Object.fromEntries(Object.entries(ISO3).map(([k, v]) => [v, k]));
const mod = (p) => import(pathToFileURL(join(base, 'node_modules', p)).href);
const req = createRequire(join(base, 'package.json'));

const detectors = {};
try {
  const tinyld = req('tinyld');
  const tinyldHeavy = req('tinyld/heavy');
  detectors['tinyld (all languages)'] = (t) => tinyld.detect(t);
  detectors['tinyld only=10'] = (t) => tinyld.detect(t, { only: LANGS });
  detectors['tinyld/heavy only=10'] = (t) => tinyldHeavy.detect(t, { only: LANGS });
} catch (e) { console.error('tinyld not found:', e.message); }
try {
  const { franc } = await mod('franc-min/index.js');
  detectors['franc-min (all, minLength 1)'] = (t) => FROM3[franc(t, { minLength: 1 })] ?? franc(t, { minLength: 1 });
  detectors['franc-min only=10'] = (t) => FROM3[franc(t, { minLength: 1, only: Object.values(ISO3) })] ?? 'und';
} catch (e) { console.error('franc-min not found:', e.message); }
for (const size of ['large', 'medium', 'small', 'extrasmall']) {
  try {
    const { eld } = await mod(`eld/src/entries/static.${size}.js`);
    const all = eld.newInstance ? eld.newInstance() : eld;
    detectors[`eld/${size} (all)`] = (t) => all.detect(t).language;
    const subset = eld.newInstance();
    subset.setLanguageSubset(LANGS);
    detectors[`eld/${size} subset=10`] = (t) => subset.detect(t).language;
  } catch (e) { console.error(`eld/${size} not found:`, e.message); }
}

for (const set of ['short', 'tiny', 'holdout']) {
const samples = fixture[set];
const rows = [];
for (const [name, detect] of Object.entries(detectors)) {
  const perLang = {};
  let right = 0, total = 0;
  const misses = [];
  const started = process.hrtime.bigint();
  for (const lang of LANGS) {
    let ok = 0;
    for (const text of samples[lang]) {
      const got = detect(text);
      if (got === lang) ok++;
      else misses.push(`${lang}→${got || '?'}: ${text}`);
    }
    perLang[lang] = ok;
    right += ok;
    total += samples[lang].length;
  }
  const micros = Number(process.hrtime.bigint() - started) / 1000 / total;
  rows.push({ name, right, total, perLang, micros, misses });
}
rows.sort((a, b) => b.right - a.right);
console.log(`\n== ${set} messages`);
console.log(`detector`.padEnd(30) + 'right'.padStart(9) + '  ' + LANGS.map((l) => l.padStart(3)).join(' ') + '   µs/msg');
for (const r of rows) {
  console.log(r.name.padEnd(30) + `${r.right}/${r.total}`.padStart(9) + '  ' + LANGS.map((l) => String(r.perLang[l]).padStart(3)).join(' ') + `   ${r.micros.toFixed(0).padStart(6)}`);
}
if (process.env.MISSES) for (const r of rows) console.log(`\n${r.name} misses:\n  ${r.misses.join('\n  ')}`);
}
