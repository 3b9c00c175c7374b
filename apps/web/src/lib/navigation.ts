/**
 * Where to go after authenticating: `?next=` when it resolves to this app's own origin, else home.
 * `next` is resolved the way the browser will resolve it (`new URL(next, origin)` drops tabs and
 * newlines, turns `\` into `/`, removes dot segments), so `/\t/evil.example`, `//evil.example`,
 * `/\evil.example`, `https://…` and `javascript:` all land on another origin and are refused: no
 * open redirect. Only path, query and hash are kept, and the result must resolve to this origin
 * again (`/a/..//evil.example` resolves to the path `//evil.example`, which would not).
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (!next) return '/';
  try {
    const url = new URL(next, origin);
    if (url.origin !== origin) return '/';
    const path = `${url.pathname}${url.search}${url.hash}`;
    return new URL(path, origin).origin === origin ? path : '/';
  } catch {
    return '/';
  }
}
