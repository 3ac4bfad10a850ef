/**
 * compose.yaml runs Redis as a queue (AOF every second, no eviction, a named volume) and the bot from .env once
 * Redis is healthy; .dockerignore keeps secrets and build output out of the image's build context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'));

/** `--name value` pairs of a redis-server command (list or string form). */
function redisOptions(command: string[] | string): Record<string, string> {
  const words = Array.isArray(command) ? command.map(String) : command.split(/\s+/);
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) if (words[i].startsWith('--')) options[words[i].slice(2)] = words[i + 1];
  return options;
}

describe('compose.yaml', () => {
  test('Redis keeps every write (AOF, fsync every second), never evicts, and stores its data in a named volume', () => {
    const redis = compose.services.redis;
    expect(redis.image).toMatch(/^redis:/);
    expect(redisOptions(redis.command)).toMatchObject({ appendonly: 'yes', appendfsync: 'everysec', 'maxmemory-policy': 'noeviction' });
    const [volume, target] = String(redis.volumes[0]).split(':');
    expect(target).toBe('/data');
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(redis.healthcheck.test).toEqual(expect.arrayContaining(['redis-cli', 'ping']));
  });

  test('the bot is built here, reads .env, waits for a healthy Redis and serves port 3000', () => {
    const bot = compose.services.bot;
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(bot.depends_on.redis.condition).toBe('service_healthy');
    expect(bot.ports).toContain('3000:3000');
  });
});

describe('.dockerignore', () => {
  test('keeps node_modules, dist, git history and .env out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.env']));
  });
});
