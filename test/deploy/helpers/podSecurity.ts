/**
 * The Pod Security Standards' checks (kubernetes.io/docs/concepts/security/pod-security-standards)
 * for the fields our manifests can set, so a test can say which level a pod meets and why not
 * a stricter one. Not the admission plugin: AppArmor, SELinux, sysctls and Windows options are
 * not read (no manifest of ours sets them).
 */

/** The levels, least to most strict. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  seccompProfile?: { type: string };
  capabilities?: { add?: string[]; drop?: string[] };
}
interface Container {
  name: string;
  ports?: Array<{ containerPort?: number; hostPort?: number }>;
  securityContext?: SecurityContext;
}
/** The parts of a pod spec the standards look at. */
export interface PodSpecForSecurity {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<Record<string, unknown> & { name: string }>;
}

/** One reason a pod fails a level. */
export interface Violation {
  readonly level: Exclude<PodSecurityLevel, 'privileged'>;
  readonly what: string;
}

// Baseline's allowed added capabilities, and the volume types "restricted" allows.
const BASELINE_CAPS = new Set(
  'AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT'.split(
    ' ',
  ),
);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

function containerViolations(pod: PodSpecForSecurity, c: Container, out: Violation[]): void {
  const sc = c.securityContext ?? {};
  const at = `containers[${c.name}]`;
  if (sc.privileged) out.push({ level: 'baseline', what: `${at}: privileged` });
  for (const p of c.ports ?? [])
    if (p.hostPort) out.push({ level: 'baseline', what: `${at}: hostPort ${p.hostPort}` });
  for (const cap of sc.capabilities?.add ?? []) {
    if (!BASELINE_CAPS.has(cap)) out.push({ level: 'baseline', what: `${at}: adds capability ${cap}` });
    else if (cap !== 'NET_BIND_SERVICE')
      out.push({ level: 'restricted', what: `${at}: adds capability ${cap}` });
  }
  if (sc.procMount && sc.procMount !== 'Default')
    out.push({ level: 'baseline', what: `${at}: procMount ${sc.procMount}` });
  const seccomp = sc.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
  if (seccomp === 'Unconfined') out.push({ level: 'baseline', what: `${at}: seccomp Unconfined` });
  else if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    out.push({ level: 'restricted', what: `${at}: no seccompProfile RuntimeDefault or Localhost` });
  if (sc.allowPrivilegeEscalation !== false)
    out.push({ level: 'restricted', what: `${at}: allowPrivilegeEscalation is not false` });
  if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot))
    out.push({ level: 'restricted', what: `${at}: runAsNonRoot is not true` });
  if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0)
    out.push({ level: 'restricted', what: `${at}: runAsUser 0` });
  if (!(sc.capabilities?.drop ?? []).includes('ALL'))
    out.push({ level: 'restricted', what: `${at}: capabilities.drop lacks ALL` });
}

/** Every check of "baseline" and "restricted" that `pod` fails. */
export function podSecurityViolations(pod: PodSpecForSecurity): Violation[] {
  const out: Violation[] = [];
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (pod[k]) out.push({ level: 'baseline', what: k });
  if (pod.securityContext?.runAsUser === 0) out.push({ level: 'restricted', what: 'runAsUser 0' });
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name') ?? '';
    if (type === 'hostPath') out.push({ level: 'baseline', what: `volumes[${v.name}]: hostPath` });
    else if (!RESTRICTED_VOLUMES.has(type))
      out.push({ level: 'restricted', what: `volumes[${v.name}]: ${type}` });
  }
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) containerViolations(pod, c, out);
  return out;
}

/** Whether a namespace enforcing `level` admits a pod with these violations. */
export function admits(level: PodSecurityLevel, violations: readonly Violation[]): boolean {
  if (level === 'privileged') return true;
  return violations.every((v) => level === 'baseline' && v.level === 'restricted');
}
