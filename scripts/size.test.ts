/** `npm run size` enforces every WeChat package limit, not only the main package's budget. */
import { sizeViolations } from './size';

const KB = 1024;
const MB = 1024 * KB;

test('within every limit: no violation', () => {
  expect(sizeViolations({ main: 500 * KB, sub: { secretary: 1.5 * MB, admin: 300 * KB } })).toEqual([]);
});

test('the main package over the budget (default 600 KB) or over 2 MB with a larger budget', () => {
  expect(sizeViolations({ main: 700 * KB, sub: {} })).toEqual([
    expect.stringMatching(/main package .* budget/),
  ]);
  expect(sizeViolations({ main: 700 * KB, sub: {} }, 800 * KB)).toEqual([]);
  expect(sizeViolations({ main: 2.1 * MB, sub: {} }, 4 * MB)).toEqual([expect.stringMatching(/2 MB limit/)]);
});

test('a subpackage over 2 MB fails even when the main package is small', () => {
  expect(sizeViolations({ main: 100 * KB, sub: { secretary: 2 * MB + 1, admin: MB } })).toEqual([
    expect.stringMatching(/^subpackage secretary\/ .* 2 MB limit per subpackage/),
  ]);
});

test('the whole mini-program over 20 MB fails even when every package is within 2 MB', () => {
  const sub = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, 1.9 * MB]));
  expect(sizeViolations({ main: 500 * KB, sub })).toEqual([expect.stringMatching(/20 MB limit/)]);
});
