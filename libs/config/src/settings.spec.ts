import './environment'; // the platform's declaration, as in the app
import { ConfigurationError, EnvReader } from './env-reader';
import { checkSettings, declaredSettings, defineSettings, readSettings } from './settings';

const widgets = defineSettings({
  area: 'widgets-spec',
  variables: {
    WIDGETS_SPEC_COUNT: { default: '3', meaning: 'widgets' },
    WIDGETS_SPEC_MODE: { default: 'fast', meaning: 'how widgets run' },
  },
  parse: (read) => ({
    count: read.integer('WIDGETS_SPEC_COUNT', 3, 1, 10),
    mode: read.oneOf('WIDGETS_SPEC_MODE', ['fast', 'slow'] as const, 'fast'),
  }),
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('defineSettings', () => {
  it('is a registerAs factory with its key and its declaration', () => {
    expect(widgets.KEY).toBe('CONFIGURATION(widgets-spec)');
    expect(Object.keys(widgets.declaration.variables)).toEqual(['WIDGETS_SPEC_COUNT', 'WIDGETS_SPEC_MODE']);
    expect(declaredSettings()).toContain(widgets.declaration);
  });

  it('reads its variables, with defaults', () => {
    expect(readSettings(widgets.declaration, {})).toEqual({ count: 3, mode: 'fast' });
    expect(readSettings(widgets.declaration, { WIDGETS_SPEC_COUNT: '7', WIDGETS_SPEC_MODE: 'slow' })).toEqual({ count: 7, mode: 'slow' });
  });

  it('the boot check lists the problems of every area at once', () => {
    const problems = problemsOf(() => checkSettings({ DATA_DIR: 'memory://', PORT: 'eighty', WIDGETS_SPEC_COUNT: '11', WIDGETS_SPEC_MODE: 'warp' }));
    expect(problems).toEqual([
      expect.stringMatching(/^PORT must be/),
      expect.stringMatching(/^WIDGETS_SPEC_COUNT must be a whole number from 1 to 10 \(got "11"\)/),
      expect.stringMatching(/^WIDGETS_SPEC_MODE must be one of fast, slow/),
    ]);
  });

  it('refuses a variable two areas both claim', () => {
    expect(() => defineSettings({ area: 'other-spec', variables: { WIDGETS_SPEC_COUNT: { default: '1', meaning: 'x' } }, parse: () => ({}) })).toThrow(
      /"other-spec" and "widgets-spec" both declare WIDGETS_SPEC_COUNT/,
    );
  });

  it('a reader given its declared variables refuses to read any other', () => {
    const read = new EnvReader({}, [], new Set(['A']));
    expect(read.string('A', 'x')).toBe('x');
    expect(() => read.integer('B', 1, 0, 2)).toThrow(/B is read but not declared/);
  });
});
