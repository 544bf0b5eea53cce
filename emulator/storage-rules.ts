/**
 * The cloud-storage security rule, as CloudBase evaluates it for calls from a client (mini-program /
 * web): `{ "read": <bool|expr>, "write": <bool|expr> }` over `auth` (the caller: `auth.openid`, null
 * when not signed in) and `resource` (the file: `resource.openid` = its uploader). Functions and the
 * console are never subject to it. Docs: 云存储安全规则 (developers.weixin.qq.com/miniprogram/dev/
 * wxcloud/guide/storage/security-rules), CloudBase "Security Rules".
 *
 * Only the expressions this project's rule uses are understood — a boolean, `auth != null`, and
 * `resource.openid == auth.openid` (either order), joined by `||` / `&&`. Anything else is refused
 * when the rule is loaded: the local cloud is never more lenient than the platform because it
 * misread a rule. A missing key means false (CloudBase's default: deny client access).
 */
export type RuleValue = boolean | string;
export interface StorageRuleSet {
  read?: RuleValue;
  write?: RuleValue;
}

type Atom = (ctx: RuleContext) => boolean;
export interface RuleContext {
  auth: { openid: string } | null;
  resource: { openid: string | null };
}

const ATOMS: [RegExp, Atom][] = [
  [/^true$/, () => true],
  [/^false$/, () => false],
  [/^auth\s*!=\s*null$/, (c) => c.auth !== null],
  [
    /^(resource\.openid\s*==\s*auth\.openid|auth\.openid\s*==\s*resource\.openid)$/,
    (c) => c.auth !== null && !!c.resource.openid && c.resource.openid === c.auth.openid,
  ],
];

function compile(expr: RuleValue | undefined, key: string): (c: RuleContext) => boolean {
  if (expr === undefined) return () => false;
  if (typeof expr === 'boolean') return () => expr;
  const ors = expr.split('||').map((part) =>
    part.split('&&').map((raw) => {
      const a = raw
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim();
      const hit = ATOMS.find(([re]) => re.test(a));
      if (!hit) throw new Error(`storage rule ${key}: "${a}" is not understood by the local cloud`);
      return hit[1];
    }),
  );
  return (c) => ors.some((ands) => ands.every((f) => f(c)));
}

export class StorageRules {
  private readonly read: (c: RuleContext) => boolean;
  private readonly write: (c: RuleContext) => boolean;

  constructor(readonly rules: StorageRuleSet) {
    this.read = compile(rules.read, 'read');
    this.write = compile(rules.write, 'write');
  }

  canRead(openid: string | null, owner: string | null): boolean {
    return this.read({ auth: openid ? { openid } : null, resource: { openid: owner } });
  }

  /** An upload (new file: its owner will be the caller) or an overwrite/delete (owner as stored). */
  canWrite(openid: string | null, owner: string | null): boolean {
    return this.write({ auth: openid ? { openid } : null, resource: { openid: owner } });
  }
}
