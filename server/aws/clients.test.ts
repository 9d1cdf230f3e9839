import { describe, expect, it } from 'vitest';
import { AwsClients } from './clients.js';

const env = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

describe('AwsClients', () => {
  it('caches one client per profile, region and service', async () => {
    const clients = new AwsClients({ env });
    try {
      expect(clients.rds('dev', 'eu-west-1')).toBe(clients.rds('dev', 'eu-west-1'));
      expect(clients.rds('dev', 'eu-west-1')).not.toBe(clients.rds('dev', 'us-east-1'));
      expect(clients.rds('dev', 'eu-west-1')).not.toBe(clients.rds('ops', 'eu-west-1'));
      expect(await clients.rds('dev', 'eu-west-1').config.region()).toBe('eu-west-1');
      expect(clients.credentials('dev')).toBe(clients.credentials('dev'));
    } finally {
      clients.close();
    }
  });

  it('resetProfile drops only that profile’s clients and provider', () => {
    const clients = new AwsClients({ env });
    try {
      const dev = clients.ssm('dev', 'eu-west-1');
      const ops = clients.ssm('ops', 'eu-west-1');
      const provider = clients.credentials('dev');
      clients.resetProfile('dev');
      expect(clients.ssm('dev', 'eu-west-1')).not.toBe(dev);
      expect(clients.credentials('dev')).not.toBe(provider);
      expect(clients.ssm('ops', 'eu-west-1')).toBe(ops);
    } finally {
      clients.close();
    }
  });

  it('uses the configured endpoint: per service first, then the global one', async () => {
    const clients = new AwsClients({
      env: { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:1/', AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:2' },
    });
    try {
      expect(await clients.ssmEndpoint('dev', 'eu-west-1')).toBe('http://127.0.0.1:2');
      const endpoint = await clients.rds('dev', 'eu-west-1').config.endpoint?.();
      expect(endpoint?.hostname).toBe('127.0.0.1');
      expect(endpoint?.port).toBe(1);
    } finally {
      clients.close();
    }
  });

  it('gives the regional SSM URL when no endpoint is configured', async () => {
    const clients = new AwsClients({ env });
    try {
      expect(await clients.ssmEndpoint('dev', 'eu-west-1')).toBe('https://ssm.eu-west-1.amazonaws.com');
    } finally {
      clients.close();
    }
  });
});
