/** A JSON object column (extra_attrs, params) read back: anything else, or text that is not JSON, reads as {}. */
export const jsonObject = (text: string): Record<string, unknown> => {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
