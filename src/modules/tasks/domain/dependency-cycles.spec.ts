import { cyclicComponents } from './dependency-cycles';

describe('cyclicComponents', () => {
  const sorted = (components: string[][]) => components.map((c) => [...c].sort()).sort((a, b) => a[0].localeCompare(b[0]));

  it('finds nothing in a DAG', () => {
    expect(
      cyclicComponents([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
      ]),
    ).toEqual([]);
  });

  it('finds each cycle as one component, and self-loops', () => {
    const edges: Array<[string, string]> = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
      ['e', 'e'],
      ['f', 'g'],
      ['g', 'f'],
    ];
    expect(sorted(cyclicComponents(edges))).toEqual([['a', 'b', 'c'], ['e'], ['f', 'g']]);
  });

  it('walks a 100,000-long chain closed into a loop without recursion', () => {
    const edges: Array<[string, string]> = [];
    for (let i = 0; i < 100_000; i++) edges.push([String(i), String((i + 1) % 100_000)]);
    const [component] = cyclicComponents(edges);
    expect(component).toHaveLength(100_000);
  });
});
