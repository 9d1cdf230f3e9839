import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ConfigStore } from '../../config/store.js';
import type { Settings } from '../../config/schema.js';

/** An absolute file path (POSIX, or a Windows drive path), printable characters only. */
const AbsolutePath = Type.String({ minLength: 2, maxLength: 4096, pattern: '^(/|[A-Za-z]:[\\\\/])[^\\u0000-\\u001f\\u007f-\\u009f]*$' });

const SettingsPatch = Type.Object(
  {
    /** Minutes without a client connection before a lazy tunnel ends its session. */
    idleMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 })),
    /** Minutes between deep health probes of an open tunnel. */
    probeIntervalMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 })),
    /** Extra PEM files trusted for database TLS, on top of the RDS CA bundle. */
    caBundlePaths: Type.Optional(Type.Array(AbsolutePath, { maxItems: 32, uniqueItems: true })),
  },
  { additionalProperties: false },
);
type SettingsPatch = Static<typeof SettingsPatch>;

export interface SettingsRouteDeps {
  config: Pick<ConfigStore, 'get' | 'update'>;
  /** Re-reads the extra CA files when their list changes. */
  onCaBundlePaths?: (paths: string[]) => Promise<void>;
}

type PublicSettings = Pick<Settings, 'idleMinutes' | 'probeIntervalMinutes' | 'caBundlePaths'>;

function publicSettings(settings: Settings): PublicSettings {
  return { idleMinutes: settings.idleMinutes, probeIntervalMinutes: settings.probeIntervalMinutes, caBundlePaths: settings.caBundlePaths };
}

/** The user-facing settings in config.json; changes take effect without a restart. */
export async function settingsRoutes(app: FastifyInstance, deps: SettingsRouteDeps): Promise<void> {
  app.get('/api/settings', async () => publicSettings(deps.config.get().settings));

  app.patch<{ Body: SettingsPatch }>('/api/settings', { schema: { body: SettingsPatch } }, async (request) => {
    const patch = request.body;
    const saved = await deps.config.update((draft) => {
      Object.assign(draft.settings, patch);
    });
    if (patch.caBundlePaths) await deps.onCaBundlePaths?.(patch.caBundlePaths);
    return publicSettings(saved.settings);
  });
}
