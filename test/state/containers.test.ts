import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContainerTable, HealthProbeType, containerFromJson, matchHealthProbe, mountText } from '../../src/state/containers.js';
import { ContainerType } from '../../src/state/container-matchers.js';

const JSON_DOC = JSON.stringify({
  container: {
    Mounts: [{ Destination: '/data', Mode: '', Propagation: 'rprivate', RW: true, Source: '/srv/data' }],
    User: 'www',
    full_id: '32a1026ccb88a551e2a38eb8f260b4700aefec7e8c007344057e58a9fa302374',
    id: '32a1026ccb88',
    image: 'fedora:38',
    imagerepo: 'fedora',
    imagetag: '38',
    ip: '172.17.0.2',
    labels: { maintainer: 'someone' },
    name: 'youthful_babbage',
    pod_sandbox_labels: null,
    privileged: true,
    type: 0,
    Healthcheck: { exe: '/bin/check', args: ['--fast'] },
  },
});

test('container JSON documents are read with the plugin keys and defaults', () => {
  const c = containerFromJson(JSON_DOC);
  assert.equal(c.id, '32a1026ccb88');
  assert.equal(c.type, ContainerType.DOCKER);
  assert.equal(c.name, 'youthful_babbage');
  assert.equal(c.imageTag, '38');
  assert.equal(c.user, 'www');
  assert.equal(c.privileged, true);
  assert.equal(c.labels.get('maintainer'), 'someone');
  assert.equal(c.podSandboxLabels.size, 0);
  assert.equal(c.sizeRwBytes, -1);
  assert.equal(mountText(c.mounts[0]!), '/srv/data:/data::true:rprivate');
  assert.equal(matchHealthProbe(c, '/bin/check', ['--fast']), HealthProbeType.HEALTHCHECK);
  assert.equal(matchHealthProbe(c, '/bin/check', []), HealthProbeType.NONE);
});

test('the table holds the host entry under the empty id and cannot lose it', () => {
  const t = new ContainerTable();
  const host = t.get('')!;
  assert.deepEqual([host.id, host.name, host.type], ['host', 'host', ContainerType.HOST]);
  assert.equal(t.delete(''), false);
  t.addFromFields('abc', ContainerType.CRIO, 'n', 'img');
  assert.equal(t.get('abc')?.image, 'img');
  assert.equal(t.delete('abc'), true);
  assert.equal(t.size, 1);
});
