/** The little of semver (it ships no types, and @types/semver is not installed) that package searches use. */
declare module 'semver' {
  interface Options {
    loose?: boolean;
    includePrerelease?: boolean;
  }
  const semver: {
    valid(version: string, options?: Options): string | null;
    validRange(range: string, options?: Options): string | null;
    satisfies(version: string, range: string, options?: Options): boolean;
  };
  export default semver;
}
