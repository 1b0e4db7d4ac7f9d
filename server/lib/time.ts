/** Times are stored as ISO-8601 UTC text in both dialects, so they sort and compare as strings. */
export const isoNow = (clock: () => number = Date.now) => new Date(clock()).toISOString();

export const isoAfter = (milliseconds: number, clock: () => number = Date.now) =>
  new Date(clock() + milliseconds).toISOString();
