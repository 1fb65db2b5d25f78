/** `GET /api/content`, the join-the-union QR code (`GET /api/join-qr.svg`) and the injury declaration QR. */
import { type KioskContent, kioskContent } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { AgentError } from '../errors.ts';

export interface KioskContentSources {
  content(): KioskContent;
  /** The union's sign-up page, from the station config. */
  joinUnionUrl: string | undefined;
}

/** Rendered on the server so the kiosk ships no QR library; the URL is fixed by the config, so once is enough. */
export function joinQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#2a1612ff', light: '#ffffffff' },
  });
}

export function kioskContentRoutes(sources: KioskContentSources) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const url = sources.joinUnionUrl;
    const qr = url ? await joinQrSvg(url) : undefined;

    app.get('/api/content', { schema: { response: { 200: kioskContent } } }, async () => sources.content());

    app.get('/api/join-qr.svg', async (_req, reply) => {
      if (!qr) throw new AgentError('YZ_ERR_NOT_FOUND', 'no joinUnionUrl in the kiosk config');
      return reply.type('image/svg+xml').header('cache-control', 'max-age=3600').send(qr);
    });

    // The declaration URL comes with the hub's bundle and may change with it: drawn again when it does.
    let injury: { url: string; svg: string } | undefined;
    app.get('/api/injury-qr.svg', async (_req, reply) => {
      const url = sources.content().injuryDeclarationUrl;
      if (!url) throw new AgentError('YZ_ERR_NOT_FOUND', 'the hub sends no injury declaration page');
      if (injury?.url !== url) injury = { url, svg: await joinQrSvg(url) };
      return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(injury.svg);
    });
  };
}
