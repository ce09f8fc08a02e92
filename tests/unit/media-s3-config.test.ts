// MEDIA_S3_* settings (decision 320) are checked at boot with a message naming the setting: half a
// configuration, a bucket name S3 would refuse, or missing keys never start an app that would then
// fail on every upload. The secret key is never in a message.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

const full = { MEDIA_S3_ENDPOINT: 'http://minio:9000/', MEDIA_S3_BUCKET: 'isaf-media', MEDIA_S3_ACCESS_KEY_ID: 'key', MEDIA_S3_SECRET_ACCESS_KEY: 'very-secret-value' };

describe('object storage settings', () => {
  it('are off without a bucket, and complete with the defaults when given', () => {
    expect(loadConfig({}).media.s3).toBeUndefined();
    expect(loadConfig(full).media.s3).toEqual({ endpoint: 'http://minio:9000', bucket: 'isaf-media', region: 'us-east-1', prefix: 'media/', accessKeyId: 'key', secretAccessKey: 'very-secret-value', pathStyle: true, sweepSeconds: 60 });
    expect(loadConfig({ ...full, MEDIA_S3_PATH_STYLE: '0', MEDIA_S3_REGION: 'ap-southeast-1', MEDIA_S3_PREFIX: 'sa/', MEDIA_S3_SWEEP_SECONDS: '5' }).media.s3).toMatchObject({ pathStyle: false, region: 'ap-southeast-1', prefix: 'sa/', sweepSeconds: 5 });
  });

  it.each([
    [{ MEDIA_S3_BUCKET: 'isaf-media' }, /MEDIA_S3_ENDPOINT and MEDIA_S3_BUCKET go together/],
    [{ ...full, MEDIA_S3_ENDPOINT: 'minio:9000' }, /MEDIA_S3_ENDPOINT must be an http/],
    [{ ...full, MEDIA_S3_BUCKET: 'ISAF_Media' }, /MEDIA_S3_BUCKET must be an S3 bucket name/],
    [{ ...full, MEDIA_S3_SECRET_ACCESS_KEY: '' }, /MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY are required/],
    [{ ...full, MEDIA_S3_PREFIX: '../x y' }, /MEDIA_S3_PREFIX may hold/],
    [{ ...full, MEDIA_S3_SWEEP_SECONDS: '0' }, /MEDIA_S3_SWEEP_SECONDS must be an integer between 1 and 86400/],
  ])('refuses %o', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('very-secret-value');
  });
});
