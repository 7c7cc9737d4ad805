import { describe, expect, it } from 'vitest';
import { apiRoot, webSocketUrl } from '../../sdk/endpoint.js';

describe('API endpoints', () => {
  it('adds /api to a bare server URL and keeps an explicit API path', () => {
    expect(apiRoot('http://127.0.0.1:4200')).toBe('http://127.0.0.1:4200/api');
    expect(apiRoot('http://127.0.0.1:4200/')).toBe('http://127.0.0.1:4200/api');
    expect(apiRoot('https://proxy.example/herald/api/')).toBe('https://proxy.example/herald/api');
  });

  it('maps http(s) to ws(s) for WebSocket paths, with query parameters', () => {
    expect(webSocketUrl('http://h:1', '/events/in', { acks: '1' })).toBe('ws://h:1/api/events/in?acks=1');
    expect(webSocketUrl('https://h/api', '/events/out')).toBe('wss://h/api/events/out');
  });
});
