import { parseDuration } from '../shared/duration.ts';

/** Options of {@link silenceCommand}. */
export interface SilenceCommandOptions {
  /** Base URL of the running alerting service, e.g. http://127.0.0.1:9095. */
  readonly url: string;
  readonly token?: string;
  readonly out: (line: string) => void;
}

const USAGE = [
  'usage: golden-signals-alerting silence add <matcher>... --duration 2h|--end <RFC3339> --author <who> --comment <why>',
  '       golden-signals-alerting silence list',
  '       golden-signals-alerting silence expire <id>',
  'matchers look like service_name="checkout" or alertname=~"High.*" (quote them for the shell)',
];

function flags(args: string[]): { positional: string[]; named: Map<string, string> } | string {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) named.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = args[++i];
      if (v === undefined) return `${a} needs a value`;
      named.set(a.slice(2), v);
    }
  }
  return { positional, named };
}

/**
 * `silence add|list|expire`: talks to the running service's /api/v1/silences. Returns the exit
 * code: 0 done, 1 the service refused or could not be reached, 2 usage error.
 */
export async function silenceCommand(argv: string[], opts: SilenceCommandOptions): Promise<number> {
  const [sub, ...rest] = argv;
  const parsed = flags(rest);
  if (!sub || sub === '--help' || sub === 'help' || typeof parsed === 'string') {
    if (typeof parsed === 'string') opts.out(`error: ${parsed}`);
    for (const l of USAGE) opts.out(l);
    return sub === '--help' || sub === 'help' ? 0 : 2;
  }
  const api: Api = { base: `${opts.url.replace(/\/+$/, '')}/api/v1/silences`, call: caller(opts) };
  if (sub === 'add') return add(api, parsed, opts);
  if (sub === 'list') return list(api, opts);
  if (sub === 'expire') return expire(api, parsed, opts);
  return usage(opts, `unknown subcommand '${sub}'`);
}

type Flags = { positional: string[]; named: Map<string, string> };
type Call = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ error?: string; data?: unknown } | undefined>;
interface Api {
  readonly base: string;
  readonly call: Call;
}

/** One API call; an error is printed and gives undefined. */
function caller(opts: SilenceCommandOptions): Call {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return async (method, url, body) => {
    try {
      const res = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: string; data?: unknown };
      if (!res.ok) {
        opts.out(`error: ${json.error ?? `HTTP ${res.status}`}`);
        return undefined;
      }
      return json;
    } catch (err) {
      opts.out(`error: cannot reach the alerting service at ${opts.url}: ${(err as Error).message}`);
      return undefined;
    }
  };
}

async function add(api: Api, { positional, named }: Flags, opts: SilenceCommandOptions): Promise<number> {
  const duration = named.get('duration');
  if (!positional.length) return usage(opts, 'add needs at least one matcher');
  if (duration !== undefined && parseDuration(duration) === undefined) {
    return usage(opts, `--duration: expected a duration like 2h, got '${duration}'`);
  }
  if (!named.get('author') || !named.get('comment')) return usage(opts, 'add needs --author and --comment');
  const body = {
    matchers: positional,
    createdBy: named.get('author'),
    comment: named.get('comment'),
    ...(named.has('end') ? { endsAt: named.get('end') } : { duration: duration ?? '1h' }),
  };
  const json = await api.call('POST', api.base, body);
  if (!json) return 1;
  opts.out((json.data as { silenceID: string }).silenceID);
  return 0;
}

async function list(api: Api, opts: SilenceCommandOptions): Promise<number> {
  const json = await api.call('GET', api.base);
  if (!json) return 1;
  const rows = json.data as Array<{
    id: string;
    matchers: string[];
    endsAt: string;
    createdBy: string;
    comment: string;
    status: { state: string };
  }>;
  opts.out('ID\tSTATE\tENDS\tMATCHERS\tBY\tCOMMENT');
  for (const s of rows) {
    opts.out([s.id, s.status.state, s.endsAt, s.matchers.join(','), s.createdBy, s.comment].join('\t'));
  }
  return 0;
}

async function expire(api: Api, { positional }: Flags, opts: SilenceCommandOptions): Promise<number> {
  if (positional.length !== 1) return usage(opts, 'expire needs exactly one silence id');
  const json = await api.call('DELETE', `${api.base}/${encodeURIComponent(positional[0] as string)}`);
  if (!json) return 1;
  opts.out(`expired ${positional[0]}`);
  return 0;
}

function usage(opts: SilenceCommandOptions, msg: string): number {
  opts.out(`error: ${msg}`);
  for (const l of USAGE) opts.out(l);
  return 2;
}
