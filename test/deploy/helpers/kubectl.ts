/**
 * The few kubectl commands the README gives, carried out the way kubectl would on an in-memory
 * cluster (there is no API server here): `apply -f FILE`, `create secret generic NAME
 * --from-file=[key=]path` and `create configmap NAME --from-file=path|dir/`, with `-n NS`. Every
 * object is validated against the Kubernetes schemas (kubernetes-models), and a namespaced
 * object needs its namespace to exist first, as the API server refuses it otherwise.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as v1 from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as the tests read it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: Record<string, unknown>;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const MODELS: Record<string, Record<string, unknown>> = {
  v1,
  'apps/v1': appsV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
};

/** Throws the schema's message when `obj` is not a valid object of its kind. */
export function validateObject(obj: K8sObject, where: string): void {
  const Model = MODELS[obj.apiVersion]?.[obj.kind] as (new (o: unknown) => { validate(): void }) | undefined;
  if (!Model) throw new Error(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
  try {
    new Model(obj).validate();
  } catch (e) {
    throw new Error(`${where}: ${obj.kind} ${obj.metadata?.name}: ${(e as Error).message}`);
  }
}

/** The objects of a multi-document YAML file. */
export async function manifestObjects(file: string): Promise<K8sObject[]> {
  return parseAllDocuments(await readFile(file, 'utf8'))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o);
}

/** An in-memory cluster that the README's kubectl lines act on. */
export class Cluster {
  readonly objects: K8sObject[] = [];

  /** The object of `kind` and `name` (in `namespace`), if created. */
  get(kind: string, name: string, namespace?: string): K8sObject | undefined {
    return this.objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata.name === name &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
  }

  private put(obj: K8sObject, how: 'apply' | 'create', where: string): void {
    validateObject(obj, where);
    if (!CLUSTER_SCOPED.has(obj.kind)) {
      obj.metadata.namespace ??= 'default';
      const ns = obj.metadata.namespace;
      if (ns !== 'default' && !this.get('Namespace', ns))
        throw new Error(`${where}: namespaces "${ns}" not found (${obj.kind} ${obj.metadata.name})`);
    }
    const i = this.objects.findIndex(
      (o) =>
        o.kind === obj.kind &&
        o.metadata.name === obj.metadata.name &&
        o.metadata.namespace === obj.metadata.namespace,
    );
    if (i >= 0 && how === 'create')
      throw new Error(`${where}: ${obj.kind} "${obj.metadata.name}" already exists`);
    if (i >= 0) this.objects[i] = obj;
    else this.objects.push(obj);
  }

  /** Runs one `kubectl ...` line; `path` maps a path on the command line to a file here. */
  async run(line: string, path: (p: string) => string): Promise<void> {
    const words = line.split(/\s+/);
    if (words.shift() !== 'kubectl') throw new Error(`not a kubectl line: ${line}`);
    let namespace: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < words.length; i++) {
      if (words[i] === '-n' || words[i] === '--namespace') namespace = words[++i];
      else if (words[i]!.startsWith('--namespace=')) namespace = words[i]!.slice(12);
      else rest.push(words[i]!);
    }
    const [verb, ...args] = rest;
    if (verb === 'apply' && args[0] === '-f' && args[1]) {
      for (const o of await manifestObjects(path(args[1]))) {
        if (namespace && !CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace ??= namespace;
        this.put(o, 'apply', line);
      }
      return;
    }
    if (verb === 'create' && (args[0] === 'configmap' || (args[0] === 'secret' && args[1] === 'generic'))) {
      const secret = args[0] === 'secret';
      const name = args[secret ? 2 : 1]!;
      const data: Record<string, string> = {};
      for (const a of args.slice(secret ? 3 : 2)) {
        const m = /^--from-file=(?:([\w.-]+)=)?(.+)$/.exec(a);
        if (!m) throw new Error(`${line}: unsupported argument ${a}`);
        const p = path(m[2]!);
        if ((await stat(p)).isDirectory()) {
          for (const f of (await readdir(p)).sort())
            if ((await stat(join(p, f))).isFile()) data[f] = await readFile(join(p, f), 'utf8');
        } else data[m[1] ?? basename(p)] = await readFile(p, 'utf8');
      }
      const obj: K8sObject = secret
        ? { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data: base64(data) }
        : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
      this.put(obj, 'create', line);
      return;
    }
    throw new Error(`unsupported kubectl command: ${line}`);
  }
}

function base64(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}

/** A Secret's value for `key`, decoded as the kubelet hands it to a container. */
export function secretValue(secret: K8sObject, key: string): string | undefined {
  if (secret.stringData?.[key] !== undefined) return secret.stringData[key];
  const b = secret.data?.[key];
  return b === undefined ? undefined : Buffer.from(b, 'base64').toString('utf8');
}
