// Stops `npm test` at once, naming the install command, when a system program the tests
// need is missing. It never installs anything itself.
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = readFileSync(path.join(here, 'test-deps.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split(/\s+/));

function found(command) {
  const candidates = command.includes('/')
    ? [command]
    : (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']).map((dir) => path.join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = wanted.filter(([command]) => !found(command));
if (missing.length > 0) {
  const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
  console.error(`The tests need programs that are not installed: ${missing.map(([c]) => c).join(', ')}.`);
  console.error(`Install them with:  sudo apt-get update && sudo apt-get install -y ${packages}`);
  console.error('or run scripts/install-test-deps.sh as root.');
  process.exit(1);
}
