import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../cli/config.ts';
import { createRedis, parseRedisClusterUrl, RedisUrlError } from '../../queue/connection.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('REDIS_URL naming a Redis Cluster', () => {
  it('reads the nodes and the credentials of a redis-cluster:// URL, and leaves one server\'s URL alone', () => {
    expect(parseRedisClusterUrl('redis-cluster://10.0.0.1:7000,10.0.0.2:7001, redis-3 ,[::1]:7002')).toEqual({
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }, { host: 'redis-3', port: 6379 }, { host: '::1', port: 7002 }],
      username: undefined, password: undefined,
    });
    expect(parseRedisClusterUrl('redis-cluster://dealcast:p%40ss@10.0.0.1:7000')).toMatchObject({ username: 'dealcast', password: 'p@ss' });
    expect(parseRedisClusterUrl('redis-cluster://:secret@10.0.0.1:7000')).toMatchObject({ username: undefined, password: 'secret' });
    expect(parseRedisClusterUrl('redis://127.0.0.1:6379')).toBeUndefined();
    expect(() => parseRedisClusterUrl('redis-cluster://')).toThrow(RedisUrlError);
    expect(() => parseRedisClusterUrl('redis-cluster://10.0.0.1:seven')).toThrow('cluster node "10.0.0.1:seven" is not host:port');
  });

  it('is accepted as REDIS_URL, and a malformed one is listed with the other problems', () => {
    expect(loadConfig({ REDIS_URL: 'redis-cluster://10.0.0.1:7000,10.0.0.2:7000' }, '/srv').redisUrl).toBe('redis-cluster://10.0.0.1:7000,10.0.0.2:7000');
    expect(problemsOf({ REDIS_URL: 'redis-cluster://10.0.0.1:7000/0', PORT: 'eighty' })).toEqual([
      'PORT must be an integer 0..65535 (got "eighty")',
      'REDIS_URL: cluster node "10.0.0.1:7000/0" is not host:port',
    ]);
    expect(problemsOf({ REDIS_URL: 'http://10.0.0.1' })).toEqual(['REDIS_URL must use redis: or rediss: or redis-cluster: (got http:)']);
  });

  it('is refused by the one-server factory, so that a cluster is never mistaken for a server', () => {
    expect(() => createRedis('redis-cluster://127.0.0.1:7000')).toThrow(RedisUrlError);
  });
});
