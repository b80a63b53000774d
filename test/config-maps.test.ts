import { packConfigMapData, type ConfigMapFile } from '../constructs/config-maps';

const tooLarge = (file: ConfigMapFile, bytes: number) => new Error(`${file.name}: ${bytes} bytes`);
const bytes = (data: Record<string, string>) => Buffer.byteLength(JSON.stringify(data));

describe('packConfigMapData', () => {
  // Escapes and multi-byte characters make the JSON longer than the text: the budget is in JSON bytes.
  const files: ConfigMapFile[] = Array.from({ length: 40 }, (_, i) => ({
    name: `file-${i}.json`,
    text: `{"title": "Dashboard ${i} – Δ"}\n`.repeat(5 + (i % 7) * 3),
  }));

  test('keeps every file once, in order, each map within the budget, and starts a map only when the next file does not fit', () => {
    const budget = 2000;
    const packs = packConfigMapData(files, budget, tooLarge);
    expect(packs.flatMap((data) => Object.keys(data))).toEqual(files.map((f) => f.name));
    for (const data of packs) expect(bytes(data)).toBeLessThanOrEqual(budget);
    packs.slice(0, -1).forEach((data, i) => {
      const next = Object.keys(packs[i + 1])[0];
      expect(bytes({ ...data, [next]: packs[i + 1][next] })).toBeGreaterThan(budget);
    });
    expect(packs.length).toBeGreaterThan(5);
  });

  test('a budget exactly the size of all files gives one map', () => {
    const all = Object.fromEntries(files.map((f) => [f.name, f.text]));
    expect(packConfigMapData(files, bytes(all), tooLarge)).toEqual([all]);
    expect(packConfigMapData(files, bytes(all) - 1, tooLarge)).toHaveLength(2);
  });

  test('no files give one empty map, for a volume to project', () => {
    expect(packConfigMapData([], 100, tooLarge)).toEqual([{}]);
  });

  test('fails when one file alone is over the budget, with its size as JSON', () => {
    const file = { name: 'big.yml', text: 'a"b'.repeat(100) };
    expect(() => packConfigMapData([file], 300, tooLarge)).toThrow(`big.yml: ${bytes({ [file.name]: file.text })} bytes`);
  });
});
