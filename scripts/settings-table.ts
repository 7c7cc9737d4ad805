// Prints the README's settings table from src/config.ts (the single source of truth).
//   npx tsx scripts/settings-table.ts           → prints the table
//   npx tsx scripts/settings-table.ts --write   → rewrites it in README.md between the markers
// test/readme.test.ts fails when the README drifts from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDefault, flagName, settingDefinitions, type SettingName } from '../src/config.js';

export function settingsTable(): string {
  const rows = (Object.keys(settingDefinitions) as SettingName[]).map((name) => {
    const d = settingDefinitions[name];
    return `| \`${d.env}\` | \`${flagName(name)}\` | \`${describeDefault(name)}\` | ${d.doc} |`;
  });
  return ['| environment variable | flag | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

const isMain = process.argv[1]?.endsWith('settings-table.ts');
if (isMain && process.argv.includes('--write')) {
  const path = join(import.meta.dirname, '..', 'README.md');
  const readme = readFileSync(path, 'utf8');
  const updated = readme.replace(
    /<!-- settings:start -->\n[\s\S]*?<!-- settings:end -->/,
    `<!-- settings:start -->\n${settingsTable()}\n<!-- settings:end -->`,
  );
  writeFileSync(path, updated);
  console.log('README.md settings table updated');
} else if (isMain) {
  console.log(settingsTable());
}
