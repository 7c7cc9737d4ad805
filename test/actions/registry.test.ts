// The action registry ties each type's parser to its executor: the API accepts exactly the types
// the outbox worker can run.

import { describe, expect, it } from 'vitest';
import { actionDefinition, defaultExecutors } from '../../src/actions/registry.js';
import { ACTION_TYPES } from '../../src/model/automation.js';

describe('the action registry', () => {
  it('has a parser and an executor for every type the API accepts, and for no other', () => {
    expect(Object.keys(defaultExecutors())).toEqual([...ACTION_TYPES]);
    for (const type of ACTION_TYPES) {
      const definition = actionDefinition(type);
      expect(definition?.type, type).toBe(type);
      expect(typeof definition?.parse, type).toBe('function');
      expect(typeof definition?.executor.execute, type).toBe('function');
    }
  });

  it('knows nothing of unknown types, nor of inherited object keys', () => {
    expect(actionDefinition('launch-rocket')).toBeUndefined();
    expect(actionDefinition('toString')).toBeUndefined();
    expect(actionDefinition('__proto__')).toBeUndefined();
  });
});
