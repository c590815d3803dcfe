import { DEFAULT_BENCH_DATABASE_URL } from './database';

export interface BenchOptions {
  only?: string[];
  /** Seconds of each measured run. */
  duration: number;
  /** Seconds of the unmeasured warm-up of each target before a scenario's first run. */
  warmup: number;
  /** Seconds each side serves a mix of all scenarios before the first measurement (JIT warm-up). */
  warmupAll: number;
  connections: number;
  /** DATABASE_POOL_SIZE of the service, and the baseline's pool size. */
  pool: number;
  organizations: number;
  members: number;
  bigOrganizationMembers: number;
  build: boolean;
  /** Benchmark this commit (built in a temporary folder) instead of the working tree. */
  ref?: string;
  fixedRate: boolean;
  /** The fixed-rate runs offer this percentage of the baseline's maximum rate (50: the issues' "half"). */
  fixedRatePercent: number;
  databaseUrl: string;
  list: boolean;
  /** Extra node options for the service process only (experiments: --max-semi-space-size=…, -r ./patch.js). */
  serviceNodeOptions?: string;
  /** Write V8 CPU profiles of the service and the baseline to bench/results/profiles/. */
  profile: boolean;
}

const HELP = `npm run bench -- [flags]

  --only=a,b               run only these scenarios (see --list)
  --duration=10            seconds per measured run
  --warmup-all=20          seconds each side serves all scenarios in turn before measuring (JIT warm-up)
  --warmup=2               seconds of warm-up per target and scenario (not measured)
  --connections=50         concurrent keep-alive connections
  --pool=10                database pool size of the service and of the baseline
  --orgs=10000             organizations in the seeded data set
  --members=8              members per organization
  --big-org-members=5000   members of organization 1 (the member listing)
  --no-build               use dist/ as it is instead of running \`nest build\` first
  --ref=<commit>           benchmark that commit (git archive + nest build in a temporary folder)
  --no-fixed-rate          skip the runs at half the baseline's maximum rate
  --fixed-rate-percent=50  offer this share of the baseline's maximum in the fixed-rate runs instead of half
  --database-url=URL       bench database (default: $BENCH_DATABASE_URL or ${DEFAULT_BENCH_DATABASE_URL})
  --service-node-options=… extra Node options for the service only, e.g. "--max-semi-space-size=32"
  --profile                CPU-profile the service and the baseline (bench/results/profiles/*.cpuprofile;
                           summarize with: node -r @swc-node/register bench/tools/profile-summary.ts FILE)
  --list                   print the scenarios and exit
`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}"\n\n${HELP}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = [
    'only',
    'duration',
    'warmup',
    'warmup-all',
    'connections',
    'pool',
    'orgs',
    'members',
    'big-org-members',
    'no-build',
    'ref',
    'no-fixed-rate',
    'fixed-rate-percent',
    'database-url',
    'list',
    'profile',
    'service-node-options',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`Unknown flag --${name}\n\n${HELP}`);

  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const databaseUrl = flags.get('database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  return {
    only: flags
      .get('only')
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    duration: int('duration', 10, 1, 600),
    warmup: int('warmup', 2, 0, 60),
    warmupAll: int('warmup-all', 20, 0, 600),
    connections: int('connections', 50, 1, 5000),
    pool: int('pool', 10, 1, 500),
    organizations: int('orgs', 10_000, 1, 1_000_000),
    members: int('members', 8, 2, 1000),
    bigOrganizationMembers: int('big-org-members', 5000, 2, 1_000_000),
    build: !flags.has('no-build'),
    ref: flags.get('ref'),
    fixedRate: !flags.has('no-fixed-rate'),
    fixedRatePercent: int('fixed-rate-percent', 50, 1, 100),
    databaseUrl,
    list: flags.has('list'),
    profile: flags.has('profile'),
    serviceNodeOptions: flags.get('service-node-options'),
  };
}
