import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import Conf from 'conf';
import { openSettings } from '../../src/core/store/settings.js';
import { tempDir } from '../helpers/temp.js';

const fresh = () => tempDir('zoom-s2s-settings-');

describe('settings file (real conf on disk)', () => {
  test('0600 file in a 0700 folder, whatever the umask; no secret in it', async () => {
    const base = fresh();
    const oldUmask = process.umask(0o000);
    try {
      const settings = await openSettings({ XDG_CONFIG_HOME: base });
      await settings.setProfile('default', { accountId: 'acc', clientId: 'cli' });
      assert.equal(settings.path, path.join(base, 'zoom-s2s', 'config.json'));
      assert.equal(statSync(settings.path).mode & 0o777, 0o600);
      assert.equal(statSync(path.dirname(settings.path)).mode & 0o777, 0o700);
      assert.deepEqual(JSON.parse(readFileSync(settings.path, 'utf8')), { profiles: { default: { accountId: 'acc', clientId: 'cli' } } });
    } finally {
      process.umask(oldUmask);
    }
  });

  test('a folder of ours left too open is tightened', async () => {
    const base = fresh();
    mkdirSync(path.join(base, 'zoom-s2s'), { mode: 0o755 });
    chmodSync(path.join(base, 'zoom-s2s'), 0o755);
    await (await openSettings({ XDG_CONFIG_HOME: base })).setProfile('p', { accountId: 'a', clientId: 'c' });
    assert.equal(statSync(path.join(base, 'zoom-s2s')).mode & 0o777, 0o700);
  });

  test('a domain or storage other than the default is written and read back; a default is not written', async () => {
    const dir = fresh();
    const settings = await openSettings({ ZOOM_S2S_CONFIG_DIR: dir });
    await settings.setProfile('gov', { accountId: 'a', clientId: 'c', domain: 'zoomgov.com', storage: 'file' });
    await settings.setProfile('plain', { accountId: 'a', clientId: 'c', domain: 'zoom.us', storage: 'keychain' });
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).profiles, {
      gov: { accountId: 'a', clientId: 'c', domain: 'zoomgov.com', storage: 'file' },
      plain: { accountId: 'a', clientId: 'c' },
    });
    assert.deepEqual(settings.getProfile('gov'), { accountId: 'a', clientId: 'c', domain: 'zoomgov.com', storage: 'file' });
    assert.deepEqual(settings.getProfile('plain'), { accountId: 'a', clientId: 'c', domain: 'zoom.us', storage: 'keychain' });
  });

  test('set, get and delete a profile; other profiles are kept', async () => {
    const dir = fresh();
    const settings = await openSettings({ ZOOM_S2S_CONFIG_DIR: dir });
    await settings.setProfile('default', { accountId: 'a1', clientId: 'c1' });
    await settings.setProfile('other', { accountId: 'a2', clientId: 'c2' });
    const reopened = await openSettings({ ZOOM_S2S_CONFIG_DIR: dir });
    // Read back with the defaults filled in: zoom.us, the keychain.
    assert.deepEqual(reopened.getProfile('default'), { accountId: 'a1', clientId: 'c1', domain: 'zoom.us', storage: 'keychain' });
    assert.equal(await reopened.deleteProfile('default'), true);
    assert.equal(await reopened.deleteProfile('default'), false);
    assert.deepEqual(reopened.getProfile('other'), { accountId: 'a2', clientId: 'c2', domain: 'zoom.us', storage: 'keychain' });
  });

  for (const [name, content] of [
    ['truncated JSON', '{"profiles": {"default": '],
    ['binary garbage', '\u0000\u00ff\u0013garbage'],
    ['profiles that are not an object', '{"profiles": [1, 2]}'],
  ] as const) {
    test(`${name}: a ConfigError naming the file, and the file left as it was`, async () => {
      const dir = fresh();
      const file = path.join(dir, 'config.json');
      writeFileSync(file, content);
      const error = await openSettings({ ZOOM_S2S_CONFIG_DIR: dir })
        .then((settings) => settings.getProfile('default'))
        .catch((e: unknown) => e);
      assert.ok(error instanceof ConfigError, String(error));
      assert.ok(error.message.includes(file));
      assert.match(error.hint ?? '', /move it aside/);
      assert.equal(readFileSync(file, 'utf8'), content);
    });
  }

  test('the fast read sees exactly what conf wrote, and conf reads what the store wrote', async () => {
    const dir = fresh();
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'config', accessPropertiesByDotNotation: false });
    const profiles = { default: { accountId: 'a1', clientId: 'c1' }, 'prod.eu': { accountId: 'å:2', clientId: 'c"2' } };
    conf.set('profiles', profiles);
    const settings = await openSettings({ ZOOM_S2S_CONFIG_DIR: dir });
    const defaults = { domain: 'zoom.us', storage: 'keychain' };
    assert.deepEqual(settings.getProfile('default'), { ...profiles.default, ...defaults });
    assert.deepEqual(settings.getProfile('prod.eu'), { ...profiles['prod.eu'], ...defaults });

    await settings.setProfile('third', { accountId: 'a3', clientId: 'c3' });
    const reread = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'config', accessPropertiesByDotNotation: false });
    assert.deepEqual(reread.get('profiles'), { ...profiles, third: { accountId: 'a3', clientId: 'c3' } });
  });

  test('reading never creates the folder or the file', async () => {
    const base = fresh();
    const settings = await openSettings({ XDG_CONFIG_HOME: base });
    assert.equal(settings.getProfile('default'), undefined);
    assert.throws(() => statSync(path.join(base, 'zoom-s2s')));
  });
});
