/**
 * CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt a.b`, …) and their long forms. Every `!Name` becomes
 * `{ "Fn::Name": … }` (so `!Length` from the language extensions transform is `Fn::Length`) except the three
 * that are not functions: `!Ref` → `Ref`, `!Condition` → `Condition`; `!GetAtt` in dotted form is split at the first
 * dot, as CloudFormation does.
 */

/** The long-form key of a short tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`), or undefined for tags that are not CloudFormation's. */
export function longFormKey(tag: string | undefined): string | undefined {
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!') || tag.startsWith('!<')) return undefined;
  const name = tag.slice(1);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) return undefined;
  if (name === 'Ref' || name === 'Condition') return name;
  return `Fn::${name}`;
}

/** The long form of a tagged value. */
export function longForm(key: string, value: unknown): Record<string, unknown> {
  if (key === 'Fn::GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

/**
 * The long-form key of a resolved local tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`, `!Foo.bar` → `Fn::Foo.bar`), as
 * SAM and `aws cloudformation package` turn every `!` tag into a function; undefined for tags that are not local.
 */
export function intrinsicKey(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.length < 2) return undefined;
  const name = tag.slice(1);
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}
