/** The little of semver (it ships no types, and @types/semver is not installed) that package searches use. */
declare module 'semver' {
  interface Options {
    loose?: boolean;
    includePrerelease?: boolean;
  }
  function valid(version: string, options?: Options): string | null;
  function validRange(range: string, options?: Options): string | null;
  function satisfies(version: string, range: string, options?: Options): boolean;
  const semver: { valid: typeof valid; validRange: typeof validRange; satisfies: typeof satisfies };
  export default semver;
}
