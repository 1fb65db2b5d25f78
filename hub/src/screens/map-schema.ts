/** The map's tiles as the dashboard and the big screen get them. Browser-safe. */
import { z } from 'zod';

export const mapTiles = z.object({
  tiles: z
    .object({ url: z.string(), attribution: z.string(), subdomains: z.string(), maxZoom: z.number().int() })
    .nullable(),
});
export type MapTiles = z.infer<typeof mapTiles>;
