/** Times are stored as ISO-8601 UTC text in both dialects, so they sort and compare as strings. */
export const isoNow = (clock: () => number = Date.now) => new Date(clock()).toISOString();

export const isoAfter = (milliseconds: number, clock: () => number = Date.now) =>
  new Date(clock() + milliseconds).toISOString();

/** Go's zero time as Harbor writes it: the pull_time of what was never pulled. */
export const ZERO_TIME = '0001-01-01T00:00:00.000Z';
