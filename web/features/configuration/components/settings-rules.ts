/** zod pieces the settings forms share; the bounds are the server's (server/core/settings/definitions.ts). */
import { z } from '../../../lib/zod';

export const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

export const wholeNumber = (min: number, max: number, unit: string) => {
  const range = `From ${min} to ${max.toLocaleString('en')} ${unit}.`;
  return z.number({ error: `Enter a number of ${unit}.` }).int(`Whole ${unit} only.`).min(min, range).max(max, range);
};
