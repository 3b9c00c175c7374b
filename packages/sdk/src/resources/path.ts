/**
 * A path template whose interpolated ids are URL-encoded: path`/v1/accounts/${id}`. An empty id or a
 * dot segment (`.`, `..`, and their percent-encoded forms, which URL parsers resolve the same way)
 * would change which operation the path names — `/v1/accounts/../transfers` is `/v1/transfers` — so
 * it is refused before any request is made.
 */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce((out, part, i) => out + part + (i < ids.length ? segment(ids[i] as string) : ''), '');
}

function segment(id: string): string {
  if (id === '' || /^(\.|%2e)+$/i.test(id)) throw new TypeError(`${JSON.stringify(id)} is not an id.`);
  return encodeURIComponent(id);
}
