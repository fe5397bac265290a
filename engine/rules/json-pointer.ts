// JSON pointers (RFC 6901) for problems, so an author sees exactly which part of a rule is wrong.

export function pointerTo(parent: string, token: string | number): string {
  return `${parent}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
