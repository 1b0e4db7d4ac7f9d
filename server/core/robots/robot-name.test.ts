/** A robot's name: the server takes exactly what the shared grammar the console checks takes. */
import { expect, test } from 'vitest';
import { ROBOT_NAME } from '../../api/contracts/rules/names.js';
import { checkRobotName } from './robot-input.js';

test('robot names: the server check and the shared rule agree', () => {
  const takes = (name: string) => {
    try {
      return checkRobotName(name) === name;
    } catch {
      return false;
    }
  };
  for (const value of ['ci', 'ci-bot', 'ci_bot.1', 'ci--bot', '-ci', 'CI', 'ci bot', 'a'.repeat(255), 'a'.repeat(256)]) {
    expect([value, takes(value)]).toEqual([value, value.length <= 255 && ROBOT_NAME.test(value)]);
  }
});
