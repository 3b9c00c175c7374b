/**
 * Where to go after authenticating: `?next=` when it is a path of this app, else home. Anything that
 * could leave the app (`//evil.example`, `https://…`, `/\\evil`) is refused: no open redirect.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  return next;
}
